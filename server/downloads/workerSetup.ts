import type { FontUrls } from '../../shared/canvasHtml';

/** What the pool starts every worker with. */
export interface WorkerSetup {
  /** Where the server serves the built client's fonts, for the published page (pageFonts.ts). */
  pageFonts?: FontUrls;
}

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
