import { Worker } from 'node:worker_threads';
import type { CanvasExport } from '../../shared/exportFormat';
import type { Logger } from '../logger';
import type { PdfJob, PdfJobResult } from './pdfWorker';

export interface RenderedPdf {
  bytes: Uint8Array;
  scale: number;
  fits: boolean;
}

const JOB_TIMEOUT_MS = 30_000;
/**
 * PDFs waiting or rendering at once. One render takes 0.2-1 s, so the last in line waits a few
 * seconds; past this the request is refused (429) instead of waiting towards the timeout.
 */
export const MAX_PDF_QUEUE = 8;

/** The PDF worker has MAX_PDF_QUEUE jobs already: ask again in a moment. */
export class PdfBusy extends Error {}

interface Pending {
  resolve: (pdf: RenderedPdf) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Renders PDFs in one worker thread, started on first use. A job that hangs or a worker
 * that dies fails its requests, and the next request starts a fresh worker.
 */
export class PdfRenderer {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly logger: Logger) {}

  render(data: CanvasExport): Promise<RenderedPdf> {
    if (this.pending.size >= MAX_PDF_QUEUE) return Promise.reject(new PdfBusy(`${MAX_PDF_QUEUE} PDFs are being made; try again in a few seconds.`));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<RenderedPdf>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.logger.error('PDF render timed out; restarting the PDF worker', { ms: JOB_TIMEOUT_MS });
        this.failAll(new Error('PDF rendering timed out'));
        void worker.terminate();
      }, JOB_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, data, createdAt: Date.now() } satisfies PdfJob);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.failAll(new Error('server stopping'));
    await worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // tsx compiles the worker's TypeScript, as it does the server's.
    const worker = new Worker(new URL('./pdfWorkerEntry.mjs', import.meta.url));
    worker.unref();
    worker.on('message', (result: PdfJobResult) => {
      const job = this.pending.get(result.id);
      if (!job) return;
      this.pending.delete(result.id);
      clearTimeout(job.timer);
      if (result.ok) job.resolve({ bytes: new Uint8Array(result.bytes), scale: result.scale, fits: result.fits });
      else job.reject(new Error(result.error));
    });
    const onGone = (reason: string) => {
      if (this.worker === worker) this.worker = null;
      this.failAll(new Error(reason));
    };
    worker.on('error', (error) => {
      this.logger.error('PDF worker failed', { error: error.message });
      onGone(`PDF worker failed: ${error.message}`);
    });
    worker.on('exit', () => onGone('PDF worker stopped'));
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const [id, job] of this.pending) {
      clearTimeout(job.timer);
      job.reject(error);
      this.pending.delete(id);
    }
  }
}
