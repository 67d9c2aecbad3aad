import { spawn } from 'node:child_process';
import os from 'node:os';

/**
 * Runs a command with inherited stdio until it ends, forwarding SIGINT and SIGTERM to it.
 * Resolves with its exit code, or 128 + the signal number when a signal ended it.
 * A Ctrl-C in a terminal reaches the child twice (process group + forward); the server's
 * and vitest's stop handlers are idempotent, and a signal sent to this process alone
 * (CI, a supervisor) still reaches the child.
 */
export function runChild(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    const forward = (signal) => child.kill(signal);
    const signals = ['SIGINT', 'SIGTERM'];
    for (const signal of signals) process.on(signal, forward);
    const done = (code) => {
      for (const signal of signals) process.off(signal, forward);
      resolve(code);
    };
    child.once('error', (error) => {
      console.error(`Could not run ${command}: ${error.message}`);
      done(1);
    });
    child.once('exit', (code, signal) => done(code ?? 128 + (os.constants.signals[signal] ?? 0)));
  });
}
