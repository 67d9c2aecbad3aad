import { createContext, useContext, useState, type Dispatch, type ReactNode, type SetStateAction } from 'react';
import type { Editor } from '@tiptap/react';

// Two contexts: the zone editors only set the active editor, so they do not re-render each
// time the focus moves; the toolbar reads it.
const EditorContext = createContext<Editor | null>(null);
const SetEditorContext = createContext<Dispatch<SetStateAction<Editor | null>>>(() => {});

export function ActiveEditorProvider({ children }: { children: ReactNode }) {
  const [editor, setEditor] = useState<Editor | null>(null);
  return (
    <SetEditorContext.Provider value={setEditor}>
      <EditorContext.Provider value={editor}>{children}</EditorContext.Provider>
    </SetEditorContext.Provider>
  );
}

/** The zone editor that last had focus: the toolbar acts on it. */
export function useActiveEditor(): Editor | null {
  return useContext(EditorContext);
}

export function useSetActiveEditor(): Dispatch<SetStateAction<Editor | null>> {
  return useContext(SetEditorContext);
}
