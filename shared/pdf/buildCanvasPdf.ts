import { noCheckpoint, type Checkpoint } from '../checkpoint';
import type { CanvasExport } from '../exportFormat';
import { DEFAULT_STYLE } from '../houseStyle';
import { canvasTitle } from '../outputWords';
import { FONT_FACES, type FontFace, type Typeface } from '../styleValues';
import { escapeXml } from '../xmlText';
import { A4, LAYOUT, canvasPage, faceFont } from './canvasPdfPage';
import type { PdfEngine, PdfKitDocument, PdfKitFont } from './pdfTypes';
import type { Measure } from './textLayout';
import { SMALLEST_SCALE } from './typeScale';

export { READABLE_SCALE, SMALLEST_SCALE } from './typeScale';
/** Below the smallest scale we keep shrinking rather than cut text off. */
const EMERGENCY_FLOOR = 0.02;
/** Where the search gives up going lower (nothing a canvas can hold comes near). */
const LAST_FLOOR = 1e-4;
/** Layouts are measured, not drawn: cheap enough to search the scale closely. */
const MAX_LAYOUTS = 24;

export interface CanvasPdf {
  bytes: Uint8Array;
  /** The type scale used: 1 when everything fits at full size. */
  scale: number;
  /** False when even SMALLEST_SCALE was too large: all text is there, but tiny. */
  fits: boolean;
  /** Layouts measured to find the scale (the page is drawn once). */
  layouts: number;
}

interface Attempt {
  scale: number;
  onePage: boolean;
  /** Height the content needs, in pt. */
  needed: number;
}

const AVAILABLE = A4.height - 2 * LAYOUT.margin;

/**
 * Builds the one-page A4 PDF of a canvas with pdfkit: tagged (PDF/UA: a structure tree in
 * reading order, the canvas's language, its title shown as the window title), fonts embedded
 * as subsets. When the content does not fit, one type scale for the whole page is searched,
 * measuring the layout with the real font metrics at each step; then the page is drawn once.
 *
 * `checkpoint` runs before every layout and, inside each, before every word and every drawn
 * line: a big canvas spends seconds in one layout, minutes in the search. Whatever it throws
 * stops the build and is what the returned promise rejects with.
 */
export async function buildCanvasPdf(data: CanvasExport, engine: PdfEngine, createdAt = new Date(), checkpoint: Checkpoint = noCheckpoint): Promise<CanvasPdf> {
  const typeface = (data.style ?? DEFAULT_STYLE).typeface;
  const fonts = await engine.fonts(typeface);
  const doc = engine.createDocument({
    size: [A4.width, A4.height],
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    font: null,
    pdfVersion: '1.7',
    subset: 'PDF/UA',
    tagged: true,
    lang: data.language,
    displayTitle: true,
    info: {
      Title: canvasTitle(data.title, data.language),
      Author: 'Stip',
      Subject: [data.title, data.subtitle].filter(Boolean).join(' · '),
      Creator: 'Stip',
      Producer: 'Stip (pdfkit)',
      CreationDate: createdAt,
    },
  });
  escapeXmpMetadata(doc);
  const bytes = collect(doc);
  for (const face of Object.keys(FONT_FACES) as FontFace[]) {
    doc.registerFont(faceFont(face), fonts[face]);
    fixNotdefWidth(doc.font(faceFont(face))._font);
  }
  const page = canvasPage(doc, data, measurer(doc, typeface), checkpoint);

  let layouts = 0;
  const attempt = (scale: number): Attempt => {
    checkpoint();
    layouts += 1;
    const needed = page.height(scale);
    return { scale, onePage: needed <= AVAILABLE, needed };
  };
  const full = attempt(1);
  let chosen: Attempt;
  let fits = true;
  if (full.onePage) chosen = full;
  else {
    const found = search(attempt, full, SMALLEST_SCALE, MAX_LAYOUTS);
    if (found) chosen = found;
    else {
      fits = false;
      let tooBig = attempt(SMALLEST_SCALE);
      let floor = EMERGENCY_FLOOR;
      let below = tooBig.onePage ? tooBig : search(attempt, tooBig, floor, MAX_LAYOUTS);
      // Nothing fits even at the floor: a lower floor, until it does (text is never cut off).
      while (!below) {
        tooBig = attempt(floor);
        if (tooBig.onePage || floor < LAST_FLOOR) {
          below = tooBig;
          break;
        }
        floor /= 4;
        below = search(attempt, tooBig, floor, MAX_LAYOUTS);
      }
      chosen = below;
    }
  }
  page.draw(chosen.scale);
  // Ending writes and compresses the page and subsets the fonts: one step, seconds long on a big
  // page, that no checkpoint can interrupt; so it is not begun once the work should stop.
  checkpoint();
  doc.end();
  return { bytes: await bytes, scale: chosen.scale, fits, layouts };
}

