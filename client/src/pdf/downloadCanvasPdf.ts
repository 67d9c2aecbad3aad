import type * as Y from 'yjs';
import { exportCanvas } from '../../../shared/canvasTransfer';
import { buildCanvasPdf, type CanvasPdf } from '../../../shared/pdf/buildCanvasPdf';
import { pdfFileName } from '../../../shared/pdf/pdfFileName';
import { saveBlob } from '../lib/saveBlob';

/** Builds the canvas's PDF in the browser (same builder as the server) and downloads it. */
export async function downloadCanvasPdf(doc: Y.Doc): Promise<CanvasPdf> {
  const { browserPdfEngine } = await import('./browserPdfEngine');
  const data = exportCanvas(doc);
  const pdf = await buildCanvasPdf(data, browserPdfEngine);
  saveBlob(new Blob([pdf.bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), `${pdfFileName(data.title)}.pdf`);
  return pdf;
}
