// The download worker's entry in plain JavaScript: it loads the TypeScript worker through tsx,
// which the server itself runs on (`npm start` runs `tsx server/main.ts`), so no build step.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { tsImport } from 'tsx/esm/api';

/**
 * On Linux, this process at the lowest priority, every thread of it: the garbage collector's
 * helper threads too, which do as much work as the worker on a big PDF. Before anything is
 * loaded: compiling the worker's modules is the worker's work too. Threads started later inherit
 * the priority of the thread that starts them.
 *
 * - nice 19: the rooms' event loop gets the CPU first, and a download takes what is left.
 * - SCHED_IDLE as well (util-linux's `chrt`, where there is one): the scheduler then takes the
 *   CPU from the worker the moment the server has work, instead of letting the worker finish its
 *   slice first. At nice 19 alone, a room's round trip during a burst of big downloads took
 *   10 to 15 ms one time in a hundred on 2 cores (1.7 ms typically).
 * `chrt` is started by the worker, not by the server: starting a process costs the one that
 * starts it a fork, and the server's event loop is what this protects.
 */
function yieldToTheRooms() {
  try {
    os.setPriority(0, 19);
    for (const tid of fs.readdirSync('/proc/self/task')) os.setPriority(Number(tid), 19);
  } catch {
    // Not Linux, or not allowed: downloads run at the server's own priority.
  }
  // Not found, or not allowed: nice 19 is all there is.
  spawnSync('chrt', ['--all-tasks', '--idle', '--pid', '0', String(process.pid)], { stdio: 'ignore' });
}

yieldToTheRooms();
await tsImport('./downloadWorker.ts', import.meta.url);
