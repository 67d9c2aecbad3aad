// The download worker's entry in plain JavaScript: it loads the TypeScript worker through tsx,
// which the server itself runs on (`npm start` runs `tsx server/main.ts`), so no build step.
import { tsImport } from 'tsx/esm/api';

await tsImport('./downloadWorker.ts', import.meta.url);
