/**
 * The values a canvas's house style is made of, and the checks every one of them passes
 * wherever it is read or written (the settings table, the server's judging, import, the PDF):
 * colours as `#rrggbb` that keep text readable (WCAG AA), a typeface Stip ships, and a logo
 * that is a PNG Stip made itself (see server/style/logoImage.ts). Pure: no DOM, no Node.
 */
import { unzlibSync } from 'fflate';

/**
 * The typefaces Stip ships for screen and PDF alike (TTF from `@expo-google-fonts/*`).
 * `naturalLine` is the font's own line (ascent - descent, in em); the page's CSS line heights
 * are a multiple of the type size, and the PDF sets its lines the same way.
 */
export const TYPEFACES = {
  inter: { label: 'Inter', dir: 'inter', prefix: 'Inter', generic: 'sans-serif', naturalLine: 1.21 },
  sourceSans3: { label: 'Source Sans 3', dir: 'source-sans-3', prefix: 'SourceSans3', generic: 'sans-serif', naturalLine: 1.424 },
  firaSans: { label: 'Fira Sans', dir: 'fira-sans', prefix: 'FiraSans', generic: 'sans-serif', naturalLine: 1.2 },
  notoSerif: { label: 'Noto Serif', dir: 'noto-serif', prefix: 'NotoSerif', generic: 'serif', naturalLine: 1.362 },
} as const;
export type Typeface = keyof typeof TYPEFACES;
export const TYPEFACE_KEYS = Object.keys(TYPEFACES) as [Typeface, ...Typeface[]];

/** The four faces a typeface ships (the PDF embeds those it uses) and the `@expo-google-fonts` weight folder of each. */
export const FONT_FACES = {
  normal: '400Regular',
  bold: '700Bold',
  italics: '400Regular_Italic',
  bolditalics: '700Bold_Italic',
} as const;
export type FontFace = keyof typeof FONT_FACES;

/** A face's TTF inside its package, e.g. `400Regular/Inter_400Regular.ttf`. */
export function fontFile(typeface: Typeface, face: FontFace): string {
  const weight = FONT_FACES[face];
  return `${weight}/${TYPEFACES[typeface].prefix}_${weight}.ttf`;
}

/** The CSS font-family list of a typeface (the @font-face name is its label). */
export function cssFontFamily(typeface: Typeface): string {
  const { label, generic } = TYPEFACES[typeface];
  return `'${label}', system-ui, ${generic}`;
}

// ---------------------------------------------------------------------------------------
// Colours and contrast (WCAG 2.2: relative luminance, contrast ratio, AA 4.5:1 for text).
// ---------------------------------------------------------------------------------------

export const HEX_COLOR = /^#[0-9a-f]{6}$/;
export const AA_TEXT = 4.5;

/** The colours of the page that the style does not change. */
export const PAGE_COLORS = { paper: '#ffffff', ink: '#1c2430' } as const;

/** Stip's own style, which a canvas has until it (or the installation) sets another. */
export const STIP_STYLE = { primaryColor: '#1d4e6e', accentColor: '#f2b441', typeface: 'inter' } as const;

