import { useEffect } from 'react';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Placeholder } from '@tiptap/extensions';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { zoneExtensions } from '../../../shared/editorSchema';
import type { AwarenessUser } from '../../../shared/protocol';
import { useActiveEditor } from './ActiveEditorContext';
import { UndoCaptureFix } from './UndoCaptureFix';

interface Props {
  fragment: Y.XmlFragment;
  provider: WebsocketProvider;
  /** Null for views that show no carets and publish no presence (print). */
  user: AwarenessUser | null;
  editable: boolean;
  table?: boolean;
  label: string;
  placeholder: string;
  className?: string;
  /** Receives the editor instance (e.g. for zone-specific buttons). */
  onReady?: (editor: Editor) => void;
}

/** A caret label built from text nodes only: a name from the network is never parsed as HTML. */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color = typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#4b5563';
  const name = typeof user.name === 'string' ? user.name.slice(0, 60) : '?';
  const caret = document.createElement('span');
  caret.className = 'collaboration-carets__caret';
  caret.style.borderColor = color;
  const label = document.createElement('span');
  label.className = 'collaboration-carets__label';
  label.style.backgroundColor = color;
  label.textContent = name;
  caret.append(label);
  return caret;
}

/**
 * One rich-text zone bound to a Y.XmlFragment. Undo and redo come from the Collaboration
 * extension, whose Yjs undo manager tracks only this client's changes.
 */
export function ZoneEditor({ fragment, provider, user, editable, table = false, label, placeholder, className, onReady }: Props) {
  const { setEditor, editor: active } = useActiveEditor();
  const editor = useEditor(
    {
      extensions: [
        ...zoneExtensions({ table }),
        Collaboration.configure({ fragment }),
        ...(user ? [CollaborationCaret.configure({ provider, user, render: renderCaret })] : []),
        Placeholder.configure({ placeholder }),
        UndoCaptureFix,
      ],
      editable,
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      editorProps: {
        attributes: {
          'aria-label': label,
          'aria-multiline': 'true',
          role: 'textbox',
          class: `zone-editor ${className ?? ''}`,
        },
      },
      onFocus: ({ editor: focused }) => setEditor(focused),
    },
    [fragment, provider],
  );

  useEffect(() => {
    editor.setEditable(editable);
  }, [editor, editable]);

  useEffect(() => {
    onReady?.(editor);
  }, [editor, onReady]);

  // Forget this editor when it goes away (a pillar removed), so the toolbar does not act on it.
  useEffect(
    () => () => {
      if (active === editor) setEditor(null);
    },
    [active, editor, setEditor],
  );

  return <EditorContent editor={editor} />;
}
