// Loaded only when someone downloads a PDF: pdfkit and the fonts stay out of the first load.
import PDFDocument from 'pdfkit/js/pdfkit.standalone.js';
import type { PdfEngine } from '../../../shared/pdf/pdfTypes';
import { FONT_FACES, type FontFace, type Typeface } from '../../../shared/styleValues';
import { FONT_URLS } from '../style/fontFiles';

const loaded = new Map<Typeface, Promise<Record<FontFace, Uint8Array>>>();

/** A typeface's four TTFs (the same the server embeds), fetched once. */
function loadTypeface(typeface: Typeface): Promise<Record<FontFace, Uint8Array>> {
  let ready = loaded.get(typeface);
  if (!ready) {
    ready = (async () => {
      const faces = Object.keys(FONT_FACES) as FontFace[];
      const bytes = await Promise.all(
        faces.map(async (face) => {
          const response = await fetch(FONT_URLS[typeface][face]);
          if (!response.ok) throw new Error(`font ${typeface} ${face} could not be loaded (${response.status})`);
          return new Uint8Array(await response.arrayBuffer());
        }),
      );
      return Object.fromEntries(faces.map((face, i) => [face, bytes[i]!])) as Record<FontFace, Uint8Array>;
    })();
    ready.catch(() => loaded.delete(typeface));
    loaded.set(typeface, ready);
  }
  return ready;
}

/** pdfkit's standalone browser build, with the fonts fetched from the app's own assets. */
export const browserPdfEngine: PdfEngine = {
  createDocument: (options) => new PDFDocument(options),
  fonts: loadTypeface,
};
