import { Extension } from '@tiptap/core';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import type { UndoManager } from 'yjs';

/**
 * Keeps a burst of your own typing one undo step while others type too.
 *
 * y-tiptap's sync plugin calls `undoManager.stopCapturing()` on any view update whose last
 * document change was remote (`addToHistory === false`) when the update itself is not a
 * remote change. Every remote caret movement is such an update, so in a busy zone each of
 * your keystrokes became its own undo step and Ctrl+Z removed one letter at a time. We never
 * add local changes with `addToHistory: false`, so only the undo manager's own calls (while
 * undoing or redoing) need to stop capturing.
 */
export const UndoCaptureFix = Extension.create({
  name: 'stipUndoCaptureFix',
  onCreate() {
    const undoManager = yUndoPluginKey.getState(this.editor.state)?.undoManager as UndoManager | undefined;
    if (!undoManager) return;
    undoManager.stopCapturing = function stopCapturing(this: UndoManager) {
      if (this.undoing || this.redoing) this.lastChange = 0;
    };
  },
});
