// Worker process: makes downloads from a canvas's state as bytes, off the rooms' event loop.
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { canvasToDocx } from '../../shared/canvasDocx';
import type { Checkpoint } from '../../shared/checkpoint';
import { DEFAULT_STYLE } from '../../shared/houseStyle';
import { canvasToHtml } from '../../shared/canvasHtml';
import { canvasToMarkdown } from '../../shared/canvasMarkdown';
import { exportCanvas } from '../../shared/canvasTransfer';
import type { CanvasExport } from '../../shared/exportFormat';
import { exportRound } from '../../shared/roundExport';
import type { Round } from '../../shared/rounds';
import { buildCanvasPdf } from '../../shared/pdf/buildCanvasPdf';
import type { PdfEngine } from '../../shared/pdf/pdfTypes';
import { createNodePdfEngine } from '../pdf/nodePdfEngine';
import { applyStoredUpdates } from '../storage/storedUpdates';
import type { UpdatesLocation } from '../storage/Storage';
import { SqliteUpdatesReader } from '../storage/sqliteUpdatesReader';
import { docxFonts } from './docxFonts';
import { parseSnapshot } from './snapshot';
import { FILE_THRESHOLD_BYTES, workerSetup } from './workerSetup';

/**
 * A canvas as the main thread hands it over, with its rounds as stored (JSON each, parsed
 * here): Yjs updates to apply in order (a loaded room's encoded state, shared rather than
 * copied; or an unloaded canvas's stored rows, when the store offers the workers no
 * `updatesLocation`), or where the worker reads the stored rows itself (`stored`, the
 * canvas's id: nothing of the canvas passes the rooms' event loop); or a version's stored
 * export JSON (which holds no rounds).
 */
export type CanvasSource =
  | { updates: Uint8Array[]; rounds: string[] }
  | { stored: UpdatesLocation; canvasId: string; rounds: string[] }
  | { snapshot: string };

interface Made {
  bytes: Uint8Array;
  meta?: { scale?: number; fits?: boolean };
}

const setup = workerSetup();
const encoder = new TextEncoder();
let pdfEngine: PdfEngine | null = null;

/**
 * Every kind of download: a new one is one more entry here and a route. The PDF, which can take
 * minutes, runs `checkpoint` often (see make); the others take seconds at most.
 */
const KINDS = {
  // Only the JSON export carries rounds: the Markdown, Word and PDF are the A4, and never show them.
  json: async (data: CanvasExport): Promise<Made> => ({ bytes: encoder.encode(JSON.stringify(data)) }),
  markdown: async (data: CanvasExport): Promise<Made> => ({ bytes: encoder.encode(canvasToMarkdown(data)) }),
  // With the typeface's four faces embedded: the document looks the same on a PC without it.
  docx: async (data: CanvasExport): Promise<Made> => ({ bytes: await canvasToDocx(data, docxFonts((data.style ?? DEFAULT_STYLE).typeface)) }),
  // The published page (served inline, not as an attachment).
  page: async (data: CanvasExport, createdAt: Date): Promise<Made> => ({ bytes: encoder.encode(canvasToHtml(data, createdAt, setup.pageFonts)) }),
  pdf: async (data: CanvasExport, createdAt: Date, checkpoint: Checkpoint): Promise<Made> => {
    pdfEngine ??= createNodePdfEngine();
    const pdf = await buildCanvasPdf(data, pdfEngine, createdAt, checkpoint);
    return { bytes: pdf.bytes, meta: { scale: pdf.scale, fits: pdf.fits } };
  },
} satisfies Record<string, (data: CanvasExport, createdAt: Date, checkpoint: Checkpoint) => Promise<Made>>;

export type DownloadKind = keyof typeof KINDS;

export interface DownloadJob {
  id: number;
  kind: DownloadKind;
  source: CanvasSource;
  createdAt: number;
  /** When the pool fails the job (a `Date.now()` time: the pool runs on the same machine). */
  deadline: number;
}

/** A made file: its bytes, or the temporary file that holds them (see FILE_THRESHOLD_BYTES). */
export type MadeContent = { bytes: Uint8Array } | { file: string; size: number };

