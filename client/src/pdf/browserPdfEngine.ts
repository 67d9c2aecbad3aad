// Loaded only when someone downloads a PDF: pdfmake and the fonts stay out of the first load.
import pdfMake from 'pdfmake/build/pdfmake';
import type { PdfEngine } from '../../../shared/pdf/pdfTypes';
import { FONT_FACES, TYPEFACES, toBase64, type FontFace, type Typeface } from '../../../shared/styleValues';
import { FONT_URLS } from '../style/fontFiles';

pdfMake.setUrlAccessPolicy(() => false);

const loaded = new Map<Typeface, Promise<void>>();

/** Registers a typeface's four TTFs (the same the server embeds) with pdfmake, once. */
function loadTypeface(typeface: Typeface): Promise<void> {
  let ready = loaded.get(typeface);
  if (!ready) {
    ready = (async () => {
      const vfs: Record<string, string> = {};
      const faces: Record<string, string> = {};
      await Promise.all(
        (Object.keys(FONT_FACES) as FontFace[]).map(async (face) => {
          const response = await fetch(FONT_URLS[typeface][face]);
          if (!response.ok) throw new Error(`font ${typeface} ${face} could not be loaded (${response.status})`);
          const name = `stip-${typeface}-${face}.ttf`;
          vfs[name] = toBase64(new Uint8Array(await response.arrayBuffer()));
          faces[face] = name;
        }),
      );
      pdfMake.addVirtualFileSystem(vfs);
      pdfMake.addFonts({ [TYPEFACES[typeface].label]: faces });
    })();
    ready.catch(() => loaded.delete(typeface));
    loaded.set(typeface, ready);
  }
  return ready;
}

/** pdfmake in the browser with the canvas's typeface loaded. */
export async function browserPdfEngine(typeface: Typeface): Promise<PdfEngine> {
  await loadTypeface(typeface);
  return { render: (definition) => pdfMake.createPdf(definition).getBuffer() };
}
