declare module 'pdfkit/js/pdfkit.standalone.js' {
  import type { PdfKitDocument, PdfKitOptions } from '../../../shared/pdf/pdfTypes';

  const PDFDocument: new (options: PdfKitOptions) => PdfKitDocument;
  export default PDFDocument;
}
