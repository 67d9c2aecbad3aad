import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger';
import type { CanvasSource, DownloadJob, DownloadKind, MadeContent, WorkerMessage } from './downloadWorker';
import { workerEnvironment, type WorkerSetup } from './workerSetup';

export type { CanvasSource, DownloadKind, MadeContent } from './downloadWorker';

/**
 * A download made by a worker: the file (its bytes, or a temporary file whoever sends it
 * deletes: see transport/downloads.ts), the canvas title (for its name), and facts of its kind.
 */
export interface Download {
  content: MadeContent;
  title: string;
  /** The PDF's type scale and whether it fit; empty for the other kinds. */
  meta: { scale?: number; fits?: boolean };
}

/** Every worker has its queue full: ask again in a moment (429 rate_limited). */
export class DownloadBusy extends Error {}

/** This job ran past its deadline; its worker was stopped and replaced (503 timeout). */
export class DownloadTimeout extends Error {}

/** The worker could not make this download (500 internal_error); the other jobs go on. */
export class DownloadFailed extends Error {}

export interface DownloadPoolOptions {
  /** Worker processes at most; started on demand. */
  workers: number;
  /** Jobs waiting or running at once; one more is refused before any work is done for it. */
  maxQueued: number;
  /** How long one job may run in a worker before the worker is stopped. */
  timeoutMs: number;
  /** The worker's entry; tests pass one of their own. */
  workerUrl?: URL;
  /** What every worker is started with (see downloadWorker's WorkerSetup). */
  setup?: WorkerSetup;
}

interface Job {
  id: number;
  kind: DownloadKind;
  source: CanvasSource | null;
  createdAt: number;
  resolve: (download: Download) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: ChildProcess;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Makes downloads (export JSON, Markdown, PDF, ...) in worker processes, so no download costs
 * the rooms' event loop more than handing over the canvas (its id, or its state as bytes).
 * Processes, not threads: a worker process runs at the lowest priority with all its threads,
 * its garbage collector's too; a worker thread's collector runs on the server's own helper
 * threads, at the rooms' priority (measured: as much CPU as the worker itself on a big PDF).
 *
 * - Admission comes first: `run` refuses a job past `maxQueued` before its input is read.
 * - A worker takes one job at a time; the job's deadline starts when the worker starts it. A job
 *   past its deadline fails alone (DownloadTimeout): its worker is terminated and replaced.
 * - A job whose worker reports an error, or dies under it, fails alone (DownloadFailed).
 * - A new kind of download is one more entry in the worker's table of kinds.
 */
export class DownloadPool {
  private readonly slots = new Set<Slot>();
  private readonly waiting: Job[] = [];
  /** Admitted jobs not yet settled, including those still reading their input. */
  private admitted = 0;
  private nextId = 1;
  private closed = false;
  private readonly workerUrl: URL;
  /** The workers' temporary files (made once, removed on close). */
  private filesDir: string | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly options: DownloadPoolOptions,
  ) {
    this.workerUrl = options.workerUrl ?? new URL('./downloadWorkerEntry.mjs', import.meta.url);
  }

  /** Jobs admitted and not yet settled (waiting, reading their input, or running). */
  get load(): number {
    return this.admitted;
  }

  /**
   * Makes a download of `kind` from what `read` returns. `read` runs only once the job is
   * admitted; an error it throws (a 404, say) is the job's result and frees its place.
   */
  async run(kind: DownloadKind, read: () => CanvasSource | Promise<CanvasSource>): Promise<Download> {
    if (this.closed) throw new DownloadFailed('The server is stopping.');
    if (this.admitted >= this.options.maxQueued) {
      throw new DownloadBusy(`${this.options.maxQueued} downloads are being made; try again in a few seconds.`);
    }
    this.admitted += 1;
    try {
      const source = await read();
      return await new Promise<Download>((resolve, reject) => {
        this.waiting.push({ id: this.nextId++, kind, source, createdAt: Date.now(), resolve, reject });
        this.pump();
      });
    } finally {
      this.admitted -= 1;
    }
  }

