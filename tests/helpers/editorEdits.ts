import fc from 'fast-check';
import * as Y from 'yjs';
import { FRAGMENT_ZONES, addPillar, pillarsArray, readPillar, zoneFragment, type FragmentZone } from '../../shared/docLayout';

/**
 * The changes the Tiptap editor makes to a canvas's Y.Doc, as data a property test can
 * generate and shrink: paragraphs and pastes of many, list items, action rows, text typed in
 * the middle of a block, formatting, deleted text and blocks, pillar titles.
 */
export type EditorEdit =
  | { kind: 'paragraphs'; zone: FragmentZone; at: number; texts: string[] }
  | { kind: 'listItems'; zone: FragmentZone; at: number; texts: string[] }
  | { kind: 'actionRow'; cells: [string, string, string] }
  | { kind: 'type'; zone: FragmentZone; block: number; at: number; text: string }
  | { kind: 'bold'; zone: FragmentZone; block: number; at: number; length: number }
  | { kind: 'deleteText'; zone: FragmentZone; block: number; at: number; length: number }
  | { kind: 'deleteBlocks'; zone: FragmentZone; at: number; count: number }
  | { kind: 'pillarTitle'; pillar: number; at: number; text: string };

const zone = fc.constantFrom(...FRAGMENT_ZONES);
const word = fc.string({ minLength: 1, maxLength: 12 });
const index = fc.nat({ max: 1000 });

/** A paste: mostly a few blocks, sometimes hundreds (a paste of 40 lines once went missing). */
const pasteSize = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 8 }) }, { weight: 1, arbitrary: fc.integer({ min: 30, max: 500 }) });
const blockTexts = pasteSize.chain((n) => fc.array(word, { minLength: n, maxLength: n }));

export const editorEdit: fc.Arbitrary<EditorEdit> = fc.oneof(
  fc.record({ kind: fc.constant('paragraphs' as const), zone, at: index, texts: blockTexts }),
  fc.record({ kind: fc.constant('listItems' as const), zone, at: index, texts: blockTexts }),
  fc.record({ kind: fc.constant('actionRow' as const), cells: fc.tuple(word, word, word) }),
  fc.record({ kind: fc.constant('type' as const), zone, block: index, at: index, text: word }),
  fc.record({ kind: fc.constant('bold' as const), zone, block: index, at: index, length: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('deleteText' as const), zone, block: index, at: index, length: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('deleteBlocks' as const), zone, at: index, count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('pillarTitle' as const), pillar: index, at: index, text: word }),
);

/** A paragraph holding `text`, as the editor writes one. */
export function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  const content = new Y.XmlText();
  content.insert(0, text);
  element.insert(0, [content]);
  return element;
}

function wrap(name: string, children: Y.XmlElement[]): Y.XmlElement {
  const element = new Y.XmlElement(name);
  element.insert(0, children);
  return element;
}

/** Every text node under a fragment, in document order. */
function texts(node: Y.XmlFragment | Y.XmlElement): Y.XmlText[] {
  const found: Y.XmlText[] = [];
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) found.push(child);
    else if (child instanceof Y.XmlElement) found.push(...texts(child));
  }
  return found;
}

function findTable(node: Y.XmlFragment | Y.XmlElement): Y.XmlElement | null {
  for (const child of node.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    if (child.nodeName === 'table') return child;
    const inner = findTable(child);
    if (inner) return inner;
  }
  return null;
}

/** Makes `edit` on `doc` in one transaction, as the editor would. */
export function applyEdit(doc: Y.Doc, edit: EditorEdit): void {
  doc.transact(() => {
    switch (edit.kind) {
      case 'paragraphs': {
        const fragment = zoneFragment(doc, edit.zone);
        fragment.insert(edit.at % (fragment.length + 1), edit.texts.map(paragraph));
        return;
      }
      case 'listItems': {
        const fragment = zoneFragment(doc, edit.zone);
        const items = edit.texts.map((text) => wrap('listItem', [paragraph(text)]));
        fragment.insert(edit.at % (fragment.length + 1), [wrap('bulletList', items)]);
        return;
      }
      case 'actionRow': {
        const fragment = zoneFragment(doc, 'actions');
        const row = wrap('tableRow', edit.cells.map((cell) => wrap('tableCell', [paragraph(cell)])));
        const table = findTable(fragment);
        if (table) table.insert(table.length, [row]);
        else fragment.insert(fragment.length, [wrap('table', [row])]);
        return;
      }
      case 'type':
      case 'bold':
      case 'deleteText': {
        const all = texts(zoneFragment(doc, edit.zone));
        if (all.length === 0) return;
        const text = all[edit.block % all.length]!;
        const at = edit.at % (text.length + 1);
        if (edit.kind === 'type') text.insert(at, edit.text);
        else if (edit.kind === 'bold') text.format(at, Math.min(edit.length, text.length - at), { bold: true });
        else text.delete(at, Math.min(edit.length, text.length - at));
        return;
      }
      case 'deleteBlocks': {
        const fragment = zoneFragment(doc, edit.zone);
        if (fragment.length === 0) return;
        const at = edit.at % fragment.length;
        fragment.delete(at, Math.min(edit.count, fragment.length - at));
        return;
      }
      case 'pillarTitle': {
        const pillars = pillarsArray(doc);
        if (pillars.length === 0) addPillar(doc, `pillar-${doc.clientID}`);
        const title = readPillar(pillars.get(edit.pillar % pillars.length), 0).title;
        title?.insert(edit.at % (title.length + 1), edit.text);
        return;
      }
    }
  });
}
