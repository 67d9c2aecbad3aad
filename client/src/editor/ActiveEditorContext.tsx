import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Editor } from '@tiptap/react';

interface ActiveEditor {
  /** The zone editor that last had focus: the toolbar acts on it. */
  editor: Editor | null;
  setEditor: (editor: Editor | null) => void;
}

const Context = createContext<ActiveEditor>({ editor: null, setEditor: () => {} });

export function ActiveEditorProvider({ children }: { children: ReactNode }) {
  const [editor, setEditor] = useState<Editor | null>(null);
  const value = useMemo(() => ({ editor, setEditor }), [editor]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useActiveEditor(): ActiveEditor {
  return useContext(Context);
}
