import { createRequire } from 'node:module';
import path from 'node:path';
import { renderAsync, Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { FONT_FACES, MAX_LOGO_BYTES, TYPEFACES, TYPEFACE_KEYS, checkPng, fontFile, toBase64 } from '../../shared/styleValues';

/** A logo the server will not take, and why (400 `invalid_logo`). */
export class LogoRefused extends Error {}

/** The box a logo is drawn into (it keeps its proportions): sharp on a projector, small to store. */
export const LOGO_BOX = { width: 960, height: 320 } as const;
/** The largest width or height an SVG may declare, in px (after units). */
export const MAX_SVG_SIDE = 10_000;
/** The largest side of an uploaded PNG: decoding it takes 4 bytes a pixel. */
const MAX_PNG_SIDE = 4096;
/** A logo wider than this many times its height (or the reverse) is a line, not a logo. */
const MAX_ASPECT = 20;

const require = createRequire(import.meta.url);
const fontFiles = TYPEFACE_KEYS.flatMap((typeface) => {
  const dir = path.dirname(require.resolve(`@expo-google-fonts/${TYPEFACES[typeface].dir}/package.json`));
  return (Object.keys(FONT_FACES) as (keyof typeof FONT_FACES)[]).map((face) => path.join(dir, fontFile(typeface, face)));
});

/**
 * Never the system's fonts (text in a logo is drawn with Stip's own), never a file or URL:
 * resvg-js resolves no external image by itself (they are only listed by imagesToResolve,
 * which we refuse), and the checks below refuse every href that is not in the file.
 */
const RENDER_OPTIONS: ResvgRenderOptions = {
  font: { loadSystemFonts: false, fontFiles, defaultFontFamily: 'Inter', sansSerifFamily: 'Inter', serifFamily: 'Noto Serif' },
  logLevel: 'off',
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * The one way a logo gets into Stip: the uploaded SVG or PNG, drawn anew by resvg into an
 * 8-bit RGBA PNG that fits LOGO_BOX, and checked by checkPng like every logo read from a
 * document. An SVG never leaves the server and is never served: scripts, event handlers and
 * animations do nothing in a PNG. Refused before drawing: more than MAX_LOGO_BYTES, not
 * UTF-8, a DOCTYPE or ENTITY declaration (entity expansion such as "billion laughs"), any
 * reference out of the file (href, xlink:href, url(), @import that is not `#...` or an
 * embedded PNG/JPEG), declared sides above MAX_SVG_SIDE, a logo that is a thin line.
 */
export async function normaliseLogo(upload: Uint8Array): Promise<{ png: Uint8Array; width: number; height: number }> {
  if (upload.byteLength === 0) throw new LogoRefused('The file is empty.');
  if (upload.byteLength > MAX_LOGO_BYTES) throw new LogoRefused(`The logo is larger than ${MAX_LOGO_BYTES / 1024} KB.`);
  const isPng = Buffer.from(upload.subarray(0, 8)).equals(PNG_SIGNATURE);
  const svg = isPng ? pngAsSvg(upload) : checkedSvg(upload);
  let parsed: Resvg;
  try {
    parsed = new Resvg(svg, { ...RENDER_OPTIONS, fitTo: { mode: 'original' } });
  } catch (error) {
    throw new LogoRefused(`The SVG could not be read (${String((error as Error).message).slice(0, 120)}).`);
  }
  if (parsed.imagesToResolve().length > 0) throw new LogoRefused('The SVG refers to images outside the file.');
  const { width, height } = parsed;
  if (!(width >= 1 && height >= 1)) throw new LogoRefused('The logo has no size.');
  if (width > MAX_SVG_SIDE || height > MAX_SVG_SIDE) {
    throw new LogoRefused(`The SVG says it is ${Math.round(width)} x ${Math.round(height)} px; at most ${MAX_SVG_SIDE} px a side.`);
  }
  if (width / height > MAX_ASPECT || height / width > MAX_ASPECT) throw new LogoRefused('The logo is far wider than high (or the reverse).');
  const zoom = Math.min(LOGO_BOX.width / width, LOGO_BOX.height / height);
  const rendered = await renderAsync(svg, { ...RENDER_OPTIONS, fitTo: { mode: 'zoom', value: zoom } });
  const png = new Uint8Array(rendered.asPng());
  const check = checkPng(png);
  if (!check.ok) throw new LogoRefused(`The drawn logo is not usable: ${check.reason}.`);
  return { png, width: check.width, height: check.height };
}

/** The SVG as text, once it has passed the checks that must come before any XML parser sees it. */
function checkedSvg(upload: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(upload);
  } catch {
    throw new LogoRefused('The file is neither a PNG nor an SVG in UTF-8.');
  }
  if (!/<svg[\s>]/i.test(text)) throw new LogoRefused('The file is neither a PNG nor an SVG.');
  if (/<!DOCTYPE|<!ENTITY|<!ATTLIST|<!ELEMENT/i.test(text)) throw new LogoRefused('The SVG has a DOCTYPE or ENTITY declaration, which Stip does not accept.');
  if (/<\?xml-stylesheet/i.test(text) || /@import/i.test(text)) throw new LogoRefused('The SVG loads a style sheet, which Stip does not accept.');
  for (const match of text.matchAll(/\bhref\s*=\s*(["'])(.*?)\1/gis)) {
    if (!isInternal(match[2]!)) throw new LogoRefused('The SVG refers to something outside the file (an href); embed it or remove it.');
  }
  for (const match of text.matchAll(/url\(\s*(["']?)(.*?)\1\s*\)/gis)) {
    if (!isInternal(match[2]!)) throw new LogoRefused('The SVG refers to something outside the file (a url()); embed it or remove it.');
  }
  return text;
}

/** `#id`, or an embedded PNG or JPEG (never an embedded SVG: it would skip these checks). */
function isInternal(reference: string): boolean {
  const value = reference.trim();
  return value.startsWith('#') || /^data:image\/(png|jpeg);base64,/i.test(value);
}

/** A PNG upload wrapped to be drawn anew (any colour type, depth or interlacing becomes 8-bit RGBA). */
function pngAsSvg(upload: Uint8Array): string {
  const view = Buffer.from(upload.buffer, upload.byteOffset, upload.byteLength);
  if (view.byteLength < 33 || view.toString('latin1', 12, 16) !== 'IHDR') throw new LogoRefused('The PNG is damaged.');
  const width = view.readUInt32BE(16);
  const height = view.readUInt32BE(20);
  if (width < 1 || height < 1 || width > MAX_PNG_SIDE || height > MAX_PNG_SIDE) {
    throw new LogoRefused(`The PNG is ${width} x ${height} px; at most ${MAX_PNG_SIDE} px a side.`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${toBase64(upload)}"/></svg>`;
}
