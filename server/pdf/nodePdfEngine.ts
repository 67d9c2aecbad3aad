import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PdfDocDefinition, PdfEngine } from '../../shared/pdf/pdfTypes';
import { FONT_FACES, TYPEFACES, TYPEFACE_KEYS, fontFile, type FontFace } from '../../shared/styleValues';

interface PdfMake {
  virtualfs: { writeFileSync(name: string, data: Buffer): void };
  addFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(definition: PdfDocDefinition): { getBuffer(): Promise<Buffer> };
}

const require = createRequire(import.meta.url);

/**
 * pdfmake in Node. The fonts of every typeface Stip ships are read once into pdfmake's virtual
 * file system (only the ones a page uses are embedded, as subsets), and then every URL and
 * every local path is refused: whatever a canvas contains, rendering it can never fetch or read
 * anything. (The logo is a `data:` URL, which pdfmake decodes without asking either policy.)
 */
export function createNodePdfEngine(): PdfEngine {
  const pdfmake = require('pdfmake') as PdfMake;
  const fonts: Record<string, Record<string, string>> = {};
  for (const typeface of TYPEFACE_KEYS) {
    const fontDir = path.dirname(require.resolve(`@expo-google-fonts/${TYPEFACES[typeface].dir}/package.json`));
    const faces: Record<string, string> = {};
    for (const face of Object.keys(FONT_FACES) as FontFace[]) {
      const file = fontFile(typeface, face);
      const name = `stip-${path.basename(file)}`;
      pdfmake.virtualfs.writeFileSync(name, fs.readFileSync(path.join(fontDir, file)));
      faces[face] = name;
    }
    fonts[TYPEFACES[typeface].label] = faces;
  }
  pdfmake.addFonts(fonts);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  return {
    async render(definition) {
      const buffer = await pdfmake.createPdf(definition).getBuffer();
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    },
  };
}
