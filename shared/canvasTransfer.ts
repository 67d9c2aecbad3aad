import type * as Y from 'yjs';
import type { Mark, MarkType, Node as PMNode, NodeType, Schema } from '@tiptap/pm/model';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import {
  MAX_PILLARS,
  canvasLanguage,
  createPillar,
  pillarsArray,
  readPillar,
  setCanvasLanguage,
  subtitleText,
  titleText,
  zoneFragment,
  type FragmentZone,
} from './docLayout';
import { noCheckpoint, type Checkpoint } from './checkpoint';
import { TABLE_NODE_TYPES, canvasSchema } from './editorSchema';
import { logoProblem, readStyle, writeStyle } from './houseStyle';
import { isAllowedHref } from './linkHref';
import {
  EXPORT_FORMAT,
  FORMATS_WITH_ROUNDS,
  MAX_SUBTITLE_LENGTH,
  MAX_TITLE_LENGTH,
  blankZone,
  canvasExportSchema,
  describeZodError,
  type CanvasExport,
  type PillarExport,
  zoneFields,
  type RichNode,
  type ZoneDoc,
} from './exportFormat';
import { ZONES, type ZoneKind, type ZoneOfKind } from './zones';

/** A zone's value in an export, whatever its kind. */
type ZoneValue = ZoneDoc | PillarExport[];

/** How each kind of zone goes into and out of the document (see zones.ts). */
interface ZoneTransfer {
  /** The rich-text documents of a checked value, each named as an import error names it. */
  documents(key: string, value: unknown): [string, ZoneDoc | undefined][];
  /** The value with every document normalized (blank documents get `content: []`). */
  normalize(value: unknown): ZoneValue;
  /** Replaces the zone's content in the document with a validated value. */
  write(doc: Y.Doc, key: string, value: ZoneValue, schema: Schema, newPillarId: () => string): void;
  /** The zone as the export has it: whatever does not fit the schema is dropped. */
  read(doc: Y.Doc, key: string, checkpoint: Checkpoint): ZoneValue;
}

function fragmentTransfer(allowTable: boolean): ZoneTransfer {
  return {
    documents: (key, value) => [[key, value as ZoneDoc | undefined]],
    normalize: (value) => normalizeZone(value as ZoneDoc | undefined),
    write: (doc, key, value, schema) => fillFragment(schema, zoneFragment(doc, key as FragmentZone), value as ZoneDoc),
    read: (doc, key, checkpoint) => exportFragment(zoneFragment(doc, key as FragmentZone), allowTable, checkpoint),
  };
}

type PillarsKey = ZoneOfKind<'pillars'>['key'];

const ZONE_TRANSFER: Record<ZoneKind, ZoneTransfer> = {
  richText: fragmentTransfer(false),
  table: fragmentTransfer(true),
  pillars: {
    documents: (key, value) => (value as { body?: ZoneDoc }[]).map((p, i): [string, ZoneDoc | undefined] => [`${key}.${i}.body`, p.body]),
    normalize: (value) => (value as { title: string; body?: ZoneDoc }[]).map((p) => ({ title: p.title, body: normalizeZone(p.body) })),
    write(doc, key, value, schema, newPillarId) {
      const pillars = pillarsArray(doc, key as PillarsKey);
      pillars.delete(0, pillars.length);
      for (const pillar of (value as PillarExport[]).slice(0, MAX_PILLARS)) {
        const map = createPillar(newPillarId(), pillar.title);
        pillars.push([map]);
        fillFragment(schema, map.get('body') as Y.XmlFragment, pillar.body);
      }
    },
    read: (doc, key, checkpoint) =>
      pillarsArray(doc, key as PillarsKey)
        .toArray()
        .slice(0, MAX_PILLARS)
        .map((value, index) => {
          const pillar = readPillar(value, index);
          return {
            title: (pillar.title?.toString() ?? '').slice(0, MAX_TITLE_LENGTH),
            body: pillar.body ? exportFragment(pillar.body, false, checkpoint) : blankZone(),
          };
        }),
  },
};

/**
 * The zones with the pillars last, the order in which import checks them (so a problem in a
 * whole zone is the one reported before one in a pillar's body) and writes them.
 */
const WHOLE_ZONES_FIRST = [...ZONES.filter((zone) => zone.kind !== 'pillars'), ...ZONES.filter((zone) => zone.kind === 'pillars')];

// ---------------------------------------------------------------------------------------
// Import: strict. Anything the editor could not hold is rejected with a readable message.
// ---------------------------------------------------------------------------------------

export type ValidationResult = { ok: true; value: CanvasExport } | { ok: false; message: string };