/** How a job ended: its file, why it failed, or that it stopped at its deadline. */
export type JobResult =
  | { type: 'done'; id: number; ok: true; content: MadeContent; title: string; meta: { scale?: number; fits?: boolean } }
  | { type: 'done'; id: number; ok: false; error: string }
  | { type: 'done'; id: number; ok: false; timedOut: true };

export type WorkerMessage = { type: 'ready' } | JobResult;

/**
 * The canvas's export, made with the same shared functions the rooms use. Applying the updates
 * is one step (a 100,000-item canvas's stored state takes about a second); reading the export
 * out of the document runs `checkpoint` between its parts.
 */
export function canvasFrom(source: CanvasSource, checkpoint: Checkpoint): CanvasExport {
  if ('snapshot' in source) return parseSnapshot(source.snapshot);
  const doc = new Y.Doc();
  try {
    applyStoredUpdates(doc, 'stored' in source ? readerOf(source.stored).loadUpdates(source.canvasId) : source.updates);
    return exportCanvas(doc, checkpoint);
  } finally {
    doc.destroy();
  }
}

/** This worker's read-only connections (a worker serves one server: one store). */
const readers = new Map<string, SqliteUpdatesReader>();

function readerOf(location: UpdatesLocation): SqliteUpdatesReader {
  let reader = readers.get(location.file);
  if (!reader) {
    // The one engine with a location so far; another engine's reader goes here beside it.
    reader = new SqliteUpdatesReader(location);
    readers.set(location.file, reader);
  }
  return reader;
}

/**
 * The export with the canvas's rounds as any link may see them (no unrevealed card); a canvas
 * without rounds exports without the field, as its versions do.
 */
function withRounds(data: CanvasExport, source: CanvasSource): CanvasExport {
  if ('snapshot' in source || source.rounds.length === 0) return data;
  return { ...data, rounds: source.rounds.map((json) => exportRound(JSON.parse(json) as Round)) };
}

/** Thrown at a checkpoint once the job is past its deadline. */
class PastDeadline extends Error {}

/**
 * Makes a job's file. Past its deadline the pool has failed the job already and waits a short
 * grace for this worker to be free again (else it kills it and forks a new one, which costs
 * the rooms' event loop): the checkpoints stop the work there, and the result says so.
 */
async function make(job: DownloadJob): Promise<JobResult> {
  const checkpoint: Checkpoint = () => {
    if (Date.now() > job.deadline) throw new PastDeadline();
  };
  const canvas = canvasFrom(job.source, checkpoint);
  const data = job.kind === 'json' ? withRounds(canvas, job.source) : canvas;
  const made = await KINDS[job.kind](data, new Date(job.createdAt), checkpoint);
  // Made too late, it has nobody to go to: no temporary file for it.
  checkpoint();
  return { type: 'done', id: job.id, ok: true, content: handOver(job, made.bytes), title: data.title, meta: made.meta ?? {} };
}

/** What a job that made no file answers: that it stopped at its deadline, or why it failed. */
function failure(job: DownloadJob, error: Error): JobResult {
  if (error instanceof PastDeadline) return { type: 'done', id: job.id, ok: false, timedOut: true };
  return { type: 'done', id: job.id, ok: false, error: error.message };
}

/** A small file goes back in the message, a large one as a temporary file the server deletes. */
function handOver(job: DownloadJob, bytes: Uint8Array): MadeContent {
  if (!setup.filesDir || bytes.byteLength <= FILE_THRESHOLD_BYTES) return { bytes };
  const file = path.join(setup.filesDir, `${process.pid}-${job.id}`);
  fs.writeFileSync(file, bytes);
  return { file, size: bytes.byteLength };
}

const send = process.send?.bind(process);
if (send) {
  process.on('message', (job: DownloadJob) => {
    make(job).then(
      (result) => send(result),
      (error: Error) => send(failure(job, error)),
    );
  });
  // The server is gone (stopped, or killed): so is its worker.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' } satisfies WorkerMessage);
}
