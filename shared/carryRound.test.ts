import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { carryProblem, carryRound, pickedGroups } from './carryRound';
import { exportCanvas, importCanvas, validateCanvasExport } from './canvasTransfer';
import type { RichNode } from './exportFormat';
import { startRound, type Round } from './rounds';
import { blankCanvas, exampleCanvas } from './templates';
import type { ZoneKey } from './zones';

function docOf(content = blankCanvas('nl')): Y.Doc {
  const doc = new Y.Doc();
  let n = 0;
  importCanvas(doc, content, () => `p${n++}`);
  return doc;
}

/** A closed round of `zone` with three groups (one without cards); `picked` in that order. */
function roundWith(zone: ZoneKey, picked: string[]): Round {
  return {
    ...startRound({ type: 'round:start', zone }, 'nl', () => 'r1', 0),
    phase: 'closed',
    cards: [
      { id: 'c1', author: 'a', text: 'Te weinig tijd', revealed: true, groupId: 'g1' },
      { id: 'c2', author: 'b', text: 'Overleg kost dagen', revealed: true, groupId: 'g1' },
      { id: 'c3', author: 'a', text: 'Regels van het rijk', revealed: true, groupId: 'g2' },
      { id: 'c4', author: 'b', text: 'Niet gekozen kaart', revealed: true, groupId: 'g3' },
      { id: 'c5', author: 'b', text: 'Losse kaart', revealed: true, groupId: null },
    ],
    groups: [
      { id: 'g1', name: 'Tijd' },
      { id: 'g2', name: 'Regelgeving' },
      { id: 'g3', name: 'Niet gekozen' },
    ],
    picked,
  };
}

const texts = (nodes: readonly RichNode[] | undefined): string[] =>
  (nodes ?? []).flatMap((node) => (node.type === 'text' ? [node.text ?? ''] : texts(node.content)));

let ids = 0;
const newPillarId = () => `new${ids++}`;

describe('carrying a round onto the A4', () => {
  it('takes the picked groups in the order picked, with their cards, and nothing else', () => {
    expect(pickedGroups(roundWith('obstacles', ['g2', 'g1', 'gone']))).toEqual([
      { name: 'Regelgeving', cards: ['Regels van het rijk'] },
      { name: 'Tijd', cards: ['Te weinig tijd', 'Overleg kost dagen'] },
    ]);
  });

  it('writes obstacles as list items after the existing list', () => {
    const doc = docOf(exampleCanvas('nl'));
    const before = exportCanvas(doc).obstacles.content;
    carryRound(doc, roundWith('obstacles', ['g1', 'g2']), newPillarId);
    const after = exportCanvas(doc);
    expect(after.obstacles.content).toHaveLength(before.length);
    const list = after.obstacles.content.at(-1)!;
    expect(list.type).toBe('bulletList');
    expect(texts(list.content!.slice(-2))).toEqual(['Tijd', 'Regelgeving']);
    expect(texts(list.content).length).toBe(texts(before.at(-1)!.content).length + 2);
    expect(validateCanvasExport(after).ok).toBe(true);
  });

  it('writes obstacles as a new list into a blank zone', () => {
    const doc = docOf();
    carryRound(doc, roundWith('obstacles', ['g1']), newPillarId);
    expect(exportCanvas(doc).obstacles).toEqual({
      type: 'doc',
      content: [{ type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Tijd' }] }] }] }],
    });
  });

  it('writes the horizon as paragraphs', () => {
    const doc = docOf();
    carryRound(doc, roundWith('horizon', ['g2', 'g1']), newPillarId);
    expect(exportCanvas(doc).horizon.content.map((node) => [node.type, ...texts(node.content)])).toEqual([
      ['paragraph', 'Regelgeving'],
      ['paragraph', 'Tijd'],
    ]);
  });

  it('writes pillars with the group as title and its cards as body, filling blank pillars first', () => {
    const doc = docOf();
    carryRound(doc, roundWith('pillars', ['g1', 'g2']), newPillarId);
    const pillars = exportCanvas(doc).pillars;
    expect(pillars.map((p) => p.title)).toEqual(['Tijd', 'Regelgeving', '']);
    expect(texts(pillars[0]!.body.content)).toEqual(['Te weinig tijd', 'Overleg kost dagen']);
    expect(pillars[0]!.body.content[0]!.type).toBe('bulletList');
    expect(texts(pillars[1]!.body.content)).toEqual(['Regels van het rijk']);
  });

  it('adds new pillars after full ones, and refuses more than fit', () => {
    const doc = docOf(exampleCanvas('nl'));
    const round = roundWith('pillars', ['g1', 'g2']);
    expect(carryProblem(doc, round)).toBeNull();
    carryRound(doc, round, newPillarId);
    const pillars = exportCanvas(doc).pillars;
    expect(pillars.map((p) => p.title).slice(-2)).toEqual(['Tijd', 'Regelgeving']);
    expect(pillars).toHaveLength(5);
    expect(carryProblem(doc, roundWith('pillars', ['g3']))).toBe('too_large');
  });

  it('writes actions as rows of the table, the blank canvas’s empty row taken away', () => {
    const doc = docOf();
    carryRound(doc, roundWith('actions', ['g1', 'g2']), newPillarId);
    const table = exportCanvas(doc).actions.content[0]!;
    expect(table.type).toBe('table');
    const rows = table.content!.map((row) => row.content!.map((cell) => texts(cell.content).join('')));
    expect(rows).toEqual([
      ['Actie', 'Wie', 'Wanneer'],
      ['Tijd', '', ''],
      ['Regelgeving', '', ''],
    ]);
    expect(table.content![1]!.content![0]!.type).toBe('tableCell');
  });

  it('keeps the example’s actions and adds a table to an action plan without one', () => {
    const example = docOf(exampleCanvas('en'));
    const rowsBefore = exportCanvas(example).actions.content[0]!.content!.length;
    carryRound(example, roundWith('actions', ['g2']), newPillarId);
    const rows = exportCanvas(example).actions.content[0]!.content!;
    expect(rows).toHaveLength(rowsBefore + 1);
    expect(texts(rows.at(-1)!.content)).toEqual(['Regelgeving']);

    const empty = docOf({ ...blankCanvas('en'), actions: { type: 'doc', content: [] } });
    carryRound(empty, roundWith('actions', ['g1']), newPillarId);
    const table = exportCanvas(empty).actions.content[0]!;
    expect(table.content!.map((row) => texts(row.content).join('|'))).toEqual(['Action|Who|When', 'Tijd']);
  });

  it('changes nothing when nothing was picked, and sends one update for a pick', () => {
    const doc = docOf();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    carryRound(doc, roundWith('obstacles', []), newPillarId);
    expect(updates).toHaveLength(0);
    carryRound(doc, roundWith('obstacles', ['g1', 'g2']), newPillarId, 'stip:round');
    expect(updates).toHaveLength(1);
  });
});
