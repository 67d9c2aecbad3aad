import { getSchema, type AnyExtension } from '@tiptap/core';
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import HardBreak from '@tiptap/extension-hard-break';
import Bold from '@tiptap/extension-bold';
import Italic from '@tiptap/extension-italic';
import Underline from '@tiptap/extension-underline';
import { BulletList, ListItem, ListKeymap, OrderedList } from '@tiptap/extension-list';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import type { Schema } from '@tiptap/pm/model';
import { LinkMark } from './linkMark';

/**
 * The Tiptap extensions of a zone editor, used by the client editors and by the server to
 * validate imports: one list, so the server accepts exactly what the editor can hold.
 * Only the action plan holds a table.
 */
export function zoneExtensions(options: { table: boolean }): AnyExtension[] {
  const extensions: AnyExtension[] = [
    Document,
    Paragraph,
    Text,
    HardBreak,
    Bold,
    Italic,
    Underline,
    LinkMark,
    BulletList,
    OrderedList,
    ListItem,
    ListKeymap,
  ];
  if (options.table) {
    extensions.push(Table.configure({ resizable: false }), TableRow, TableHeader, TableCell);
  }
  return extensions;
}

let fullSchema: Schema | null = null;

/** The schema of the action plan, a superset of every other zone's schema. */
export function canvasSchema(): Schema {
  fullSchema ??= getSchema(zoneExtensions({ table: true }));
  return fullSchema;
}

/** Node types that only the action plan may hold. */
export const TABLE_NODE_TYPES = ['table', 'tableRow', 'tableHeader', 'tableCell'] as const;
