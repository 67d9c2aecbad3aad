import * as Y from 'yjs';

/**
 * The one place that knows the Y.Doc layout of a canvas. Every root type name lives here;
 * nothing else calls `doc.getXmlFragment('...')` with a literal.
 *
 * Root types (all created lazily by Yjs, so every peer agrees on them without a race):
 * - `title`, `subtitle`: Y.Text, plain text of the header.
 * - `meta`: Y.Map, `language` ('nl' | 'en').
 * - `horizon`, `obstacles`, `actions`: Y.XmlFragment, each bound to one Tiptap editor.
 * - `pillars`: Y.Array of Y.Map { id: string, title: Y.Text, body: Y.XmlFragment }.
 * - `session` (SESSION_ROOT, not content: never exported, printed or versioned): Y.Map with
 *   the workshop's `spotlight` and `timer` (see session.ts). Only the facilitator writes it.
 */
export const ROOT = {
  title: 'title',
  subtitle: 'subtitle',
  meta: 'meta',
  horizon: 'horizon',
  obstacles: 'obstacles',
  pillars: 'pillars',
  actions: 'actions',
} as const;

/** The root of the live session state (spotlight, timer); kept apart from the content roots. */
export const SESSION_ROOT = 'session';

export const ZONE_KEYS = ['horizon', 'obstacles', 'pillars', 'actions'] as const;
export type ZoneKey = (typeof ZONE_KEYS)[number];

/** The zones that are a single rich-text fragment (pillars are a list of them). */
export const FRAGMENT_ZONES = ['horizon', 'obstacles', 'actions'] as const;
export type FragmentZone = (typeof FRAGMENT_ZONES)[number];

export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const MAX_PILLARS = 5;

export type PillarMap = Y.Map<unknown>;

export function titleText(doc: Y.Doc): Y.Text {
  return doc.getText(ROOT.title);
}

export function subtitleText(doc: Y.Doc): Y.Text {
  return doc.getText(ROOT.subtitle);
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ROOT.meta);
}

/** The canvas language; anything unexpected in the document reads as the default, 'nl'. */
export function canvasLanguage(doc: Y.Doc): Language {
  const value = metaMap(doc).get('language');
  return value === 'en' ? 'en' : 'nl';
}

export function setCanvasLanguage(doc: Y.Doc, language: Language): void {
  metaMap(doc).set('language', language);
}

export function sessionMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(SESSION_ROOT);
}

export function zoneFragment(doc: Y.Doc, zone: FragmentZone): Y.XmlFragment {
  return doc.getXmlFragment(ROOT[zone]);
}

export function pillarsArray(doc: Y.Doc): Y.Array<PillarMap> {
  return doc.getArray<PillarMap>(ROOT.pillars);
}

/** A pillar read defensively: a raw Yjs client may have written anything into the array. */
export interface PillarView {
  id: string;
  title: Y.Text | null;
  body: Y.XmlFragment | null;
}

export function readPillar(value: unknown, index: number): PillarView {
  if (!(value instanceof Y.Map)) return { id: `pillar-${index}`, title: null, body: null };
  const id = value.get('id');
  const title = value.get('title');
  const body = value.get('body');
  return {
    id: typeof id === 'string' ? id : `pillar-${index}`,
    title: title instanceof Y.Text ? title : null,
    body: body instanceof Y.XmlFragment ? body : null,
  };
}

/** Builds a pillar map ready to be inserted into the pillars array. */
export function createPillar(id: string, title = ''): PillarMap {
  const pillar = new Y.Map<unknown>();
  pillar.set('id', id);
  pillar.set('title', new Y.Text(title));
  pillar.set('body', new Y.XmlFragment());
  return pillar;
}

/** Appends a pillar unless there are already MAX_PILLARS; returns whether it did. */
export function addPillar(doc: Y.Doc, id: string, title = ''): boolean {
  const pillars = pillarsArray(doc);
  if (pillars.length >= MAX_PILLARS) return false;
  pillars.push([createPillar(id, title)]);
  return true;
}

export function removePillar(doc: Y.Doc, id: string): boolean {
  const pillars = pillarsArray(doc);
  const index = pillars.toArray().findIndex((p, i) => readPillar(p, i).id === id);
  if (index < 0) return false;
  pillars.delete(index, 1);
  return true;
}
