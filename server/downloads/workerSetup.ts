import type { FontUrls } from '../../shared/canvasHtml';

/** What the pool starts every worker with. */
export interface WorkerSetup {
  /** Where the server serves the built client's fonts, for the published page (pageFonts.ts). */
  pageFonts?: FontUrls;
  /**
   * Where a worker writes a made file larger than `FILE_THRESHOLD_BYTES`, for the server to
   * stream from; smaller ones come back in the message.
   */
  filesDir?: string;
}

/**
 * A made file up to this size comes back in the worker's message; a larger one as a temporary
 * file. A 7 MB export in one message cost the rooms' event loop a 7 MB read, reassembly and copy
 * (tens of milliseconds in one go); from a file it goes out in 64 KiB reads between the rooms'
 * messages.
 */
export const FILE_THRESHOLD_BYTES = 256 * 1024;

/** The environment variable that carries the setup (JSON) to a worker process. */
const SETUP_VARIABLE = 'STIP_DOWNLOAD_WORKER_SETUP';

/** The environment of a worker process started with `setup`. */
export function workerEnvironment(setup: WorkerSetup): NodeJS.ProcessEnv {
  return { ...process.env, [SETUP_VARIABLE]: JSON.stringify(setup) };
}

/** In a worker process: the setup it was started with. */
export function workerSetup(): WorkerSetup {
  return JSON.parse(process.env[SETUP_VARIABLE] ?? '{}') as WorkerSetup;
}
