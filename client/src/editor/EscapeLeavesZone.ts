import { Extension } from '@tiptap/core';

/**
 * Escape takes the focus out of a zone's editor, to the place right after it, so the next Tab
 * moves on even where Tab itself means something (the next table cell, indenting a list
 * item). Without it a keyboard user could be caught in the action plan's table.
 */
export const EscapeLeavesZone = Extension.create<{ onExit: () => void }>({
  name: 'escapeLeavesZone',
  addOptions() {
    return { onExit: () => undefined };
  },
  addKeyboardShortcuts() {
    return {
      Escape: () => {
        this.options.onExit();
        return true;
      },
    };
  },
});
