import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startChild, TSX, waitForOutput, type BenchChild } from './children';

/** A server under test, running as its own process group. */
export interface ServerUnderTest {
  readonly label: string;
  readonly child: BenchChild;
  /** http://127.0.0.1:port */
  readonly httpUrl: string;
  /** Base of y-websocket room URLs: `${wsBase}/${room}`. */
  readonly wsBase: string;
  /** GET this for a cheap round trip through the server's event loop. */
  readonly probePath: string;
  stop(): Promise<void>;
}

export interface StipUnderTest extends ServerUnderTest {
  readonly dataDir: string;
}

const tempDirs = new Set<string>();

/** A temporary data dir; `removeTempDirs` deletes every one of them at the end. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/**
 * `tsx server/main.ts`, as `npm start` runs it, on a free loopback port. LOG_LEVEL is info
 * because the ready line is an info line; nothing on the sync path logs at info.
 */
export async function startStip(env: Record<string, string> = {}, dataDir = tempDir('stip-bench-')): Promise<StipUnderTest> {
  // STIP_BENCH_PROFILE_DIR: a V8 CPU profile of every Stip server, written when it stops.
  const profileDir = process.env.STIP_BENCH_PROFILE_DIR;
  const [command, args] = profileDir
    ? [process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--import', 'tsx', 'server/main.ts']]
    : [TSX, ['server/main.ts']];
  const child = startChild('stip', command, args, {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      MAX_CONNECTIONS_PER_IP: '100000',
      MAX_CANVASES_PER_IP_PER_HOUR: '100000',
      MAX_DUPLICATES_PER_CANVAS_PER_HOUR: '100000',
      ...env,
    },
  });
  const match = await waitForOutput(child, /Stip is running at (http:\/\/[^\s]+)/);
  const httpUrl = match[1]!;
  return {
    label: 'Stip',
    child,
    httpUrl,
    wsBase: `${httpUrl.replace(/^http/, 'ws')}/collab`,
    probePath: '/healthz',
    dataDir,
    stop: () => child.stop(6000),
  };
}

/** `@y/websocket-server` 0.1.1 (`setupWSConnection`, no persistence), as its own bin runs it. */
export async function startReference(): Promise<ServerUnderTest> {
  const child = startChild('reference', TSX, ['bench/servers/referenceServer.ts'], { env: { ...process.env } });
  const match = await waitForOutput(child, /listening at (http:\/\/[^\s]+)/);
  const httpUrl = match[1]!;
  return { label: 'reference', child, httpUrl, wsBase: `${httpUrl.replace(/^http/, 'ws')}/collab`, probePath: '/', stop: () => child.stop() };
}

/** The bare relay of bench/servers/bareRelay.ts: the floor for server CPU per delivered update. */
export async function startRelay(): Promise<ServerUnderTest> {
  const child = startChild('relay', TSX, ['bench/servers/bareRelay.ts'], { env: { ...process.env } });
  const match = await waitForOutput(child, /listening at (http:\/\/[^\s]+)/);
  const httpUrl = match[1]!;
  return { label: 'bare relay', child, httpUrl, wsBase: `${httpUrl.replace(/^http/, 'ws')}/collab`, probePath: '/', stop: () => child.stop() };
}
