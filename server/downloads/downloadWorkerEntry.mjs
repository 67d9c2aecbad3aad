// The download worker's entry in plain JavaScript: it loads the TypeScript worker through tsx,
// which the server itself runs on (`npm start` runs `tsx server/main.ts`), so no build step.
import fs from 'node:fs';
import os from 'node:os';
import { tsImport } from 'tsx/esm/api';

/**
 * On Linux, this process at the lowest priority (nice 19), every thread of it: the garbage
 * collector's helper threads too, which do as much work as the worker on a big PDF. On a small
 * machine the rooms' event loop then gets the CPU first, and a download takes what is left.
 * Before anything is loaded: compiling the worker's modules is the worker's work too. Threads
 * started later inherit the priority of the thread that starts them.
 */
function yieldToTheRooms() {
  try {
    os.setPriority(0, 19);
    for (const tid of fs.readdirSync('/proc/self/task')) os.setPriority(Number(tid), 19);
  } catch {
    // Not Linux, or not allowed: downloads run at the server's own priority.
  }
}

yieldToTheRooms();
await tsImport('./downloadWorker.ts', import.meta.url);
