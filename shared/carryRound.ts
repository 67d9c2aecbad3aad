import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { MAX_PILLARS, addPillar, canvasLanguage, pillarsArray, readPillar, zoneFragment } from './docLayout';
import { canvasSchema } from './editorSchema';
import type { RichNode } from './exportFormat';
import type { Round } from './rounds';
import { actionTable } from './templates';
import type { ZoneKey } from './zones';

/**
 * The results of a round onto the A4: the groups the facilitator picked are written into the
 * round's zone as ordinary canvas content, appended after what is there, in one transaction.
 * From then on they are plain canvas text: the round keeps no link to them.
 *
 * - horizon: a paragraph per group, its name;
 * - obstacles: a list item per group, its name (appended to the zone's last bullet list, or a
 *   new one);
 * - pillars: a pillar per group, the group's name as title and its cards as a bullet list;
 *   blank pillars (no title, no body) are filled first, then new ones added up to MAX_PILLARS;
 * - actions: a row per group, its name in the first column (appended to the zone's table, after
 *   taking away trailing empty rows; a table with the header row is made when there is none).
 */

/** A picked group as it goes onto the A4. */
export interface CarriedGroup {
  name: string;
  cards: string[];
}

/** The groups the facilitator picked, in the order picked, each with its cards' text. */
export function pickedGroups(round: Round): CarriedGroup[] {
  return round.picked.flatMap((groupId) => {
    const group = round.groups.find((g) => g.id === groupId);
    if (!group) return [];
    return [{ name: group.name, cards: round.cards.filter((card) => card.groupId === groupId).map((card) => card.text) }];
  });
}

interface ZoneCarry {
  /** Why `groups` cannot go into this zone of `doc`, or null when they can. */
  problem(doc: Y.Doc, groups: readonly CarriedGroup[]): 'too_large' | null;
  write(doc: Y.Doc, groups: readonly CarriedGroup[], newPillarId: () => string): void;
}

const paragraph = (text: string): RichNode => (text ? { type: 'paragraph', content: [{ type: 'text', text }] } : { type: 'paragraph' });
const listItem = (text: string): RichNode => ({ type: 'listItem', content: [paragraph(text)] });
const bulletList = (items: readonly string[]): RichNode => ({ type: 'bulletList', content: items.map(listItem) });

const fits = () => null;

/** How a round's results go into each zone: a new zone does not compile until it says. */
const ZONE_CARRY: Record<ZoneKey, ZoneCarry> = {
  horizon: {
    problem: fits,
    write: (doc, groups) => append(zoneFragment(doc, 'horizon'), groups.map((g) => paragraph(g.name))),
  },
  obstacles: {
    problem: fits,
    write(doc, groups) {
      const fragment = zoneFragment(doc, 'obstacles');
      const last = fragment.length > 0 ? fragment.get(fragment.length - 1) : null;
      if (last instanceof Y.XmlElement && last.nodeName === 'bulletList') append(last, groups.map((g) => listItem(g.name)));
      else append(fragment, [bulletList(groups.map((g) => g.name))]);
    },
  },
  pillars: {
    problem: (doc, groups) => (blankPillars(doc).length + MAX_PILLARS - pillarsArray(doc).length < groups.length ? 'too_large' : null),
    write(doc, groups, newPillarId) {
      const blank = blankPillars(doc);
      for (const group of groups) {
        let pillar = blank.shift();
        if (pillar) pillar.title.insert(0, group.name);
        else if (addPillar(doc, newPillarId(), group.name)) {
          const pillars = pillarsArray(doc);
          pillar = pillarView(readPillar(pillars.get(pillars.length - 1), pillars.length - 1));
        }
        if (pillar && group.cards.length > 0) append(pillar.body, [bulletList(group.cards)]);
      }
    },
  },
  actions: {
    problem: fits,
    write(doc, groups) {
      const fragment = zoneFragment(doc, 'actions');
      const table = fragment.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'table');
      if (!table) {
        append(fragment, [actionTable(canvasLanguage(doc), groups.map((g) => [g.name, '', ''] as const))]);
        return;
      }
      // The blank canvas's empty row (or rows left empty) would sit above the carried ones.
      while (table.length > 1 && isBlankRow(table.get(table.length - 1))) table.delete(table.length - 1, 1);
      const first = table.get(0);
      const columns = first instanceof Y.XmlElement ? Math.max(1, first.length) : 1;
      const rows = groups.map((g) => Array.from({ length: columns }, (_, i) => (i === 0 ? g.name : '')));
      // Built as a table of just these rows, whose rows go into the zone's table.
      table.insert(table.length, build([{ type: 'table', content: rows.map((row) => ({ type: 'tableRow', content: row.map(cell) })) }], true));
    },
  },
};

const cell = (text: string): RichNode => ({ type: 'tableCell', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [paragraph(text)] });

/** Why the picked groups of `round` cannot go onto the A4 of `doc`, or null when they can. */
export function carryProblem(doc: Y.Doc, round: Round): 'too_large' | null {
  return ZONE_CARRY[round.zone].problem(doc, pickedGroups(round));
}

/** Writes the picked groups of `round` into its zone of `doc`, in one transaction with `origin`. */
export function carryRound(doc: Y.Doc, round: Round, newPillarId: () => string, origin: unknown = null): void {
  const groups = pickedGroups(round);
  if (groups.length === 0) return;
  doc.transact(() => ZONE_CARRY[round.zone].write(doc, groups, newPillarId), origin);
}

/**
 * The nodes as Yjs XML, built as the editor would (y-prosemirror's mapping), not yet in any
 * document; `inner`: the children of the first node instead (a table's rows).
 */
function build(nodes: RichNode[], inner = false): (Y.XmlElement | Y.XmlText)[] {
  const scratch = new Y.Doc();
  try {
    const fragment = scratch.getXmlFragment('scratch');
    prosemirrorJSONToYXmlFragment(canvasSchema(), { type: 'doc', content: nodes }, fragment);
    const built = inner ? (fragment.get(0) as Y.XmlElement).toArray() : fragment.toArray();
    return built.map((node) => (node as Y.XmlElement | Y.XmlText).clone());
  } finally {
    scratch.destroy();
  }
}

function append(parent: Y.XmlFragment | Y.XmlElement, nodes: RichNode[]): void {
  parent.insert(parent.length, build(nodes));
}

interface WritablePillar {
  title: Y.Text;
  body: Y.XmlFragment;
}

function pillarView(pillar: ReturnType<typeof readPillar>): WritablePillar | undefined {
  return pillar.title && pillar.body ? { title: pillar.title, body: pillar.body } : undefined;
}

/** Pillars with neither title nor body text, in order: filled before new ones are added. */
function blankPillars(doc: Y.Doc): WritablePillar[] {
  return pillarsArray(doc)
    .toArray()
    .map((value, index) => pillarView(readPillar(value, index)))
    .filter((p): p is WritablePillar => p !== undefined && p.title.length === 0 && !hasText(p.body));
}

function isBlankRow(row: unknown): boolean {
  return row instanceof Y.XmlElement && row.nodeName === 'tableRow' && !row.toArray().some((c) => c instanceof Y.XmlElement && c.nodeName === 'tableHeader') && !hasText(row);
}

function hasText(node: Y.XmlFragment | Y.XmlElement): boolean {
  return node.toArray().some((child) => (child instanceof Y.XmlText ? child.length > 0 : child instanceof Y.XmlElement && hasText(child)));
}