/** Checks untrusted JSON against the export format and the editor's own schema. */
export function validateCanvasExport(raw: unknown): ValidationResult {
  try {
    const parsed = canvasExportSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, message: describeZodError(parsed.error) };
    const data = parsed.data;
    if (!FORMATS_WITH_ROUNDS.includes(data.format) && data.rounds !== undefined) return { ok: false, message: `rounds: only in ${FORMATS_WITH_ROUNDS.join(' and ')}.` };
    if (data.format !== EXPORT_FORMAT && data.style !== undefined) return { ok: false, message: `style: only in ${EXPORT_FORMAT}.` };
    const logo = logoProblem(data.style?.logo ?? null);
    if (logo) return { ok: false, message: logo };
    for (const zone of WHOLE_ZONES_FIRST) {
      for (const [name, doc] of ZONE_TRANSFER[zone.kind].documents(zone.key, data[zone.key])) {
        const problem = checkZone(name, doc, zone.kind === 'table');
        if (problem) return { ok: false, message: problem };
      }
    }
    const value: CanvasExport = {
      format: EXPORT_FORMAT,
      title: data.title,
      subtitle: data.subtitle ?? '',
      language: data.language,
      ...zoneFields((zone) => ZONE_TRANSFER[zone.kind].normalize(data[zone.key])),
      ...(data.rounds ? { rounds: data.rounds } : {}),
      ...(data.style ? { style: data.style } : {}),
    };
    return { ok: true, value };
  } catch (error) {
    // Deeply nested input can exhaust the stack inside the validators: still a bad import.
    return { ok: false, message: `The document could not be read (${(error as Error).message}).` };
  }
}

function checkZone(name: string, zone: ZoneDoc | undefined, allowTable: boolean): string | null {
  if (!zone?.content || zone.content.length === 0) return null;
  const schema = canvasSchema();
  const problem = findForbidden(zone.content, schema, allowTable);
  if (problem) return `${name}: ${problem}`;
  try {
    schema.nodeFromJSON(zone).check();
  } catch (error) {
    return `${name}: ${(error as Error).message}`;
  }
  return null;
}

function findForbidden(nodes: RichNode[], schema: Schema, allowTable: boolean): string | null {
  for (const node of nodes) {
    if (!schema.nodes[node.type] || node.type === 'doc') return `unknown node type "${node.type}"`;
    if (!allowTable && (TABLE_NODE_TYPES as readonly string[]).includes(node.type)) {
      return `a ${node.type} is only allowed in the action plan`;
    }
    if (node.type === 'text' && (typeof node.text !== 'string' || node.text.length === 0)) {
      return 'a text node needs non-empty text';
    }
    for (const mark of node.marks ?? []) {
      if (!schema.marks[mark.type]) return `unknown mark "${mark.type}"`;
      if (mark.type === 'link' && !isAllowedHref(mark.attrs?.href)) {
        return `link "${String(mark.attrs?.href)}" is not an http, https or mailto address`;
      }
    }
    if (node.content) {
      const inner = findForbidden(node.content, schema, allowTable);
      if (inner) return inner;
    }
  }
  return null;
}

/** Writes a validated export into a document, replacing its content, in one transaction. */
export function importCanvas(doc: Y.Doc, data: CanvasExport, newPillarId: () => string): void {
  const schema = canvasSchema();
  doc.transact(() => {
    replaceText(titleText(doc), data.title);
    replaceText(subtitleText(doc), data.subtitle);
    setCanvasLanguage(doc, data.language);
    if (data.style) writeStyle(doc, data.style);
    for (const zone of WHOLE_ZONES_FIRST) ZONE_TRANSFER[zone.kind].write(doc, zone.key, data[zone.key], schema, newPillarId);
  });
}

/** Sets a Y.Text to `value` (no change at all when it already holds it). */
export function replaceText(text: Y.Text, value: string): void {
  if (text.toString() === value) return;
  text.delete(0, text.length);
  text.insert(0, value);
}

/** Replaces a fragment's content with a zone's (validated) ProseMirror JSON. */
export function fillFragment(schema: Schema, fragment: Y.XmlFragment, zone: ZoneDoc): void {
  fragment.delete(0, fragment.length);
  if (zone.content.length === 0) return;
  prosemirrorJSONToYXmlFragment(schema, zone, fragment);
}

// ---------------------------------------------------------------------------------------
// Export: forgiving. The document may have been written by a raw Yjs client, so every zone
// passes through the schema and whatever does not fit is dropped (its text is kept).
// ---------------------------------------------------------------------------------------

/**
 * The canvas in the export format; always valid input for `validateCanvasExport`. `checkpoint`
 * runs before each rich-text document is read (each zone's, each pillar's).
 */
