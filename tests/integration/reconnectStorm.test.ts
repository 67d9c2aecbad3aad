import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CreatedCanvas } from '../../shared/api';
import { connectClient } from '../helpers/collabClient';
import { spawnServer, type ServerProcess } from '../helpers/serverProcess';

const CANVASES = 25;
const PER_CANVAS = 20;
const CLIENTS = CANVASES * PER_CANVAS;

/** The p-th percentile (0-100) of `values`, nearest rank. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The next message of `type` from the storm process. */
function nextMessage<T>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${type}" from the clients within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
  });
}

describe('a restart with 500 clients connected', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-storm-'));
  let server: ServerProcess | undefined;
  let storm: ChildProcess | undefined;
  afterAll(async () => {
    storm?.disconnect();
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('brings every client back synced, with what it typed meanwhile stored, within seconds; /healthz stays under 100 ms', async () => {
    server = await spawnServer({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const port = new URL(server.url).port;
    const canvases: CreatedCanvas[] = [];
    for (let i = 0; i < CANVASES; i++) {
      canvases.push((await (await fetch(`${server.url}/api/canvases`, { method: 'POST', body: '{}' })).json()) as CreatedCanvas);
    }
    // The clients run in a process of their own: 500 providers would distort our timing.
    storm = fork(path.resolve('tests/helpers/stormClients.ts'), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = nextMessage<{ ms: number }>(storm, 'ready', 30_000);
    storm.send({ type: 'connect', url: server.url, canvases: canvases.map((c) => ({ id: c.id, token: c.tokens.editor })), perCanvas: PER_CANVAS });
    const connectMs = (await ready).ms;

    const stopping = Date.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const stopMs = Date.now() - stopping;
    expect(stopMs).toBeLessThan(2000);
    // While the server is down every client types something only it has.
    const typed = nextMessage(storm, 'typed', 5000);
    storm.send({ type: 'type' });
    await typed;

    server = await spawnServer({ DATA_DIR: dataDir, LOG_LEVEL: 'info', PORT: port });
    const resynced = nextMessage<{ syncedMs: number; storedMs: number; reconnects: number[] }>(storm, 'resynced', 30_000);
    storm.send({ type: 'watch' });
    let done = false;
    void resynced.then(() => (done = true), () => (done = true));
    const healthMs: number[] = [];
    while (!done) {
      const started = performance.now();
      const response = await fetch(`${server.url}/healthz`);
      await response.arrayBuffer();
      healthMs.push(performance.now() - started);
      expect(response.status).toBe(200);
      await new Promise((r) => setTimeout(r, 5));
    }
    const { syncedMs, storedMs, reconnects } = await resynced;

    // Every client's offline key reached its canvas.
    for (const [index, canvas] of canvases.entries()) {
      const reader = connectClient(server.url, canvas.id, canvas.tokens.viewer);
      await reader.synced;
      const keys = [...reader.doc.getMap('storm').keys()].sort();
      const expected = Array.from({ length: PER_CANVAS }, (_, i) => `client-${index * PER_CANVAS + i}`).sort();
      expect(keys).toEqual(expected);
      reader.destroy();
    }
    console.log(
      [
        `Reconnect storm, ${CLIENTS} clients on ${CANVASES} canvases (clients in their own process):`,
        `  first connect ${connectMs} ms; SIGTERM with all connected: stopped in ${stopMs} ms`,
        `  after the restart: all synced in ${syncedMs} ms, all changes stored in ${storedMs} ms (y-websocket backoff included), reconnect attempts ${Math.min(...reconnects)}-${Math.max(...reconnects)}`,
        `  /healthz during the storm: ${healthMs.length} probes, p50 ${percentile(healthMs, 50).toFixed(1)} ms, p99 ${percentile(healthMs, 99).toFixed(1)} ms, max ${Math.max(...healthMs).toFixed(1)} ms`,
      ].join('\n'),
    );
    expect(storedMs).toBeLessThan(8000);
    expect(healthMs.length).toBeGreaterThan(10);
    expect(Math.max(...healthMs)).toBeLessThan(100);
  });
});
