// The download worker's entry in plain JavaScript: it loads the TypeScript worker through tsx,
// which the server itself runs on (`npm start` runs `tsx server/main.ts`), so no build step.
import fs from 'node:fs';
import os from 'node:os';
import { tsImport } from 'tsx/esm/api';

/**
 * On Linux, this thread alone at the lowest priority (nice 19): on a small machine the rooms'
 * event loop then gets the CPU first, and a download takes what is left. Before anything is
 * loaded: compiling the worker's modules (the PDF engine is large) after each replaced worker
 * is the worker's work too.
 */
function yieldToTheRooms() {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid !== process.pid) os.setPriority(tid, 19);
  } catch {
    // Not Linux, or not allowed: downloads run at the server's own priority.
  }
}

yieldToTheRooms();
await tsImport('./downloadWorker.ts', import.meta.url);