export function exportCanvas(doc: Y.Doc, checkpoint: Checkpoint = noCheckpoint): CanvasExport {
  return {
    format: EXPORT_FORMAT,
    title: titleText(doc).toString().slice(0, MAX_TITLE_LENGTH),
    subtitle: subtitleText(doc).toString().slice(0, MAX_SUBTITLE_LENGTH),
    language: canvasLanguage(doc),
    ...zoneFields((zone) => ZONE_TRANSFER[zone.kind].read(doc, zone.key, checkpoint)),
    style: readStyle(doc),
  };
}

/** Reading takes about a tenth of a second per 10,000 list items: hence a checkpoint before each. */
function exportFragment(fragment: Y.XmlFragment, allowTable: boolean, checkpoint: Checkpoint): ZoneDoc {
  checkpoint();
  const json = yXmlFragmentToProsemirrorJSON(fragment) as RichNode;
  return sanitizeZone(json, allowTable);
}

/** Passes zone JSON through the schema, dropping what does not fit; blank becomes `[]`. */
export function sanitizeZone(json: RichNode, allowTable: boolean): ZoneDoc {
  const schema = canvasSchema();
  const children = (json.content ?? []).flatMap((child) => sanitizeNode(child, schema, allowTable));
  const doc = schema.nodes.doc!.createAndFill(null, fit(schema.nodes.doc!, children));
  if (!doc) return blankZone();
  return normalizeZone(doc.toJSON() as ZoneDoc);
}

function sanitizeNode(json: RichNode, schema: Schema, allowTable: boolean): PMNode[] {
  if (!json || typeof json !== 'object') return [];
  if (json.type === 'text') {
    if (typeof json.text !== 'string' || json.text.length === 0) return [];
    return [schema.text(json.text, sanitizeMarks(json.marks, schema))];
  }
  const children = (json.content ?? []).flatMap((child) => sanitizeNode(child, schema, allowTable));
  const type = schema.nodes[json.type];
  const forbidden = !allowTable && (TABLE_NODE_TYPES as readonly string[]).includes(json.type);
  if (!type || type.name === 'doc' || type.isText || forbidden) return children;
  const content = fit(type, children);
  try {
    return [type.createAndFill(json.attrs ?? null, content) ?? type.createAndFill(null, content)].filter(
      (n): n is PMNode => n !== null,
    );
  } catch {
    const node = type.createAndFill(null, content);
    return node ? [node] : children;
  }
}

function sanitizeMarks(marks: RichNode['marks'], schema: Schema): Mark[] {
  const result: Mark[] = [];
  for (const mark of marks ?? []) {
    const type: MarkType | undefined = schema.marks[mark?.type];
    if (!type) continue;
    if (type.name === 'link') {
      if (isAllowedHref(mark.attrs?.href)) result.push(type.create({ href: mark.attrs!.href }));
    } else {
      result.push(type.create());
    }
  }
  return result;
}

/** Keeps the children a node type accepts, in order; text outside a block gets a paragraph. */
function fit(type: NodeType, children: PMNode[]): PMNode[] {
  const kept: PMNode[] = [];
  let match = type.contentMatch;
  for (const child of children) {
    const next = match.matchType(child.type);
    if (next) {
      kept.push(child);
      match = next;
      continue;
    }
    const wrapping = match.findWrapping(child.type);
    if (wrapping && wrapping.length > 0) {
      let wrapped: PMNode | null = child;
      for (let i = wrapping.length - 1; i >= 0 && wrapped; i--) wrapped = wrapping[i]!.createAndFill(null, wrapped);
      const after = wrapped ? match.matchType(wrapped.type) : null;
      if (wrapped && after) {
        kept.push(wrapped);
        match = after;
        continue;
      }
    }
    // Does not fit here: keep what is inside it, if that fits.
    if (!child.isLeaf && child.childCount > 0) {
      const inner: PMNode[] = [];
      child.forEach((n) => inner.push(n));
      for (const n of fit(type, inner)) {
        const m = match.matchType(n.type);
        if (m) {
          kept.push(n);
          match = m;
        }
      }
    }
  }
  return kept;
}

/** Link marks keep only their href; a zone holding only empty paragraphs is blank. */
function normalizeZone(zone: ZoneDoc | undefined): ZoneDoc {
  const content = (zone?.content ?? []).map(normalizeNode);
  const blank = content.every((n) => n.type === 'paragraph' && !n.content?.length);
  return { type: 'doc', content: blank ? [] : content };
}

function normalizeNode(node: RichNode): RichNode {
  const out: RichNode = { type: node.type };
  if (node.attrs && Object.keys(node.attrs).length > 0) out.attrs = node.attrs;
  if (node.content && node.content.length > 0) out.content = node.content.map(normalizeNode);
  if (node.text !== undefined) out.text = node.text;
  if (node.marks && node.marks.length > 0) {
    out.marks = node.marks.map((m) =>
      m.type === 'link' ? { type: 'link', attrs: { href: m.attrs?.href } } : { type: m.type },
    );
  }
  return out;
}