/** The part of pdfkit that writes the document's XMP metadata. */
interface PdfKitMetadata {
  info: Record<string, unknown>;
  endMetadata(): void;
}

/**
 * pdfkit 0.19 pastes the Info strings (title, subject...) into its XMP metadata as they are:
 * a title "Strategie & visie" made the XML invalid, a crafted one added elements. While the
 * XMP is written (the Info dictionary is already out, with the real strings), it gets them
 * escaped, without the characters XML cannot hold.
 */
function escapeXmpMetadata(doc: PdfKitDocument): void {
  const metadata = doc as unknown as PdfKitMetadata;
  const endMetadata = metadata.endMetadata.bind(doc);
  metadata.endMetadata = () => {
    const info = metadata.info;
    metadata.info = Object.fromEntries(Object.entries(info).map(([key, value]) => [key, typeof value === 'string' ? escapeXml(value) : value]));
    try {
      endMetadata();
    } finally {
      metadata.info = info;
    }
  };
}

/**
 * pdfkit 0.19 writes the width of .notdef (glyph 0, drawn for every character the font lacks)
 * in font units instead of 1/1000 em: in Inter (2048 units/em) a missing character advanced
 * twice what the layout measured, running into the next column. Opening a face embeds nothing
 * (only faces drawn with are), so all four are fixed up front.
 */
function fixNotdefWidth(font: PdfKitFont): void {
  font.widths[0] = font.font.getGlyph(0).advanceWidth * font.scale;
}

/**
 * Widths of strings at 1 pt per typeface, kept across documents: shaping a string with
 * fontkit is most of the cost of a layout, and the same words come back in every PDF of a
 * canvas. Both engines embed the same TTFs, so a typeface's widths are the same everywhere.
 */
const WIDTHS = new Map<Typeface, Map<string, number>>();
const MAX_WIDTHS = 200_000;

/** Text widths at 1 pt from the document's fonts, cached per face and string. */
function measurer(doc: PdfKitDocument, typeface: Typeface): Measure {
  let cache = WIDTHS.get(typeface);
  if (!cache || cache.size > MAX_WIDTHS) {
    cache = new Map();
    WIDTHS.set(typeface, cache);
  }
  return (text, face) => {
    const key = `${face}\u0000${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      width = doc.font(faceFont(face)).fontSize(1000).widthOfString(text) / 1000;
      cache!.set(key, width);
    }
    return width;
  };
}

/** The document's bytes once it has ended. */
function collect(doc: PdfKitDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on('data', (chunk) => chunks.push(chunk));
    doc.on('error', reject);
    doc.on('end', () => {
      const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
      let offset = 0;
      for (const chunk of chunks) {
        out.set(chunk, offset);
        offset += chunk.byteLength;
      }
      resolve(out);
    });
  });
}

/**
 * The largest scale in [floor, tooBig.scale) that fits on one page. Text height grows about
 * with the square of the type size (bigger letters, fewer per line), so each guess is
 * sqrt(available / needed) of the last, kept inside the bracket; a bisection step when the
 * guess would not narrow it.
 */
function search(attempt: (scale: number) => Attempt, tooBig: Attempt, floor: number, maxSteps: number): Attempt | null {
  let hi = tooBig;
  let lo: Attempt | null = null;
  let guess = Math.max(floor, tooBig.scale * Math.sqrt(AVAILABLE / tooBig.needed) * 0.995);
  for (let step = 0; step < maxSteps; step++) {
    const current = attempt(guess);
    if (current.onePage) lo = current;
    else hi = current;
    const low = lo?.scale ?? floor;
    if (hi.scale - low < 0.002) break;
    if (!lo && guess <= floor) break;
    const estimate = current.scale * Math.sqrt(AVAILABLE / Math.max(1, current.needed)) * (current.onePage ? 0.999 : 0.995);
    guess = estimate > low + 0.0005 && estimate < hi.scale - 0.0005 ? estimate : (low + hi.scale) / 2;
  }
  return lo;
}
