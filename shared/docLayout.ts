import * as Y from 'yjs';
import { facilitatorOnly, readSetting, type Language, type DocSettingName, type SettingValue } from './canvasSettings';
import { ZONES, type FragmentZone, type ZoneKey, type ZoneOfKind } from './zones';

export { LANGUAGES, type Language } from './canvasSettings';
export { FRAGMENT_ZONES, ZONE_KEYS, type FragmentZone, type ZoneKey } from './zones';

/**
 * The one place that knows the Y.Doc layout of a canvas. Every root type name lives here;
 * nothing else calls `doc.getXmlFragment('...')` with a literal.
 *
 * Root types (all created lazily by Yjs, so every peer agrees on them without a race):
 * - `title`, `subtitle`: Y.Text, plain text of the header.
 * - `meta`: Y.Map, the settings whose home is the document (canvasSettings.ts): `language`.
 * - one per zone of the zone table (zones.ts), named by its key: a Y.XmlFragment bound to one
 *   Tiptap editor for a `richText` or `table` zone (`horizon`, `obstacles`, `actions`), a
 *   Y.Array of Y.Map { id: string, title: Y.Text, body: Y.XmlFragment } for the `pillars` zone.
 * - `style` (STYLE_ROOT): Y.Map of the house style (canvasSettings.ts, the facilitator's
 *   document settings): `primaryColor`, `accentColor`, `typeface`, `logo` (PNG bytes). Content:
 *   exported, printed, versioned; but only the facilitator writes it, and the server refuses
 *   a value its schema refuses.
 * - `session` (SESSION_ROOT, not content: never exported, printed or versioned): Y.Map with
 *   the workshop's `spotlight` and `timer` (see session.ts). Only the facilitator writes it.
 */
export const ROOT = {
  title: 'title',
  subtitle: 'subtitle',
  meta: 'meta',
  ...(Object.fromEntries(ZONES.map((zone) => [zone.key, zone.key])) as { [K in ZoneKey]: K }),
} as const;

/** The root of the house style: content only the facilitator may change. */
export const STYLE_ROOT = 'style';

/** The root of the live session state (spotlight, timer); kept apart from the content roots. */
export const SESSION_ROOT = 'session';

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

export function styleMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(STYLE_ROOT);
}

/** The map a document setting lives in: `style` for the facilitator's, `meta` for the others. */
function settingMap(doc: Y.Doc, name: DocSettingName): Y.Map<unknown> {
  return facilitatorOnly(name) ? styleMap(doc) : metaMap(doc);
}

/** A setting kept in the document; anything its schema refuses reads as its default. */
export function docSetting<N extends DocSettingName>(doc: Y.Doc, name: N): SettingValue<N> {
  return readSetting(name, settingMap(doc, name).get(name));
}

export function setDocSetting<N extends DocSettingName>(doc: Y.Doc, name: N, value: SettingValue<N>): void {
  settingMap(doc, name).set(name, value);
}

/** The canvas language; anything unexpected in the document reads as the default, 'nl'. */
export function canvasLanguage(doc: Y.Doc): Language {
  return docSetting(doc, 'language');
}

export function setCanvasLanguage(doc: Y.Doc, language: Language): void {
  setDocSetting(doc, 'language', language);
}

export function sessionMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(SESSION_ROOT);
}

export function zoneFragment(doc: Y.Doc, zone: FragmentZone): Y.XmlFragment {
  return doc.getXmlFragment(ROOT[zone]);
}

export function pillarsArray(doc: Y.Doc, zone: ZoneOfKind<'pillars'>['key'] = 'pillars'): Y.Array<PillarMap> {
  return doc.getArray<PillarMap>(ROOT[zone]);
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