  /** The made files not yet sent and deleted (see transport/downloads.ts). */
  temporaryFiles(): string[] {
    return this.filesDir && fs.existsSync(this.filesDir) ? fs.readdirSync(this.filesDir) : [];
  }

  async close(): Promise<void> {
    this.closed = true;
    const stopping = [...this.slots].map((slot) => this.drop(slot, new DownloadFailed('The server is stopping.')));
    for (const job of this.waiting.splice(0)) job.reject(new DownloadFailed('The server is stopping.'));
    await Promise.all(stopping);
    if (this.filesDir) fs.rmSync(this.filesDir, { recursive: true, force: true });
  }

  /** Hands waiting jobs to idle ready workers, and starts workers while jobs wait. */
  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.waiting.length === 0) return;
      if (slot.ready && !slot.job) this.start(slot, this.waiting.shift()!);
    }
    const starting = [...this.slots].filter((slot) => !slot.ready).length;
    while (this.waiting.length > starting && this.slots.size < this.options.workers) this.spawn();
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.timer = setTimeout(() => {
      this.logger.error('a download ran past its deadline; replacing its worker', { kind: job.kind, ms: this.options.timeoutMs });
      void this.drop(slot, new DownloadTimeout(`The download took longer than ${formatSeconds(this.options.timeoutMs)} to make; try again, or shorten the canvas.`));
      this.pump();
    }, this.options.timeoutMs);
    const message: DownloadJob = { id: job.id, kind: job.kind, source: job.source!, createdAt: job.createdAt };
    // The input now belongs to the worker's message; the job keeps no copy of it.
    job.source = null;
    slot.worker.send(message);
  }

  private spawn(): void {
    // The entry loads the worker's TypeScript through tsx, as the server itself runs. Structured
    // clone over the channel ('advanced'), so bytes go as bytes, not as JSON.
    this.filesDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'stip-downloads-'));
    const worker = fork(fileURLToPath(this.workerUrl), [], {
      serialization: 'advanced',
      execArgv: [],
      env: workerEnvironment({ ...this.options.setup, filesDir: this.filesDir }),
    });
    // An idle worker keeps the server's process from exiting no more than a worker thread did.
    worker.unref();
    worker.channel?.unref();
    const slot: Slot = { worker, ready: false, job: null, timer: null };
    this.slots.add(slot);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        slot.ready = true;
      } else {
        const job = slot.job;
        if (!job || job.id !== message.id) return;
        this.finish(slot);
        if (message.ok) job.resolve({ content: message.content, title: message.title, meta: message.meta });
        else {
          this.logger.error('a download failed', { kind: job.kind, error: message.error });
          job.reject(new DownloadFailed(message.error));
        }
      }
      this.pump();
    });
    const gone = (reason: string) => {
      if (!this.slots.has(slot)) return;
      this.logger.error('a download worker stopped', { reason });
      const wasReady = slot.ready;
      void this.drop(slot, new DownloadFailed(`The download worker stopped: ${reason}`));
      // A worker that cannot even start would be restarted for ever: what waits fails with it.
      if (!wasReady) for (const job of this.waiting.splice(0)) job.reject(new DownloadFailed(`No download worker could start: ${reason}`));
      this.pump();
    };
    worker.on('error', (error) => gone(error.message));
    worker.on('exit', (code, signal) => gone(`exit code ${code ?? signal}`));
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  /** Removes a worker for good, failing the job it held with `error`. */
  private drop(slot: Slot, error: Error): Promise<void> {
    const job = slot.job;
    this.finish(slot);
    this.slots.delete(slot);
    job?.reject(error);
    const { worker } = slot;
    if (worker.exitCode !== null || worker.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.kill('SIGKILL');
    return exited;
  }
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
