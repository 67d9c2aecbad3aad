import type { Language } from './canvasSettings';

/**
 * The canvas shape in one table: every zone of the A4, top to bottom. The Y.Doc layout, the
 * export format and its schema, import and export, Markdown, the PDF, both pages (the live
 * editor and the read-only version page), the spotlight and the projector's keys all loop
 * over it. What a zone *is* comes from its kind; each output has one renderer per kind, keyed
 * by kind (a `Record<ZoneKind, ...>`), so a new kind does not compile until every output can
 * draw it. See docs/ARCHITECTURE.md, "The zone table".
 *
 * Kinds:
 * - `richText`: one Y.XmlFragment (root named after the zone), bound to one Tiptap editor;
 *   exported as one ProseMirror document. No tables.
 * - `pillars`: a Y.Array of pillar maps (title, rich-text body), 1 to MAX_PILLARS columns;
 *   exported as a list of `{ title, body }`.
 * - `table`: like `richText` but the schema also allows a table, whose header row is the
 *   zone's `columns` in the canvas language.
 */
export type ZoneKind = 'richText' | 'pillars' | 'table';

export interface ZoneSpec {
  /** Root name in the Y.Doc, field of the export, `data-zone` on the page, CSS `zone--<key>`. */
  readonly key: string;
  readonly kind: ZoneKind;
  /** The heading in the canvas's own language (pages, Markdown, PDF, spotlight picker). */
  readonly heading: Readonly<Record<Language, string>>;
  /** The UI message (client/src/i18n) shown in an empty editor of this zone. */
  readonly placeholder: string;
  /** `band`: set off on a tinted band with a rule at its left (the PDF; `.zone--band` in page.css). */
  readonly look: 'band' | 'plain';
  /** The header row of a `table` zone's table, in the canvas language. */
  readonly columns?: Readonly<Record<Language, readonly string[]>>;
}

export const ZONES = [
  {
    key: 'horizon',
    kind: 'richText',
    heading: { nl: 'Stip aan de horizon', en: 'Dot on the horizon' },
    placeholder: 'horizonPlaceholder',
    look: 'band',
  },
  {
    key: 'obstacles',
    kind: 'richText',
    heading: { nl: 'Obstakels', en: 'Obstacles' },
    placeholder: 'obstaclesPlaceholder',
    look: 'plain',
  },
  {
    key: 'pillars',
    kind: 'pillars',
    heading: { nl: 'Strategische pijlers', en: 'Strategic pillars' },
    placeholder: 'pillarPlaceholder',
    look: 'plain',
  },
  {
    key: 'actions',
    kind: 'table',
    heading: { nl: 'Actieplan', en: 'Action plan' },
    placeholder: 'emptyZone',
    look: 'plain',
    columns: { nl: ['Actie', 'Wie', 'Wanneer'], en: ['Action', 'Who', 'When'] },
  },
] as const satisfies readonly ZoneSpec[];

/** One row of the table, with its literal types (a union over the rows: narrow it by `kind`). */
export type Zone = (typeof ZONES)[number];
export type ZoneKey = Zone['key'];
/** The zones of one kind. */
export type ZoneOfKind<K extends ZoneKind> = Extract<Zone, { kind: K }>;
/** The zones that are a single rich-text fragment (a pillars zone is a list of them). */
export type FragmentZone = ZoneOfKind<'richText' | 'table'>['key'];

/** A non-empty tuple, as zod's enum wants it. */
type Keys<T extends string> = readonly [T, ...T[]];

export const ZONE_KEYS = ZONES.map((zone) => zone.key) as unknown as Keys<ZoneKey>;

export const FRAGMENT_ZONES = ZONES.filter((zone) => zone.kind !== 'pillars').map((zone) => zone.key) as unknown as Keys<FragmentZone>;

export function isZoneKey(value: unknown): value is ZoneKey {
  return (ZONE_KEYS as readonly unknown[]).includes(value);
}

/** The projector's key that spotlights each zone: 1 for the first row of the table, and so on (0: the whole page). */
export const SPOTLIGHT_KEYS = ZONE_KEYS.map((_, index) => String(index + 1));

/** The zone a key spotlights: null for 0 (the whole page), undefined when it is no spotlight key. */
export function spotlightKey(key: string): ZoneKey | null | undefined {
  if (key === '0') return null;
  const index = SPOTLIGHT_KEYS.indexOf(key);
  return index < 0 ? undefined : ZONE_KEYS[index];
}

export function zoneSpec(key: ZoneKey): ZoneSpec {
  return ZONES.find((zone) => zone.key === key)!;
}

/** The classes of a zone's region on both pages: `zone zone--<key>`, and `zone--band` for a band. */
export function zoneClassName(zone: ZoneKey): string {
  return `zone zone--${zone}${zoneSpec(zone).look === 'band' ? ' zone--band' : ''}`;
}

/** Zone headings in the canvas's own language (not the UI language). */
export function zoneHeading(language: Language, zone: ZoneKey): string {
  return zoneSpec(zone).heading[language];
}

/** The header row of a table zone's table, in the canvas language. */
export function zoneColumns(language: Language, zone: ZoneOfKind<'table'>['key']): readonly string[] {
  return zoneSpec(zone).columns![language];
}

/**
 * One renderer per kind, each given the zone's row narrowed to its kind (so `data[zone.key]`
 * has that kind's type). Every output (export, Markdown, PDF, pages) keeps one of these: a new
 * kind does not compile until each has a renderer for it.
 */
export type KindRenderers<A extends unknown[], R> = { [K in ZoneKind]: (zone: ZoneOfKind<K>, ...args: A) => R };

/** Draws `zone` with its kind's renderer (TypeScript cannot pair the two up by itself). */
export function renderZone<A extends unknown[], R>(renderers: KindRenderers<A, R>, zone: Zone, ...args: A): R {
  return (renderers[zone.kind] as (zone: Zone, ...args: A) => R)(zone, ...args);
}
