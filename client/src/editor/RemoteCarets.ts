import { createContext } from 'react';
import { Extension } from '@tiptap/core';
import { yCursorPlugin } from '@tiptap/y-tiptap';
import type { WebsocketProvider } from 'y-websocket';

/**
 * Set by a page that shows the others' carets without taking part itself (the projector):
 * its editors draw remote carets but publish no user, so it is nobody in the presence list.
 */
export const WatchCaretsContext = createContext(false);

interface Options {
  provider: WebsocketProvider | null;
  render: (user: Record<string, unknown>) => HTMLElement;
}

/** The remote-caret half of CollaborationCaret, without setting this page's awareness user. */
export const RemoteCarets = Extension.create<Options>({
  name: 'remoteCarets',
  addOptions() {
    return { provider: null, render: () => document.createElement('span') };
  },
  addProseMirrorPlugins() {
    const { provider, render } = this.options;
    if (!provider) return [];
    return [yCursorPlugin(provider.awareness, { cursorBuilder: (user: Record<string, unknown>) => render(user) })];
  },
});
