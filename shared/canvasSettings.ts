import * as z from 'zod/mini';
import { HEX_COLOR, STIP_STYLE, TYPEFACE_KEYS, checkPng, primaryReadable } from './styleValues';

/**
 * Per-canvas settings, one row each: where the setting lives, who may change it, and the
 * schema its value must pass. The rule (docs/ARCHITECTURE.md, "Where a setting lives"):
 *
 * - A setting that is part of the canvas's content (it changes what the canvas says, shows or
 *   prints, so export, import, versions and restore carry it) lives in the Y.Doc, in the `meta`
 *   map under its own name. Whoever may change the content may change it: the facilitator, and
 *   an editor while the canvas is not locked (the server's write scope, GuardedApply). SQL keeps
 *   a copy for listings, which only the server writes, from the document (Room.readMeta).
 * - A setting that decides who may do what lives only in SQL. Only the facilitator changes it,
 *   over the HTTP API; the server tells the open room (a `role` message). It is never in the
 *   Y.Doc, where any editor could write it.
 *
 * - A content setting only the facilitator may change (the house style) lives in the Y.Doc too,
 *   but in the `style` map, which the server scopes to the facilitator as it does the session
 *   (GuardedApply), and judges after integrating: a value its schema refuses is taken back.
 *
 * Every read of a setting goes through its schema: a value that does not pass reads as the
 * default (a raw Yjs client may have written anything into `meta`).
 */
export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export type SettingHome = 'doc' | 'sql';
export type SettingEditor = 'content' | 'facilitator';

export interface CanvasSetting<S extends z.ZodMiniType = z.ZodMiniType> {
  /** `doc`: the Y.Doc `meta` map (SQL holds a copy); `sql`: the canvases table only. */
  readonly home: SettingHome;
  /** `content`: whoever may change the content; `facilitator`: the facilitator only. */
  readonly changedBy: SettingEditor;
  /** What a value must be, everywhere: in the document, a request, an export. */
  readonly schema: S;
  /** What a missing or refused value reads as. */
  readonly fallback: z.output<S>;
}

/** Keeps each row's literal types (its home, its schema) while checking it is a setting. */
function setting<S extends z.ZodMiniType, H extends SettingHome, E extends SettingEditor>(row: CanvasSetting<S> & { home: H; changedBy: E }) {
  return row;
}

export const CANVAS_SETTINGS = {
  /** The canvas language: zone headings, the action plan's columns, Markdown and PDF. */
  language: setting({ home: 'doc', changedBy: 'content', schema: z.enum(LANGUAGES), fallback: 'nl' }),
  /** Locked: editors may only read (GuardedApply's `nothing` scope). */
  locked: setting({ home: 'sql', changedBy: 'facilitator', schema: z.boolean(), fallback: false }),
  /** House style: headings, links and rules; must keep text readable (AA, styleValues.ts). */
  primaryColor: setting({
    home: 'doc',
    changedBy: 'facilitator',
    schema: z.string().check(z.regex(HEX_COLOR), z.refine(primaryReadable, 'does not reach WCAG AA contrast (4.5:1)')),
    fallback: STIP_STYLE.primaryColor,
  }),
  /** House style: the pillars' top rules (lines only). */
  accentColor: setting({ home: 'doc', changedBy: 'facilitator', schema: z.string().check(z.regex(HEX_COLOR)), fallback: STIP_STYLE.accentColor }),
  /** House style: the typeface of the page, the projector and the PDF. */
  typeface: setting({ home: 'doc', changedBy: 'facilitator', schema: z.enum(TYPEFACE_KEYS), fallback: STIP_STYLE.typeface }),
  /** House style: the logo in the header, a PNG that passes checkPng (made by the server), or none. */
  logo: setting({
    home: 'doc',
    changedBy: 'facilitator',
    schema: z.nullable(z.custom<Uint8Array>((value) => value instanceof Uint8Array && checkPng(value).ok, 'is not a PNG logo Stip made')),
    fallback: null,
  }),
} as const;

export type SettingName = keyof typeof CANVAS_SETTINGS;
export type SettingValue<N extends SettingName> = z.output<(typeof CANVAS_SETTINGS)[N]['schema']>;

/** The settings kept in the Y.Doc (the `meta` map, or `style` for the facilitator's). */
export type DocSettingName = { [N in SettingName]: (typeof CANVAS_SETTINGS)[N]['home'] extends 'doc' ? N : never }[SettingName];

/** The house style's settings: in the document, changed by the facilitator only. */
export const STYLE_SETTINGS = ['primaryColor', 'accentColor', 'typeface', 'logo'] as const satisfies readonly DocSettingName[];
export type StyleSettingName = (typeof STYLE_SETTINGS)[number];

/** Whether a document setting lives in the facilitator's `style` map rather than `meta`. */
export function facilitatorOnly(name: DocSettingName): boolean {
  return CANVAS_SETTINGS[name].changedBy === 'facilitator';
}

/** A setting's value read defensively: anything its schema refuses reads as its default. */
export function readSetting<N extends SettingName>(name: N, value: unknown): SettingValue<N> {
  const row: CanvasSetting = CANVAS_SETTINGS[name];
  const parsed = row.schema.safeParse(value);
  return (parsed.success ? parsed.data : row.fallback) as SettingValue<N>;
}

/** A setting as a field of a request or an export: its schema, its default when absent. */
export function settingField<N extends SettingName>(name: N) {
  const row = CANVAS_SETTINGS[name];
  return z._default(row.schema as (typeof CANVAS_SETTINGS)[N]['schema'], row.fallback as never);
}
