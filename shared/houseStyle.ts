import type * as Y from 'yjs';
import * as z from 'zod/mini';
import { STYLE_SETTINGS, readSetting, settingField, type StyleSettingName } from './canvasSettings';
import { docSetting, setDocSetting } from './docLayout';
import {
  HEX_COLOR,
  MAX_LOGO_BYTES,
  STIP_STYLE,
  TYPEFACES,
  TYPEFACE_KEYS,
  checkPng,
  fromBase64,
  readablePrimary,
  toBase64,
  weakestContrast,
  type Typeface,
} from './styleValues';

/**
 * A canvas's house style as the export format, the API and the dialog carry it: the logo as
 * base64 of its PNG (the document holds the bytes).
 */
export interface CanvasStyle {
  primaryColor: string;
  accentColor: string;
  typeface: Typeface;
  /** Base64 of a PNG that passes checkPng, or null for none. */
  logo: string | null;
}

export const DEFAULT_STYLE: CanvasStyle = { ...STIP_STYLE, logo: null };

/** The export's `style` field (format @3); the logo is checked to be a PNG in validateStyle. */
export const styleExportSchema = z.strictObject({
  primaryColor: settingField('primaryColor'),
  accentColor: settingField('accentColor'),
  typeface: settingField('typeface'),
  logo: z._default(z.nullable(z.string().check(z.maxLength(Math.ceil(MAX_LOGO_BYTES / 3) * 4))), null),
});

/** Null when `style`'s logo is a PNG the page may draw, else why not. */
export function logoProblem(logo: string | null): string | null {
  if (logo === null) return null;
  const bytes = fromBase64(logo);
  if (!bytes) return 'style.logo: not base64.';
  const png = checkPng(bytes);
  return png.ok ? null : `style.logo: ${png.reason}.`;
}

/** A style as an output may draw it: see checkedStyle. */
export interface CheckedStyle {
  typeface: Typeface;
  /** `#rrggbb`, readable (AA) wherever the page uses it. */
  primaryColor: string;
  /** `#rrggbb`. */
  accentColor: string;
  logo: { bytes: Uint8Array; width: number; height: number } | null;
}

/**
 * The style with every value checked again, for outputs that write it into markup (Word's XML,
 * the published page's CSS): a colour that is not `#rrggbb`, a typeface Stip does not ship or a
 * logo that is not a PNG that passes checkPng becomes Stip's own (no logo). The export's values
 * have passed their schemas already; these come from a document any editor could have touched.
 */
export function checkedStyle(style: CanvasStyle | undefined): CheckedStyle {
  const given = style ?? DEFAULT_STYLE;
  const typeface = TYPEFACE_KEYS.includes(given.typeface) ? given.typeface : DEFAULT_STYLE.typeface;
  const primary = typeof given.primaryColor === 'string' && HEX_COLOR.test(given.primaryColor) ? given.primaryColor : DEFAULT_STYLE.primaryColor;
  const accentColor = typeof given.accentColor === 'string' && HEX_COLOR.test(given.accentColor) ? given.accentColor : DEFAULT_STYLE.accentColor;
  const bytes = typeof given.logo === 'string' ? fromBase64(given.logo) : null;
  const png = bytes ? checkPng(bytes) : null;
  return { typeface, primaryColor: readablePrimary(primary), accentColor, logo: bytes && png?.ok ? { bytes, width: png.width, height: png.height } : null };
}

/** The document's style; every value read through its setting's schema. */
export function readStyle(doc: Y.Doc): CanvasStyle {
  const logo = docSetting(doc, 'logo');
  return {
    primaryColor: docSetting(doc, 'primaryColor'),
    accentColor: docSetting(doc, 'accentColor'),
    typeface: docSetting(doc, 'typeface'),
    logo: logo ? toBase64(logo) : null,
  };
}

/** Writes a checked style into the document (only the keys that differ), in one transaction. */
export function writeStyle(doc: Y.Doc, style: CanvasStyle, origin?: unknown): void {
  const current = readStyle(doc);
  doc.transact(() => {
    for (const name of STYLE_SETTINGS) {
      if (current[name] === style[name]) continue;
      if (name === 'logo') setDocSetting(doc, 'logo', style.logo === null ? null : fromBase64(style.logo));
      else setDocSetting(doc, name, readSetting(name, style[name]) as never);
    }
  }, origin);
}

/** The setting names of the style whose values in `style` its schema refuses. */
export function invalidStyleSettings(values: Partial<Record<StyleSettingName, unknown>>): StyleSettingName[] {
  return STYLE_SETTINGS.filter((name) => name in values && readSetting(name, values[name]) !== values[name]);
}

// ---------------------------------------------------------------------------------------
// NL Design System design tokens (tokens.json of the `@nl-design-system-unstable/*-design-tokens`
// packages): the `basis.*` tokens, nested objects whose leaves are `{ value }` or `{ $value }`.
// ---------------------------------------------------------------------------------------

/** What an import of design tokens did, one note each (the dialog words them per language). */
export type TokenNote =
  | { code: 'used'; token: string; setting: 'primaryColor' | 'accentColor' | 'typeface'; value: string }
  | { code: 'adjusted'; token: string; from: string; to: string; ratio: number }
  | { code: 'badColor'; token: string; value: string }
  | { code: 'unknownFont'; token: string; value: string }
  | { code: 'unused'; groups: string[] }
  | { code: 'noTokens' };

export interface TokenImport {
  style: Partial<Pick<CanvasStyle, 'primaryColor' | 'accentColor' | 'typeface'>>;
  notes: TokenNote[];
}

