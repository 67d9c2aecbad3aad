declare module 'pdfmake/build/pdfmake' {
  import type { PdfDocDefinition } from '../../../shared/pdf/pdfTypes';

  interface BrowserPdfMake {
    addVirtualFileSystem(vfs: Record<string, string>): void;
    addFonts(fonts: Record<string, Record<string, string>>): void;
    setUrlAccessPolicy(policy: (url: string) => boolean): void;
    createPdf(definition: PdfDocDefinition): { getBuffer(): Promise<Uint8Array> };
  }
  const pdfMake: BrowserPdfMake;
  export default pdfMake;
}
