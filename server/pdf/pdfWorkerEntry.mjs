// The worker's entry in plain JavaScript: it loads the TypeScript worker through tsx, which
// the server itself runs on, so no build step is needed for the worker either.
import { tsImport } from 'tsx/esm/api';

await tsImport('./pdfWorker.ts', import.meta.url);
