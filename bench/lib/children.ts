import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import path from 'node:path';

/** A child started by the bench in its own process group, so its CPU and its end cover every process it starts. */
export interface BenchChild {
  readonly name: string;
  readonly child: ChildProcess;
  /** The process group id (the child's pid: it leads its group). */
  readonly pgid: number;
  /** Everything it wrote so far (stdout and stderr), for error messages. */
  output(): string;
  /** Resolves with the exit code or signal once it has ended. */
  readonly exited: Promise<number | string>;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the leader has exited. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<BenchChild>();

export const TSX = path.resolve('node_modules/.bin/tsx');

/** Starts `command args` as the leader of a new process group and keeps its output. */
export function startChild(name: string, command: string, args: string[], options: SpawnOptions = {}): BenchChild {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, detached: true });
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  const pgid = child.pid;
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
    if (output.length > 1_000_000) output = output.slice(-500_000);
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
    if (output.length > 1_000_000) output = output.slice(-500_000);
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
    child.once('error', () => resolve(-1));
  });
  const handle: BenchChild = {
    name,
    child,
    pgid,
    output: () => output,
    exited,
    stop: async (graceMs = 3000) => {
      signalGroup(pgid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(pgid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Anything the leader left behind in its group goes too.
      signalGroup(pgid, 'SIGKILL');
      live.delete(handle);
    },
  };
  live.add(handle);
  void exited.then(() => live.delete(handle));
  return handle;
}

/** Resolves with the first match of `pattern` in the child's output (e.g. the URL it listens on). */
export function waitForOutput(child: BenchChild, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(child.output());
      if (!match) return false;
      cleanup();
      resolve(match);
      return true;
    };
    const onData = () => void check();
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${child.name} printed nothing matching ${pattern} in ${timeoutMs} ms:\n${child.output().slice(-2000)}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.child.stdout?.off('data', onData);
      child.child.stderr?.off('data', onData);
    };
    child.child.stdout?.on('data', onData);
    child.child.stderr?.on('data', onData);
    void child.exited.then((code) => {
      if (check()) return;
      cleanup();
      reject(new Error(`${child.name} exited (${code}) before it was ready:\n${child.output().slice(-2000)}`));
    });
    check();
  });
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** Kills every child the bench started and has not stopped yet (on error or Ctrl-C). */
export function killAllChildren(): void {
  for (const child of live) signalGroup(child.pgid, 'SIGKILL');
  live.clear();
}