/** Where each setting is looked for, first match wins. */
const TOKEN_SOURCES = {
  primaryColor: ['basis.color.accent-1.color-default', 'basis.color.accent-1.inverse-bg-default', 'basis.color.accent-1.border-default', 'basis.color.action-1.color-default'],
  accentColor: ['basis.color.accent-2.border-default', 'basis.color.accent-2.bg-default', 'basis.color.accent-2.color-default', 'basis.color.accent-1.border-default'],
  typeface: ['basis.text.font-family.default'],
} as const;

/** Leaves of a token tree: dotted path -> value (strings and numbers only). */
function flatten(node: unknown, path: string[], out: Map<string, string>, depth = 0): void {
  if (depth > 12 || node === null || typeof node !== 'object' || Array.isArray(node)) return;
  const record = node as Record<string, unknown>;
  const leaf = '$value' in record ? record.$value : 'value' in record ? record.value : undefined;
  if (typeof leaf === 'string' || typeof leaf === 'number') {
    out.set(path.join('.'), String(leaf));
    return;
  }
  for (const [key, child] of Object.entries(record)) {
    if (!key.startsWith('$')) flatten(child, [...path, key], out, depth + 1);
  }
}

/** A value with `{a.b.c}` references resolved (a few levels; a cycle stays unresolved). */
function resolve(value: string, tokens: Map<string, string>): string {
  let current = value;
  for (let i = 0; i < 5; i++) {
    const match = /^\{([^{}]+)\}$/.exec(current.trim());
    const next = match ? tokens.get(match[1]!) : undefined;
    if (next === undefined) break;
    current = next;
  }
  return current.trim();
}

/** `#abc` / `#AABBCC` -> `#aabbcc`; null for anything else (rgb(), names, alpha). */
function hexColor(value: string): string | null {
  const v = value.toLowerCase();
  if (HEX_COLOR.test(v)) return v;
  if (/^#[0-9a-f]{3}$/.test(v)) return `#${[...v.slice(1)].map((c) => c + c).join('')}`;
  return null;
}

/** The first family of a CSS font-family list that Stip ships. */
function typefaceOf(value: string): Typeface | null {
  for (const family of value.split(',')) {
    const name = family.trim().replace(/^['"]|['"]$/g, '').toLowerCase();
    const found = TYPEFACE_KEYS.find((key) => TYPEFACES[key].label.toLowerCase() === name);
    if (found) return found;
  }
  return null;
}

/**
 * Maps an NL Design System tokens file onto what a Stip canvas can use: the primary colour
 * (made AA-readable when it is not, with a note), the accent colour and the typeface. Every
 * other `basis.*` group is named in an `unused` note. Never throws on odd input.
 */
export function importDesignTokens(json: unknown): TokenImport {
  const tokens = new Map<string, string>();
  flatten(json, [], tokens);
  const notes: TokenNote[] = [];
  const style: TokenImport['style'] = {};
  if (![...tokens.keys()].some((key) => key.startsWith('basis.'))) return { style, notes: [{ code: 'noTokens' }] };
  const used = new Set<string>();
  for (const setting of ['primaryColor', 'accentColor'] as const) {
    const token = TOKEN_SOURCES[setting].find((name) => tokens.has(name));
    if (!token) continue;
    used.add(token);
    const raw = resolve(tokens.get(token)!, tokens);
    const color = hexColor(raw);
    if (!color) {
      notes.push({ code: 'badColor', token, value: raw.slice(0, 60) });
      continue;
    }
    if (setting === 'primaryColor') {
      const readable = readablePrimary(color);
      if (readable !== color) notes.push({ code: 'adjusted', token, from: color, to: readable, ratio: weakestContrast(color) });
      style.primaryColor = readable;
    } else {
      style.accentColor = color;
    }
    notes.push({ code: 'used', token, setting, value: style[setting]! });
  }
  const fontToken = TOKEN_SOURCES.typeface.find((name) => tokens.has(name));
  if (fontToken) {
    used.add(fontToken);
    const raw = resolve(tokens.get(fontToken)!, tokens);
    const typeface = typefaceOf(raw);
    if (typeface) {
      style.typeface = typeface;
      notes.push({ code: 'used', token: fontToken, setting: 'typeface', value: TYPEFACES[typeface].label });
    } else {
      notes.push({ code: 'unknownFont', token: fontToken, value: raw.slice(0, 80) });
    }
  }
  const groups = new Set<string>();
  for (const key of tokens.keys()) {
    if (!key.startsWith('basis.') || used.has(key)) continue;
    groups.add(key.split('.').slice(0, 3).join('.'));
  }
  // A group some of whose tokens were used is named with the tokens left over.
  if (groups.size > 0) notes.push({ code: 'unused', groups: [...groups].sort().slice(0, 24) });
  return { style, notes };
}

/** A note in English (server logs, the STYLE_DIR start-up report). */
export function describeTokenNote(note: TokenNote): string {
  switch (note.code) {
    case 'used':
      return `${note.token} -> ${note.setting} ${note.value}`;
    case 'adjusted':
      return `${note.token}: ${note.from} reaches only ${note.ratio.toFixed(1)}:1 where it is used (AA asks 4.5:1); darkened to ${note.to} for WCAG AA`;
    case 'badColor':
      return `${note.token}: "${note.value}" is not a #rrggbb colour; not used`;
    case 'unknownFont':
      return `${note.token}: none of "${note.value}" is a typeface Stip ships (${TYPEFACE_KEYS.map((k) => TYPEFACES[k].label).join(', ')}); not used`;
    case 'unused':
      return `not used by Stip: ${note.groups.join(', ')}`;
    case 'noTokens':
      return 'no basis.* design tokens found';
  }
}
