import type * as Y from 'yjs';
import type { Mark, MarkType, Node as PMNode, NodeType, Schema } from '@tiptap/pm/model';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import {
  FRAGMENT_ZONES,
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
import { TABLE_NODE_TYPES, canvasSchema } from './editorSchema';
import { isAllowedHref } from './linkHref';
import {
  EXPORT_FORMAT,
  MAX_SUBTITLE_LENGTH,
  MAX_TITLE_LENGTH,
  blankZone,
  canvasExportSchema,
  describeZodError,
  type CanvasExport,
  type RichNode,
  type ZoneDoc,
} from './exportFormat';

type ZoneName = FragmentZone | `pillars.${number}.body`;

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
    const zones: [ZoneName, ZoneDoc | undefined][] = [
      ['horizon', data.horizon as ZoneDoc | undefined],
      ['obstacles', data.obstacles as ZoneDoc | undefined],
      ['actions', data.actions as ZoneDoc | undefined],
      ...data.pillars.map((p, i): [ZoneName, ZoneDoc | undefined] => [`pillars.${i}.body`, p.body as ZoneDoc | undefined]),
    ];
    for (const [name, zone] of zones) {
      const problem = checkZone(name, zone);
      if (problem) return { ok: false, message: problem };
    }
    const value: CanvasExport = {
      format: EXPORT_FORMAT,
      title: data.title,
      subtitle: data.subtitle ?? '',
      language: data.language,
      horizon: normalizeZone(data.horizon as ZoneDoc | undefined),
      obstacles: normalizeZone(data.obstacles as ZoneDoc | undefined),
      pillars: data.pillars.map((p) => ({ title: p.title, body: normalizeZone(p.body as ZoneDoc | undefined) })),
      actions: normalizeZone(data.actions as ZoneDoc | undefined),
    };
    return { ok: true, value };
  } catch (error) {
    // Deeply nested input can exhaust the stack inside the validators: still a bad import.
    return { ok: false, message: `The document could not be read (${(error as Error).message}).` };
  }
}

function checkZone(name: ZoneName, zone: ZoneDoc | undefined): string | null {
  if (!zone?.content || zone.content.length === 0) return null;
  const schema = canvasSchema();
  const allowTable = name === 'actions';
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
    for (const zone of FRAGMENT_ZONES) fillFragment(schema, zoneFragment(doc, zone), data[zone]);
    const pillars = pillarsArray(doc);
    pillars.delete(0, pillars.length);
    for (const pillar of data.pillars.slice(0, MAX_PILLARS)) {
      const map = createPillar(newPillarId(), pillar.title);
      pillars.push([map]);
      fillFragment(schema, map.get('body') as Y.XmlFragment, pillar.body);
    }
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

/** The canvas in the export format; always valid input for `validateCanvasExport`. */
export function exportCanvas(doc: Y.Doc): CanvasExport {
  const pillars = pillarsArray(doc)
    .toArray()
    .slice(0, MAX_PILLARS)
    .map((value, index) => {
      const pillar = readPillar(value, index);
      return {
        title: (pillar.title?.toString() ?? '').slice(0, MAX_TITLE_LENGTH),
        body: pillar.body ? exportFragment(pillar.body, false) : blankZone(),
      };
    });
  return {
    format: EXPORT_FORMAT,
    title: titleText(doc).toString().slice(0, MAX_TITLE_LENGTH),
    subtitle: subtitleText(doc).toString().slice(0, MAX_SUBTITLE_LENGTH),
    language: canvasLanguage(doc),
    horizon: exportFragment(zoneFragment(doc, 'horizon'), false),
    obstacles: exportFragment(zoneFragment(doc, 'obstacles'), false),
    pillars,
    actions: exportFragment(zoneFragment(doc, 'actions'), true),
  };
}

function exportFragment(fragment: Y.XmlFragment, allowTable: boolean): ZoneDoc {
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
