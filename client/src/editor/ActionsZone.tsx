import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/react';
import { TextSelection } from '@tiptap/pm/state';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { zoneFragment, type Language } from '../../../shared/docLayout';
import type { AwarenessUser } from '../../../shared/protocol';
import type { ZoneOfKind } from '../../../shared/zones';
import { useTranslation } from '../i18n/useTranslation';
import { Icon } from './Icon';
import { Zone } from './Zone';
import { ZoneEditor } from './ZoneEditor';

interface Props {
  zone: ZoneOfKind<'table'>;
  doc: Y.Doc;
  heading: string;
  spotlit: boolean;
  language: Language;
  provider: WebsocketProvider;
  user: AwarenessUser | null;
  editable: boolean;
}

/** Position inside the first cell of the last row of the first table, or -1. */
function lastRowPosition(editor: Editor): number {
  let found = -1;
  editor.state.doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.type.name === 'table') {
      let offset = pos + 1;
      for (let i = 0; i < node.childCount - 1; i++) offset += node.child(i).nodeSize;
      found = offset + 3; // into tableRow, tableCell, paragraph
      return false;
    }
    return true;
  });
  return found;
}

interface TableState {
  inTable: boolean;
  canDelete: boolean;
  hasTable: boolean;
}

function tableState(editor: Editor): TableState {
  // Only while the action plan has the focus: an old selection elsewhere is not "the current row".
  const inTable = editor.isFocused && editor.isActive('table');
  // The header row (Actie / Wie / Wanneer) stays: the export format and the PDF expect it.
  const inHeader = editor.isActive('tableHeader');
  return { inTable, canDelete: inTable && !inHeader && editor.can().deleteRow(), hasTable: lastRowPosition(editor) >= 0 };
}

/** The action plan: a table of action / who / when with buttons to add and remove rows. */
export function ActionsZone({ zone, doc, heading, spotlit, language, provider, user, editable }: Props) {
  const { t } = useTranslation();
  const [editor, setEditor] = useState<Editor | null>(null);
  const [state, setState] = useState<TableState | null>(null);
  // Re-read on every transaction of this zone's editor (selection moves, remote edits).
  useEffect(() => {
    if (!editor) return undefined;
    const update = () =>
      setState((previous) => {
        const next = tableState(editor);
        const same = previous && previous.inTable === next.inTable && previous.canDelete === next.canDelete && previous.hasTable === next.hasTable;
        return same ? previous : next;
      });
    update();
    editor.on('transaction', update);
    return () => {
      editor.off('transaction', update);
    };
  }, [editor]);

  // A new row goes after the current one, or at the end when the caret is not in the table;
  // either way the caret moves into it, ready for typing.
  const addRow = () => {
    if (!editor) return;
    const inTable = editor.isFocused && editor.isActive('table');
    const pos = inTable ? -1 : lastRowPosition(editor);
    if (!inTable && pos < 0) return;
    // Focus now, not in the next frame as the focus command does: keys typed at once after the
    // click belong in the new row, not in the zone that had the focus before.
    editor.view.focus();
    editor
      .chain()
      .command(({ tr }) => {
        if (pos >= 0) tr.setSelection(TextSelection.near(tr.doc.resolve(pos)));
        return true;
      })
      .addRowAfter()
      .command(({ tr }) => {
        const { $from } = tr.selection;
        for (let depth = $from.depth; depth > 0; depth--) {
          if ($from.node(depth).type.name !== 'tableRow') continue;
          // The new row starts right after this one; +3 enters its row, first cell, paragraph.
          tr.setSelection(TextSelection.near(tr.doc.resolve($from.after(depth) + 3)));
          return true;
        }
        return true;
      })
      .run();
  };

  const insertTable = () => {
    const [a, b, c] = zone.columns[language];
    const cell = (type: string, text: string) => ({ type, content: [{ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] }] });
    editor?.chain().focus('end').insertContent({
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('tableHeader', a), cell('tableHeader', b), cell('tableHeader', c)] },
        { type: 'tableRow', content: [cell('tableCell', ''), cell('tableCell', ''), cell('tableCell', '')] },
      ],
    }).run();
  };

  const actions = editable ? (
    <>
      {state?.hasTable === false && editor ? (
        <button type="button" className="zone-button no-print" onMouseDown={(e) => e.preventDefault()} onClick={insertTable}>
          <Icon name="plus" /> {t('insertTable')}
        </button>
      ) : null}
      <button type="button" className="zone-button no-print" onMouseDown={(e) => e.preventDefault()} onClick={addRow} disabled={!editor || state?.hasTable === false}>
        <Icon name="plus" /> {t('addRow')}
      </button>
      <button
        type="button"
        className="zone-button no-print"
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => editor?.chain().focus().deleteRow().run()}
        disabled={!editor || !state?.inTable || !state?.canDelete}
      >
        <Icon name="minus" /> {t('removeRow')}
      </button>
    </>
  ) : null;

  return (
    <Zone zone={zone.key} heading={heading} spotlit={spotlit} actions={actions}>
      <ZoneEditor fragment={zoneFragment(doc, zone.key)} provider={provider} user={user} editable={editable} table label={t('zoneEditor', { zone: heading })} placeholder={t(zone.placeholder)} onReady={setEditor} />
    </Zone>
  );
}
