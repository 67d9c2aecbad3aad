import { Worker } from 'node:worker_threads';
import type { CanvasExport } from '../../shared/exportFormat';
import type { Logger } from '../logger';
import type { PdfJob, PdfJobResult } from './pdfWorker';

export interface RenderedPdf {
  bytes: Uint8Array;
  scale: number;
  fits: boolean;
}

/** A job that takes longer frees the worker: it fails (503 timeout), the others go on. */
const JOB_TIMEOUT_MS = 30_000;
/**
 * PDFs waiting or rendering at once. One render takes 0.2-1 s, so the last in line waits a few
 * seconds; past this the request is refused (429) instead of waiting towards the timeout.
 */
export const MAX_PDF_QUEUE = 8;

/** The PDF worker has MAX_PDF_QUEUE jobs already: ask again in a moment (429). */
export class PdfBusy extends Error {}

/** This job took longer than its deadline; its worker was stopped (503 timeout). */
export class PdfTimeout extends Error {}

interface Pending {
  data: CanvasExport;
  resolve: (pdf: RenderedPdf) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | null;
}

export interface PdfRendererOptions {
  timeoutMs?: number;
  /** The worker's entry; tests pass one of their own. */
  workerUrl?: URL;
}

/**
 * Renders PDFs in one worker thread, started on first use. The queue is checked before any
 * work for a request is done (the caller's export is built only once admitted). A job past its
 * deadline fails alone: the worker is replaced and the jobs behind it are sent to the new one.
 * A worker that crashes fails the jobs it held; the next request starts a fresh one.
 */
export class PdfRenderer {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  /** Jobs admitted whose input is still being read. */
  private building = 0;
  private nextId = 1;
  private readonly timeoutMs: number;
  private readonly workerUrl: URL;

  constructor(
    private readonly logger: Logger,
    options: PdfRendererOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? JOB_TIMEOUT_MS;
    this.workerUrl = options.workerUrl ?? new URL('./pdfWorkerEntry.mjs', import.meta.url);
  }

  /** Renders what `build` returns; `build` runs only once the job is admitted to the queue. */
  async render(build: () => Promise<CanvasExport>): Promise<RenderedPdf> {
    if (this.pending.size + this.building >= MAX_PDF_QUEUE) throw new PdfBusy(`${MAX_PDF_QUEUE} PDFs are being made; try again in a few seconds.`);
    this.building += 1;
    let data: CanvasExport;
    try {
      data = await build();
    } finally {
      this.building -= 1;
    }
    const id = this.nextId++;
    return new Promise<RenderedPdf>((resolve, reject) => {
      const job: Pending = { data, resolve, reject, timer: null };
      this.pending.set(id, job);
      this.dispatch(id, job);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.failAll(new Error('server stopping'));
    await worker?.terminate();
  }

  private dispatch(id: number, job: Pending): void {
    const worker = this.ensureWorker();
    if (job.timer) clearTimeout(job.timer);
    job.timer = setTimeout(() => this.timedOut(id, worker), this.timeoutMs);
    worker.postMessage({ id, data: job.data, createdAt: Date.now() } satisfies PdfJob);
  }

  private timedOut(id: number, worker: Worker): void {
    const job = this.pending.get(id);
    if (!job) return;
    this.logger.error('PDF render timed out; replacing the PDF worker', { ms: this.timeoutMs });
    this.pending.delete(id);
    job.reject(new PdfTimeout(`The PDF took longer than ${Math.round(this.timeoutMs / 1000)} s to make; try again, or shorten the canvas.`));
    // The worker is busy with this job for good: the others start again on a new one.
    if (this.worker === worker) this.worker = null;
    void worker.terminate();
    for (const [otherId, other] of this.pending) this.dispatch(otherId, other);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // tsx compiles the worker's TypeScript, as it does the server's.
    const worker = new Worker(this.workerUrl);
    worker.unref();
    worker.on('message', (result: PdfJobResult) => {
      const job = this.pending.get(result.id);
      if (!job) return;
      this.pending.delete(result.id);
      if (job.timer) clearTimeout(job.timer);
      if (result.ok) job.resolve({ bytes: new Uint8Array(result.bytes), scale: result.scale, fits: result.fits });
      else job.reject(new Error(result.error));
    });
    // A worker replaced after a timeout is gone on purpose: its jobs already moved on.
    const onGone = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
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
      if (job.timer) clearTimeout(job.timer);
      job.reject(error);
      this.pending.delete(id);
    }
  }
}
