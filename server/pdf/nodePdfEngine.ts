import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PDF_FONT, PDF_FONT_FILES, type PdfDocDefinition, type PdfEngine } from '../../shared/pdf/pdfTypes';

interface PdfMake {
  virtualfs: { writeFileSync(name: string, data: Buffer): void };
  addFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(definition: PdfDocDefinition): { getBuffer(): Promise<Buffer> };
}

const require = createRequire(import.meta.url);

/**
 * pdfmake in Node. The fonts are read once into pdfmake's virtual file system, and then every
 * URL and every local path is refused: whatever a canvas contains, rendering it can never
 * fetch or read anything.
 */
export function createNodePdfEngine(): PdfEngine {
  const pdfmake = require('pdfmake') as PdfMake;
  const fontDir = path.dirname(require.resolve('@expo-google-fonts/inter/package.json'));
  const faces: Record<string, string> = {};
  for (const [face, file] of Object.entries(PDF_FONT_FILES)) {
    const name = `stip-${path.basename(file)}`;
    pdfmake.virtualfs.writeFileSync(name, fs.readFileSync(path.join(fontDir, file)));
    faces[face] = name;
  }
  pdfmake.addFonts({ [PDF_FONT]: faces });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  return {
    async render(definition) {
      const buffer = await pdfmake.createPdf(definition).getBuffer();
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    },
  };
}
