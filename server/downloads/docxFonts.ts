import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DocxFonts } from '../../shared/canvasDocx';
import { FONT_FACES, TYPEFACES, fontFile, type FontFace, type Typeface } from '../../shared/styleValues';

const require = createRequire(import.meta.url);
const loaded = new Map<Typeface, DocxFonts>();

/**
 * The four TTF faces of a typeface Stip ships, as the Word document embeds them: the same files
 * the PDF and the client use (`@expo-google-fonts/*`), read once per worker.
 */
export function docxFonts(typeface: Typeface): DocxFonts {
  let fonts = loaded.get(typeface);
  if (!fonts) {
    const dir = path.dirname(require.resolve(`@expo-google-fonts/${TYPEFACES[typeface].dir}/package.json`));
    const faces = Object.keys(FONT_FACES) as FontFace[];
    fonts = Object.fromEntries(faces.map((face) => [face, fs.readFileSync(path.join(dir, fontFile(typeface, face)))])) as DocxFonts;
    loaded.set(typeface, fonts);
  }
  return fonts;
}
