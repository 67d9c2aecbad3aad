import type { CanvasExport } from '../exportFormat';
import { A4, END_MARKER, LAYOUT, canvasPdfDocument } from './canvasPdfDocument';
import type { PdfEngine } from './pdfTypes';

import { SMALLEST_SCALE } from './typeScale';

export { READABLE_SCALE, SMALLEST_SCALE } from './typeScale';
/** Below the smallest scale we keep shrinking rather than cut text off. */
const EMERGENCY_FLOOR = 0.02;
const MAX_RENDERS = 8;

export interface CanvasPdf {
  bytes: Uint8Array;
  /** The type scale used: 1 when everything fits at full size. */
  scale: number;
  /** False when even SMALLEST_SCALE was too large: all text is there, but tiny. */
  fits: boolean;
  /** Layouts made to find the scale. */
  renders: number;
}

interface Attempt {
  scale: number;
  bytes: Uint8Array;
  onePage: boolean;
  /** Height the content needs, in pt, measured from the end marker. */
  needed: number;
}

const AVAILABLE = A4.height - 2 * LAYOUT.margin;

/**
 * Builds the one-page A4 PDF of a canvas. When the content does not fit, one type scale for
 * the whole page is searched, each step a real layout, until it does.
 */
export async function buildCanvasPdf(data: CanvasExport, engine: PdfEngine, createdAt = new Date()): Promise<CanvasPdf> {
  let renders = 0;
  const attempt = async (scale: number): Promise<Attempt> => {
    renders += 1;
    let end = { pageNumber: 1, top: 0 };
    let pages = 0;
    const definition = canvasPdfDocument(data, scale, createdAt);
    // Called for every laid-out node: tells the page count and where the end marker landed.
    definition.pageBreakBefore = (node) => {
      pages = Math.max(pages, node.pages ?? 0);
      if (node.id === END_MARKER) end = node.startPosition;
      return false;
    };
    const bytes = await engine.render(definition);
    const needed = (end.pageNumber - 1) * AVAILABLE + (end.top - LAYOUT.margin);
    return { scale, bytes, onePage: pages === 1, needed };
  };

  const full = await attempt(1);
  if (full.onePage) return { bytes: full.bytes, scale: 1, fits: true, renders };

  let best = await search(attempt, full, SMALLEST_SCALE, MAX_RENDERS - 1);
  if (best) return { bytes: best.bytes, scale: best.scale, fits: true, renders };
  const smallest = await attempt(SMALLEST_SCALE);
  best = smallest.onePage ? smallest : await search(attempt, smallest, EMERGENCY_FLOOR, 6);
  const final = best ?? (await attempt(EMERGENCY_FLOOR));
  return { bytes: final.bytes, scale: final.scale, fits: false, renders };
}

/**
 * The largest scale in [floor, tooBig.scale) that fits on one page. Text height grows about
 * with the square of the type size (bigger letters, fewer per line), so each guess is
 * sqrt(available / needed) of the last, kept inside the bracket; a bisection step when the
 * guess would not narrow it.
 */
async function search(
  attempt: (scale: number) => Promise<Attempt>,
  tooBig: Attempt,
  floor: number,
  maxSteps: number,
): Promise<Attempt | null> {
  let hi = tooBig;
  let lo: Attempt | null = null;
  let guess = Math.max(floor, tooBig.scale * Math.sqrt(AVAILABLE / tooBig.needed) * 0.995);
  for (let step = 0; step < maxSteps; step++) {
    const current = await attempt(guess);
    if (current.onePage) lo = current;
    else hi = current;
    const low = lo?.scale ?? floor;
    if (hi.scale - low < 0.01) break;
    if (!lo && guess <= floor) break;
    const estimate = current.scale * Math.sqrt(AVAILABLE / Math.max(1, current.needed)) * (current.onePage ? 0.999 : 0.995);
    guess = estimate > low + 0.002 && estimate < hi.scale - 0.002 ? estimate : (low + hi.scale) / 2;
  }
  return lo;
}