function channels(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

function toHex(rgb: number[]): string {
  return `#${rgb.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
}

/** `amount` (0..1) of `color` over `base`. */
export function mix(color: string, base: string, amount: number): string {
  const a = channels(color);
  const b = channels(base);
  return toHex(a.map((c, i) => c * amount + b[i]! * (1 - amount)));
}

export function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The colours the page draws with, derived from the style's two colours:
 * - `primary`: zone headings, links, the rule under the header and the horizon's left rule;
 * - `band`: the horizon's background, a tint of the primary colour;
 * - `bandInk`: the horizon's text, the primary colour darkened;
 * - `accent`: the pillars' top rules only (lines that carry no information).
 */
export function pageColors(primary: string, accent: string) {
  return { primary, accent, band: mix(primary, PAGE_COLORS.paper, 0.08), bandInk: mix(primary, '#000000', 0.55) };
}

/** Each pair of text and background the style takes part in; all must reach AA. */
export function contrastPairs(primary: string): { what: 'primaryOnPaper' | 'primaryOnBand' | 'inkOnBand' | 'bandInkOnBand'; text: string; background: string }[] {
  const colors = pageColors(primary, primary);
  return [
    { what: 'primaryOnPaper', text: primary, background: PAGE_COLORS.paper },
    { what: 'primaryOnBand', text: primary, background: colors.band },
    { what: 'inkOnBand', text: PAGE_COLORS.ink, background: colors.band },
    { what: 'bandInkOnBand', text: colors.bandInk, background: colors.band },
  ];
}

/** The lowest contrast of the primary colour's pairs. */
export function weakestContrast(primary: string): number {
  return Math.min(...contrastPairs(primary).map((pair) => contrastRatio(pair.text, pair.background)));
}

/** True when every text the primary colour is used for, or drawn on, reaches AA. */
export function primaryReadable(primary: string): boolean {
  return HEX_COLOR.test(primary) && weakestContrast(primary) >= AA_TEXT;
}

/** The primary colour made dark enough for AA (mixed towards black in small steps); itself when it passes. */
export function readablePrimary(primary: string): string {
  let color = primary;
  for (let step = 1; step <= 40 && !primaryReadable(color); step++) color = mix('#000000', primary, step * 0.025);
  return color;
}

/** A ratio as people read it, in their locale: 4.48 -> "4.4" or "4,4" (never rounded up past a threshold). */
export function formatRatio(ratio: number, locale = 'en'): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.floor(ratio * 10) / 10);
}

// ---------------------------------------------------------------------------------------
// The logo: a PNG, checked chunk by chunk (signature, IHDR, CRCs, IEND) before anything uses it.
// ---------------------------------------------------------------------------------------

export const MAX_LOGO_BYTES = 512 * 1024;
/** The largest side of a stored logo; uploads are drawn to fit LOGO_BOX (server). */
export const MAX_LOGO_SIDE = 2048;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export type PngCheck = { ok: true; width: number; height: number } | { ok: false; reason: string };

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; ) {
    // 3800 sums stay below 2^31 before the modulo.
    const end = Math.min(bytes.length, i + 3800);
    for (; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * Why the image data (the IDAT chunks joined) is not `height` rows of `channels` bytes a pixel,
 * each after a filter byte 0..4, as one zlib stream with the right checksum; or null. pdfkit
 * inflates a logo in a callback where an error cannot be caught: a PNG it cannot decode must
 * never get that far.
 */
function checkPixels(chunks: Uint8Array[], width: number, height: number, channels: number): string | null {
  const stream = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    stream.set(chunk, at);
    at += chunk.length;
  }
  const row = 1 + width * channels;
  const expected = row * height;
  let pixels: Uint8Array;
  try {
    // One byte more than the image needs: a stream that inflates to more fills it.
    pixels = unzlibSync(stream, { out: new Uint8Array(expected + 1) });
  } catch {
    return 'image data that does not decompress';
  }
  if (pixels.length !== expected) return 'image data of the wrong size';
  if (stream.length < 6 || adler32(pixels) !== new DataView(stream.buffer, stream.length - 4).getUint32(0)) return 'image data with a wrong checksum';
  for (let y = 0; y < height; y++) if (pixels[y * row]! > 4) return 'an unknown row filter';
  return null;
}

/**
 * Whether `bytes` is a PNG the page, the projector and the PDF may draw: at most
 * MAX_LOGO_BYTES, every chunk whole with a right CRC, IHDR first (8-bit RGB or RGBA, not
 * interlaced, sides 1..MAX_LOGO_SIDE), at least one IDAT whose data inflates to exactly the
 * image's rows, each with a known filter, IEND last. What the server's
 * converter writes always passes; anything else a client puts in the document is refused.
 */
export function checkPng(bytes: Uint8Array): PngCheck {
  if (bytes.byteLength > MAX_LOGO_BYTES) return { ok: false, reason: `larger than ${MAX_LOGO_BYTES / 1024} KB` };
  if (bytes.byteLength < 8 + 25 + 12 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return { ok: false, reason: 'not a PNG' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const data: Uint8Array[] = [];
  let index = 0;
  while (offset + 12 <= bytes.byteLength) {
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (length > bytes.byteLength || end > bytes.byteLength) return { ok: false, reason: 'a chunk runs past the end' };
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (crc32(bytes, offset + 4, offset + 8 + length) !== view.getUint32(offset + 8 + length)) return { ok: false, reason: `chunk ${type} is damaged` };
    if (index === 0) {
      if (type !== 'IHDR' || length !== 13) return { ok: false, reason: 'IHDR is not first' };
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      const [depth, color, compression, filter, interlace] = bytes.subarray(offset + 16, offset + 21);
      colorType = color!;
      if (width < 1 || height < 1 || width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE) {
        return { ok: false, reason: `${width} x ${height} pixels (at most ${MAX_LOGO_SIDE} a side)` };
      }
      if (depth !== 8 || (colorType !== 2 && colorType !== 6) || compression !== 0 || filter !== 0 || interlace !== 0) {
        return { ok: false, reason: 'not an 8-bit RGB(A) PNG without interlacing' };
      }
    } else if (type === 'IHDR') {
      return { ok: false, reason: 'a second IHDR' };
    }
    if (type === 'IDAT') data.push(bytes.subarray(offset + 8, offset + 8 + length));
    index += 1;
    offset = end;
    if (type === 'IEND') {
      if (offset !== bytes.byteLength) return { ok: false, reason: 'bytes after IEND' };
      if (data.length === 0) return { ok: false, reason: 'no image data' };
      const problem = checkPixels(data, width, height, colorType === 6 ? 4 : 3);
      return problem ? { ok: false, reason: problem } : { ok: true, width, height };
    }
  }
  return { ok: false, reason: 'no IEND' };
}

// Base64 without Buffer (the browser has none); atob/btoa exist in Node too.
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The bytes of a base64 string, or null when it is not base64. */
export function fromBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
