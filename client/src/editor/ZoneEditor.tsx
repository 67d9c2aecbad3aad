import { useContext, useEffect, useRef } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
// The subpath: the package's index also holds undo-redo and gap-cursor, which the bundle would keep.
import { Placeholder } from '@tiptap/extensions/placeholder';
import { Selection } from '@tiptap/pm/state';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { zoneExtensions } from '../../../shared/editorSchema';
import type { AwarenessUser } from '../../../shared/protocol';
import { readUser } from '../lib/identity';
import { useSetActiveEditor } from './ActiveEditorContext';
import { CaretStaysPut } from './CaretStaysPut';
import { EscapeLeavesZone } from './EscapeLeavesZone';
import { RemoteCarets, WatchCaretsContext } from './RemoteCarets';
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

/**
 * A remote caret. The user comes from the network: checked against the shared schema, and the
 * label is built from text nodes only, so a name is never parsed as HTML.
 */
function renderCaret(state: Record<string, unknown>): HTMLElement {
  const user = readUser({ user: state });
  const color = user?.color ?? '#4b5563';
  const caret = document.createElement('span');
  caret.className = 'collaboration-carets__caret';
  caret.style.borderColor = color;
  const label = document.createElement('span');
  label.className = 'collaboration-carets__label';
  label.style.backgroundColor = color;
  label.textContent = user?.name ?? '?';
  caret.append(label);
  return caret;
}

/**
 * One rich-text zone bound to a Y.XmlFragment. Undo and redo come from the Collaboration
 * extension, whose Yjs undo manager tracks only this client's changes.
 */
export function ZoneEditor({ fragment, provider, user, editable, table = false, label, placeholder, className, onReady }: Props) {
  const { t } = useTranslation();
  const setActive = useSetActiveEditor();
  const exitRef = useRef<HTMLSpanElement | null>(null);
  const watchCarets = useContext(WatchCaretsContext);
  const editor = useEditor(
    {
      extensions: [
        ...zoneExtensions({ table }),
        Collaboration.configure({ fragment }),
        ...(user
          ? [CollaborationCaret.configure({ provider, user, render: renderCaret })]
          : watchCarets
            ? [RemoteCarets.configure({ provider, render: renderCaret })]
            : []),
        // Shown only while editable (Placeholder's default), so a locked canvas shows no hints.
        Placeholder.configure({ placeholder }),
        UndoCaptureFix,
        CaretStaysPut,
        EscapeLeavesZone.configure({ onExit: () => exitRef.current?.focus() }),
      ],
      editable,
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      editorProps: {
        // Keep the caret clear of the sticky bar (and its banners) when typing scrolls the page.
        scrollMargin: { top: 120, bottom: 32, left: 8, right: 8 },
        scrollThreshold: { top: 120, bottom: 32, left: 8, right: 8 },
        attributes: {
          'aria-label': label,
          'aria-multiline': 'true',
          role: 'textbox',
          class: `zone-editor ${className ?? ''}`,
        },
      },
      onFocus: ({ editor: focused }) => {
        setActive(focused);
        // Reached with Tab, the caret may sit outside any text (before the action plan's
        // table): put it in the first text, so typing and Tab (next cell) work at once.
        const { selection, doc } = focused.state;
        if (!selection.$from.parent.isTextblock) focused.commands.setTextSelection(Selection.atStart(doc).from);
      },
    },
    [fragment, provider],
  );

  useEffect(() => {
    editor.setEditable(editable);
  }, [editor, editable]);

  useEffect(() => {
    onReady?.(editor);
  }, [editor, onReady]);

  // Forget this editor when it goes away (a pillar removed), so the toolbar does not act on
  // a destroyed editor. Only on unmount: the focus moving elsewhere is not a reason.
  useEffect(() => () => setActive((current) => (current === editor ? null : current)), [editor, setActive]);

  return (
    <>
      <EditorContent editor={editor} />
      {/* Where Escape puts the focus: right after this editor, so Tab goes on to what follows. */}
      <span ref={exitRef} tabIndex={-1} className="zone-editor__exit">
        {t('escapeHint')}
      </span>
    </>
  );
}
