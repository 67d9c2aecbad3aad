import type { EditorView } from '@tiptap/pm/view';
import type * as Y from 'yjs';

/** The part of ProseMirror's view this module uses that its typings leave out. */
interface DomObserverInternals {
  domObserver?: { flush(): void; forceFlush(): void };
}

const viewsByDoc = new WeakMap<Y.Doc, Set<EditorView>>();

/**
 * Registers an editor of a shared document, so that what its person typed is read into the
 * document before anything from elsewhere is applied to it (see `readTypingFirst`). Returns the
 * function that forgets it again.
 */
export function watchTyping(doc: Y.Doc, view: EditorView): () => void {
  let views = viewsByDoc.get(doc);
  if (!views) {
    views = new Set();
    viewsByDoc.set(doc, views);
  }
  views.add(view);
  return () => views.delete(view);
}

/**
 * Reads every registered editor's typing that is in the page but not yet in its document.
 *
 * ProseMirror learns of a typed letter from the DOM change the browser made. When a view
 * update comes between the two (a redraw, even one for a remote caret), ProseMirror puts the
 * change aside and reads it 20 ms later. A remote change applied in that gap is drawn with the
 * letter missing from the document, and the caret is put back in front of the letter that is
 * still on the screen; when the letter is then read, the caret stays in front of it and the rest
 * of the word goes before its first letter ("oord4x0W"). Called before each message from the
 * server (or another tab) is handled, so no remote change or remote caret ever meets unread
 * typing. It runs outside any Yjs transaction: the letters read go out as this page's own
 * update, like any other typing.
 */
export function readTypingFirst(doc: Y.Doc): void {
  for (const view of viewsByDoc.get(doc) ?? []) {
    if (view.isDestroyed) continue;
    const observer = (view as unknown as DomObserverInternals).domObserver;
    if (!observer) continue;
    try {
      observer.forceFlush();
      observer.flush();
    } catch (error) {
      // The message must be handled whatever happens here: a lost sync message would leave
      // this page behind. ProseMirror reads the typing itself a moment later, as before.
      console.error('could not read pending typing before a remote change', error);
    }
  }
}
