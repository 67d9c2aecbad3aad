import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PdfEngine, PdfKitDocument, PdfKitOptions } from '../../shared/pdf/pdfTypes';
import { TYPEFACES, fontFile, type FontFace, type Typeface } from '../../shared/styleValues';

const require = createRequire(import.meta.url);

/**
 * pdfkit in Node. A typeface's four TTFs are read once, on first use, and handed to pdfkit as
 * bytes (only the faces a page uses are embedded, as subsets). The builder gives pdfkit no
 * path or URL at all, so whatever a canvas contains, rendering it never reads or fetches
 * anything.
 */
export function createNodePdfEngine(): PdfEngine {
  const PDFDocument = require('pdfkit') as new (options: PdfKitOptions) => PdfKitDocument;
  const loaded = new Map<Typeface, Record<FontFace, Uint8Array>>();
  return {
    createDocument: (options) => new PDFDocument(options),
    async fonts(typeface) {
      let faces = loaded.get(typeface);
      if (!faces) {
        const dir = path.dirname(require.resolve(`@expo-google-fonts/${TYPEFACES[typeface].dir}/package.json`));
        const read = (face: FontFace) => new Uint8Array(fs.readFileSync(path.join(dir, fontFile(typeface, face))));
        faces = { normal: read('normal'), bold: read('bold'), italics: read('italics'), bolditalics: read('bolditalics') };
        loaded.set(typeface, faces);
      }
      return faces;
    },
  };
}
