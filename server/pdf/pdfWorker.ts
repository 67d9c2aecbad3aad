// Worker thread: renders canvas PDFs so a fit search (several layouts) never blocks the rooms.
import { parentPort } from 'node:worker_threads';
import { buildCanvasPdf } from '../../shared/pdf/buildCanvasPdf';
import type { CanvasExport } from '../../shared/exportFormat';
import { createNodePdfEngine } from './nodePdfEngine';

export interface PdfJob {
  id: number;
  data: CanvasExport;
  createdAt: number;
}

export type PdfJobResult =
  | { id: number; ok: true; bytes: Uint8Array; scale: number; fits: boolean; renders: number }
  | { id: number; ok: false; error: string };

const engine = createNodePdfEngine();

parentPort?.on('message', (job: PdfJob) => {
  buildCanvasPdf(job.data, engine, new Date(job.createdAt)).then(
    (pdf) => {
      const result: PdfJobResult = { id: job.id, ok: true, bytes: pdf.bytes, scale: pdf.scale, fits: pdf.fits, renders: pdf.renders };
      parentPort?.postMessage(result, [pdf.bytes.buffer as ArrayBuffer]);
    },
    (error: Error) => parentPort?.postMessage({ id: job.id, ok: false, error: error.message } satisfies PdfJobResult),
  );
});
