// Loaded only when someone downloads a PDF: pdfmake and the fonts stay out of the first load.
import pdfMake from 'pdfmake/build/pdfmake';
import regularUrl from '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf?url';
import boldUrl from '@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf?url';
import italicUrl from '@expo-google-fonts/inter/400Regular_Italic/Inter_400Regular_Italic.ttf?url';
import boldItalicUrl from '@expo-google-fonts/inter/700Bold_Italic/Inter_700Bold_Italic.ttf?url';
import { PDF_FONT, type PdfEngine } from '../../../shared/pdf/pdfTypes';

const FACES = { normal: regularUrl, bold: boldUrl, italics: italicUrl, bolditalics: boldItalicUrl } as const;

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

let ready: Promise<PdfEngine> | null = null;

/** pdfmake in the browser with the same Inter TTFs the server embeds. */
export function browserPdfEngine(): Promise<PdfEngine> {
  ready ??= (async () => {
    const vfs: Record<string, string> = {};
    const faces: Record<string, string> = {};
    await Promise.all(
      Object.entries(FACES).map(async ([face, url]) => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`font ${face} could not be loaded (${response.status})`);
        const name = `stip-${face}.ttf`;
        vfs[name] = toBase64(await response.arrayBuffer());
        faces[face] = name;
      }),
    );
    pdfMake.addVirtualFileSystem(vfs);
    pdfMake.addFonts({ [PDF_FONT]: faces });
    pdfMake.setUrlAccessPolicy(() => false);
    return { render: (definition) => pdfMake.createPdf(definition).getBuffer() };
  })();
  ready.catch(() => {
    ready = null;
  });
  return ready;
}
