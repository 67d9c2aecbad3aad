import { Extension } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { absolutePositionToRelativePosition, ySyncPluginKey, type ProsemirrorBinding } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { watchTyping } from './pendingTyping';

/** The parts of ProseMirror's view this extension reads that its typings leave out. */
interface DomSelectionRange {
  anchorNode: Node | null;
  anchorOffset: number;
  focusNode: Node | null;
  focusOffset: number;
}
interface ViewInternals {
  domObserver?: { currentSelection?: { eq(range: DomSelectionRange): boolean } };
  domSelectionRange?: () => DomSelectionRange;
}

/**
 * Where the browser has put the caret when ProseMirror has not read it yet, or null.
 *
 * ProseMirror learns of a caret the browser moved itself (a click, Ctrl+End, an arrow key)
 * from the `selectionchange` event, which comes as a task of its own, some time later. A
 * transaction dispatched before that task writes ProseMirror's older selection back into the
 * page (every update with a changed document or changed decorations does) and the move is
 * lost. With many people typing, remote edits and remote carets arrive all the time, so
 * clicks and Ctrl+End were lost often (yjs/y-prosemirror#146).
 */
function unreadDomSelection(view: EditorView): { anchor: number; head: number } | null {
  // While composing (an input method), the page's selection is the input method's business.
  if (view.isDestroyed || view.composing || !view.hasFocus()) return null;
  const internals = view as unknown as ViewInternals;
  const known = internals.domObserver?.currentSelection;
  const range = internals.domSelectionRange?.();
  if (!known || !range?.anchorNode || !range.focusNode || known.eq(range)) return null;
  if (!view.dom.contains(range.anchorNode) || !view.dom.contains(range.focusNode)) return null;
  try {
    const selection = TextSelection.between(
      view.state.doc.resolve(view.posAtDOM(range.anchorNode, range.anchorOffset)),
      view.state.doc.resolve(view.posAtDOM(range.focusNode, range.focusOffset)),
    );
    return { anchor: selection.anchor, head: selection.head };
  } catch {
    return null;
  }
}

/**
 * A caret position in Yjs terms. y-tiptap ties it to the letter on its left, so text someone
 * inserts exactly at the caret goes after it. Right after your own letter that is what you
 * want (your next letter follows it), but not right after someone else's: put your caret at
 * the end just behind Anna's "Vandaag " and her "morg" went after your caret, your " Bram"
 * before it ("Vandaag  Brammorg"). There the caret is tied to what follows it instead, so
 * their letters push it along.
 */
function relativeCaret(binding: ProsemirrorBinding, pos: number, followInsertions: boolean): Y.RelativePosition {
  const relative = absolutePositionToRelativePosition(pos, binding.type, binding.mapping) as Y.RelativePosition;
  if (!followInsertions || relative.item === null || relative.item.client === binding.doc.clientID) return relative;
  const absolute = Y.createAbsolutePositionFromRelativePosition(relative, binding.doc);
  if (!absolute || !(absolute.type instanceof Y.XmlText)) return relative;
  return Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, 0);
}

/**
 * Keeps this page's caret where its person put it while others type in the same zone (#21).
 *
 * - Before a remote change is applied, this stores the caret for y-tiptap to restore after it:
 *   the browser's caret when ProseMirror has not read it yet (see `unreadDomSelection`), tied
 *   as `relativeCaret` says, and as relative positions only. Given the old absolute positions
 *   too, y-tiptap (3.0.6 and later) second-guesses the Yjs answer whenever the caret's
 *   paragraph changed, and when its new text starts with the old text it puts the caret back
 *   at its old offset, in front of whatever was inserted before it: two people pressing space
 *   at once left one of them in front of their own space (" Woord1x0Woord5x0 …    "), and
 *   "Ja" written before your "Ja" put your next letter between the two. Without them
 *   y-tiptap restores the relative positions, as y-prosemirror does.
 * - The page's typing that ProseMirror has not read yet is read before any message from the
 *   server is handled (`readTypingFirst`, called by the session).
 * - A transaction that changes neither the document nor the selection (remote carets
 *   moving, focus) takes the browser's caret when ProseMirror has not read it yet, instead of
 *   writing the older one back into the page.
 *
 * Only a text caret or text selection is handled; node and cell selections are left as they are.
 */
export const CaretStaysPut = Extension.create<Record<string, never>, { detach: (() => void) | null }>({
  name: 'stipCaretStaysPut',

  addStorage() {
    return { detach: null };
  },

  onCreate() {
    const sync = ySyncPluginKey.getState(this.editor.state) as { doc: Y.Doc; binding: ProsemirrorBinding } | undefined;
    if (!sync) return;
    const { doc, binding } = sync;
    // The binding's own listener stores the caret from the editor's state when none is stored
    // yet; before or after it, this one's is the one used.
    const beforeRemoteChange = () => {
      const view = binding.prosemirrorView as EditorView | null;
      // Only changes from elsewhere (the server, IndexedDB), not this page's own typing.
      if (!view || view.isDestroyed || doc._transaction?.local !== false) return;
      const { selection } = view.state;
      if (!(selection instanceof TextSelection)) return;
      const { anchor, head } = unreadDomSelection(view) ?? selection;
      const collapsed = anchor === head;
      binding.beforeTransactionSelection = {
        type: 'text',
        depth: undefined,
        anchor: relativeCaret(binding, anchor, collapsed),
        head: relativeCaret(binding, head, collapsed),
        // Left out on purpose: with them y-tiptap moves the caret back to its old offset.
        absAnchor: undefined,
        absHead: undefined,
      } as unknown as ProsemirrorBinding['beforeTransactionSelection'];
    };
    doc.on('beforeAllTransactions', beforeRemoteChange);
    const forgetTyping = watchTyping(doc, this.editor.view);
    this.storage.detach = () => {
      doc.off('beforeAllTransactions', beforeRemoteChange);
      forgetTyping();
    };
  },

  onDestroy() {
    this.storage.detach?.();
    this.storage.detach = null;
  },

  dispatchTransaction({ transaction, next }) {
    const { view } = this.editor;
    if (!transaction.docChanged && !transaction.selectionSet && view.state.selection instanceof TextSelection) {
      const unread = transaction.doc === view.state.doc ? unreadDomSelection(view) : null;
      if (unread) transaction.setSelection(TextSelection.create(transaction.doc, unread.anchor, unread.head));
    }
    next(transaction);
  },
});
