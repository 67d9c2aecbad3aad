import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger';
import type { CanvasSource, DownloadJob, DownloadKind, JobResult, MadeContent, WorkerMessage } from './downloadWorker';
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

/** This job ran past its deadline and was given up (503 timeout). */
export class DownloadTimeout extends Error {}

/** The worker could not make this download (500 internal_error); the other jobs go on. */
export class DownloadFailed extends Error {}

export interface DownloadPoolOptions {
  /** Worker processes at most; started on demand. */
  workers: number;
  /** Jobs waiting or running at once; one more is refused before any work is done for it. */
  maxQueued: number;
  /** How long one job may run in a worker before it fails (DownloadTimeout). */
  timeoutMs: number;
  /**
   * How long a worker whose job failed at its deadline has to stop that job and say so, before
   * it is killed and replaced. By default `graceFor(timeoutMs)`; tests pass a short one.
   */
  graceMs?: number;
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
  /** The job it is making; while overdue, the failed job the worker has yet to stop. */
  job: Job | null;
  /** The job's deadline, then (overdue) the end of the grace. */
  timer: NodeJS.Timeout | null;
  /** When its job failed at its deadline (the slot takes no job until the worker answers); else null. */
  overdueSince: number | null;
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
 *   past its deadline fails alone, at once (DownloadTimeout). The worker, which got the deadline
 *   with the job, stops the job at its next checkpoint and says so; then it takes the next job.
 *   Until it has answered, its slot is overdue and takes no job. A worker that has not answered
 *   by the end of the grace (a loop that never reaches a checkpoint) is killed and replaced:
 *   only then, since forking a worker stalls the rooms' event loop (10 to 20 ms, more when the
 *   server's memory is large), which a burst of big downloads made visible in other rooms.
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
  private readonly graceMs: number;
  /** The workers' temporary files (made once, removed on close). */
  private filesDir: string | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly options: DownloadPoolOptions,
  ) {
    this.workerUrl = options.workerUrl ?? new URL('./downloadWorkerEntry.mjs', import.meta.url);
    this.graceMs = options.graceMs ?? graceFor(options.timeoutMs);
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

  /** The worker processes' ids, started or starting. */
  workerPids(): number[] {
    return [...this.slots].flatMap((slot) => (slot.worker.pid === undefined ? [] : [slot.worker.pid]));
  }

  /** The made files not yet sent and deleted (see transport/downloads.ts). */
  temporaryFiles(): string[] {
    return this.filesDir && fs.existsSync(this.filesDir) ? fs.readdirSync(this.filesDir) : [];
  }

  /**
   * Starts a worker now if none is running, so the first download does not wait for one, and the
   * rooms do not feel its start (a fork: 10 to 20 ms of the event loop, more once the server's
   * memory is large) in the middle of a burst of downloads. `npm start` calls it once the server
   * listens; tests, with a server each, leave the pool to start workers when jobs come.
   */
  prestart(): void {
    if (!this.closed && this.slots.size === 0) this.spawn();
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
    const deadline = Date.now() + this.options.timeoutMs;
    slot.timer = setTimeout(() => this.overdue(slot, job), this.options.timeoutMs);
    const message: DownloadJob = { id: job.id, kind: job.kind, source: job.source!, createdAt: job.createdAt, deadline };
    // The input now belongs to the worker's message; the job keeps no copy of it.
    job.source = null;
    slot.worker.send(message);
  }

  /**
   * The job is past its deadline: it fails now, and its worker gets the grace to stop it (see
   * `answered`). One that does not is killed; `pump` starts another when jobs wait.
   */
  private overdue(slot: Slot, job: Job): void {
    this.timedOut(job);
    slot.overdueSince = Date.now();
    slot.timer = setTimeout(() => {
      this.logger.error('a download worker did not stop its job within the grace; replacing it', { kind: job.kind, graceMs: this.graceMs });
      void this.kill(slot);
      this.pump();
    }, this.graceMs);
  }

  /** Fails a job past its deadline. */
  private timedOut(job: Job): void {
    this.logger.error('a download ran past its deadline', { kind: job.kind, ms: this.options.timeoutMs });
    job.reject(new DownloadTimeout(`The download took longer than ${formatSeconds(this.options.timeoutMs)} to make; try again, or shorten the canvas.`));
  }

  /**
   * A worker's answer for its job: the job's result; or, from an overdue worker, word that it is
   * free again (whatever it answers: the job has failed already). An answer nobody waits for
   * (from a worker being killed) is dropped with its file.
   */
  private answered(slot: Slot, result: JobResult): void {
    const job = slot.job;
    if (!job || job.id !== result.id) return discard(result);
    const overdueSince = slot.overdueSince;
    this.finish(slot);
    if (overdueSince !== null) {
      this.logger.info('an overdue download stopped within the grace; its worker stays', { kind: job.kind, lateMs: Date.now() - overdueSince });
      discard(result);
    } else if (result.ok) {
      job.resolve({ content: result.content, title: result.title, meta: result.meta });
    } else if ('timedOut' in result) {
      // The worker saw the deadline pass before this process's timer fired.
      this.timedOut(job);
    } else {
      this.logger.error('a download failed', { kind: job.kind, error: result.error });
      job.reject(new DownloadFailed(result.error));
    }
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
    const slot: Slot = { worker, ready: false, job: null, timer: null, overdueSince: null };
    this.slots.add(slot);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') slot.ready = true;
      else this.answered(slot, message);
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
    slot.overdueSince = null;
  }

  /** Removes a worker for good, failing the job it is making with `error` (an overdue one has failed already). */
  private drop(slot: Slot, error: Error): Promise<void> {
    if (slot.overdueSince === null) slot.job?.reject(error);
    return this.kill(slot);
  }

  /** Forgets a worker's slot and kills it (if it is still there). */
  private kill(slot: Slot): Promise<void> {
    this.finish(slot);
    this.slots.delete(slot);
    const { worker } = slot;
    if (worker.exitCode !== null || worker.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.kill('SIGKILL');
    return exited;
  }
}

/**
 * The grace of an overdue worker: a quarter of the deadline, at least 2 s. It has to cover the
 * longest step the worker cannot interrupt (between two checkpoints of the layout: well under a
 * millisecond). Such steps grow with the canvas, and so does the canvas a longer deadline lets
 * through: for a PDF, applying the stored state and pdfkit's writing out of the page are each at
 * most an eighth of the whole (100,000 items, niced: about 1 s and 1.7 s of 20 to 28 s), so a
 * quarter of the deadline covers them twice over; 2 s covers them at the shortest deadlines.
 * Too short costs a fork, as before; too long keeps a worker that never answers (a loop with no
 * checkpoint) in its slot longer. Writing out a Word file is one step of about half its time: a
 * Word file past its deadline is more often replaced.
 */
function graceFor(timeoutMs: number): number {
  return Math.max(2000, timeoutMs / 4);
}

/** A result nobody waits for: its temporary file, if any, is deleted (the transport never sees it). */
function discard(result: JobResult): void {
  if (result.ok && 'file' in result.content) fs.rm(result.content.file, { force: true }, () => undefined);
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}
