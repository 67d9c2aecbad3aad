import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';

export interface CollabClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the first sync with the server is done. */
  synced: Promise<void>;
  /** Resolves with the close code when the server ends the connection for good (44xx). */
  closed: Promise<number>;
  /** How many times the socket (re)connected. */
  connects: () => number;
  destroy(): void;
}

/** A real y-websocket client in Node, as the README's "WebSocket" section documents it. */
export function connectClient(
  baseUrl: string,
  id: string,
  token: string,
  options: { doc?: Y.Doc; params?: Record<string, string>; WebSocketPolyfill?: new (url: string, protocols?: string | string[]) => WebSocket } = {},
): CollabClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/collab`, id, doc, {
    params: { token, ...options.params },
    WebSocketPolyfill: (options.WebSocketPolyfill ?? WebSocket) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  let connects = 0;
  provider.on('status', ({ status }) => {
    if (status === 'connected') connects += 1;
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', () => resolve());
  });
  const closed = new Promise<number>((resolve) => {
    provider.on('closed', (event) => resolve(event.code));
  });
  return {
    doc,
    provider,
    synced,
    closed,
    connects: () => connects,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Polls until `check` holds or `timeoutMs` passes; the last failure is thrown. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
