import * as z from 'zod/mini';
import { settingField, type Language } from './canvasSettings';
import { MAX_PILLARS } from './docLayout';
import type { CanvasStyle } from './houseStyle';
import { styleExportSchema } from './houseStyle';
import { MAX_IMPORTED_ROUNDS, roundExportSchema } from './roundExport';
import type { Round } from './rounds';
import { ZONES, type Zone, type ZoneKind } from './zones';

// zod/mini (a fraction of classic zod in the browser bundle) ships no messages: load the
// English ones, which import errors quote (describeZodError).
z.config(z.locales.en());

/**
 * The format exports are written in. @2 added `rounds` (the canvas's workshop rounds, see
 * roundExport.ts); @3 added `style` (the house style, houseStyle.ts). Exports of @1 and @2
 * still import as they are (a new canvas from one gets the installation's style).
 */
export const EXPORT_FORMAT = 'stip-canvas@3' as const;
/** Every format import reads. */
export const EXPORT_FORMATS = ['stip-canvas@1', 'stip-canvas@2', EXPORT_FORMAT] as const;
/** The formats that may carry rounds. */
export const FORMATS_WITH_ROUNDS: readonly string[] = ['stip-canvas@2', EXPORT_FORMAT];

/** ProseMirror JSON of one node, as far as its shape goes; the schema checks the rest. */
export interface RichNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: RichNode[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

const typeNameSchema = z.string().check(z.minLength(1), z.maxLength(64));

const markSchema = z.strictObject({
  type: typeNameSchema,
  attrs: z.optional(z.record(z.string(), z.unknown())),
});

export const richNodeSchema: z.ZodMiniType<RichNode> = z.lazy(() =>
  z.strictObject({
    type: typeNameSchema,
    attrs: z.optional(z.record(z.string(), z.unknown())),
    content: z.optional(z.array(richNodeSchema)),
    text: z.optional(z.string()),
    marks: z.optional(z.array(markSchema)),
  }),
);

/** A zone document: `{ type: 'doc', content: [...] }`; a missing `content` is a blank zone. */
export const zoneDocSchema = z.strictObject({
  type: z.literal('doc'),
  content: z.optional(z.array(richNodeSchema)),
});

export type ZoneDoc = { type: 'doc'; content: RichNode[] };

export const MAX_TITLE_LENGTH = 200;
export const MAX_SUBTITLE_LENGTH = 300;

const titleSchema = z._default(z.string().check(z.maxLength(MAX_TITLE_LENGTH)), '');

export const pillarExportSchema = z.strictObject({
  title: titleSchema,
  body: z.optional(zoneDocSchema),
});

/** Each kind's field in the export format: its schema, and its value once checked. */
const ZONE_FIELDS = {
  richText: z.optional(zoneDocSchema),
  pillars: z._default(z.array(pillarExportSchema).check(z.maxLength(MAX_PILLARS)), []),
  table: z.optional(zoneDocSchema),
} satisfies Record<ZoneKind, z.ZodMiniType>;

export interface PillarExport {
  title: string;
  body: ZoneDoc;
}

/** A zone's value in an export, by kind: a document, or a list of pillars. */
export type ZoneValue<K extends ZoneKind> = K extends 'pillars' ? PillarExport[] : ZoneDoc;

type ZoneShape = { [Z in Zone as Z['key']]: (typeof ZONE_FIELDS)[Z['kind']] };
/** The zones of a canvas export: one field per zone of the zone table. */
export type CanvasZones = { [Z in Zone as Z['key']]: ZoneValue<Z['kind']> };

/** The zones' fields, in the table's order, each made by `value` from its row. */
export function zoneFields(value: (zone: Zone) => ZoneValue<ZoneKind>): CanvasZones {
  return Object.fromEntries(ZONES.map((zone) => [zone.key, value(zone)])) as CanvasZones;
}

/** The export format (`GET .../export`, `POST .../import`), checked for shape only. */
export const canvasExportSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  title: titleSchema,
  subtitle: z.optional(z.string().check(z.maxLength(MAX_SUBTITLE_LENGTH))),
  language: settingField('language'),
  // One field per zone of the zone table, in its order.
  ...(Object.fromEntries(ZONES.map((zone) => [zone.key, ZONE_FIELDS[zone.kind]])) as ZoneShape),
  /** @2 only: the canvas's rounds, oldest first (never on the A4, its PDF or its Markdown). */
  rounds: z.optional(z.array(roundExportSchema).check(z.maxLength(MAX_IMPORTED_ROUNDS))),
  /** @3 only: the house style (colours, typeface, logo as base64 of a PNG). */
  style: z.optional(styleExportSchema),
});

export type CanvasExportInput = z.input<typeof canvasExportSchema>;

/** A canvas in the export format, every zone present (blank zones have `content: []`). */
export interface CanvasExport extends CanvasZones {
  format: typeof EXPORT_FORMAT;
  title: string;
  subtitle: string;
  language: Language;
  /**
   * The canvas's rounds as any link may see them (roundExport.ts `exportRound`): in the JSON
   * export of a canvas; absent from the document's own export (a version, a duplicate).
   */
  rounds?: Round[];
  /**
   * The house style. Always in what Stip exports; absent from an import of @1 or @2 (the new
   * canvas then gets the installation's style) and from versions saved before @3.
   */
  style?: CanvasStyle;
}

export function blankZone(): ZoneDoc {
  return { type: 'doc', content: [] };
}

/** One readable sentence out of a zod error: where, and what is wrong. */
export function describeZodError(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The data is not valid.';
  const path = issue.path.length > 0 ? issue.path.join('.') : 'the document';
  if (issue.code === 'unrecognized_keys') {
    return `${path}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}.`;
  }
  return `${path}: ${issue.message}`;
}
