import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, waitFor } from '../helpers/collabClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

const UPDATES = 300;
const INTERVAL_MS = 10;

/** The p-th percentile (0-100) of `values`, nearest rank. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe('a flooding client in another process', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.dispose();
  });

  /** Writer -> server -> reader delay of `UPDATES` updates, one every `INTERVAL_MS`, in ms. */
  async function deliveryLatencies(id: string, tokens: { editor: string; viewer: string }): Promise<number[]> {
    const writer = connectClient(server.url, id, tokens.editor);
    const reader = connectClient(server.url, id, tokens.viewer);
    await Promise.all([writer.synced, reader.synced]);
    const sentAt: number[] = [];
    const latencies: number[] = [];
    reader.doc.getArray<number>('probe').observe((event) => {
      const now = performance.now();
      for (const item of event.changes.added) {
        for (const i of item.content.getContent() as number[]) latencies.push(now - sentAt[i]!);
      }
    });
    const probe = writer.doc.getArray<number>('probe');
    for (let i = 0; i < UPDATES; i++) {
      sentAt[i] = performance.now();
      probe.push([i]);
      await new Promise((r) => setTimeout(r, INTERVAL_MS));
    }
    await waitFor(() => latencies.length === UPDATES, 10_000, 'every probe delivered');
    writer.destroy();
    reader.destroy();
    return latencies;
  }

  it('does not slow another room past max(2x its quiet p99, quiet p99 + 15 ms), and is closed with 1013', async () => {
    const measured = await server.createCanvas();
    const flooded = await server.createCanvas();

    const quiet = await deliveryLatencies(measured.id, measured.tokens);

    // The flood starts inside the measured window: the first bursts are the expensive part.
    const measuring = deliveryLatencies(measured.id, measured.tokens);
    const url = `${server.url.replace('http', 'ws')}/collab/${flooded.id}?token=${flooded.tokens.editor}`;
    const flooder = spawn(process.execPath, [path.resolve('tests/helpers/flooder.mjs'), url, '4'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    flooder.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<void>((resolve) => flooder.once('exit', () => resolve()));
    try {
      const loaded = await measuring;
      expect(output, 'the flooder connected while the other room was measured').toContain('flooding');
      const decodedDuringFlood = server.rooms.get(flooded.id)?.counters.updatesDecoded ?? 0;
      flooder.stdin.end();
      await exited;
      const summary = JSON.parse(output.trim().split('\n').at(-1)!) as { sent: number; closes: Record<string, number> };

      const quietP99 = percentile(quiet, 99);
      const loadedP99 = percentile(loaded, 99);
      const allowed = Math.max(2 * quietP99, quietP99 + 15);
      console.log(
        `delivery p50/p99: quiet ${percentile(quiet, 50).toFixed(1)}/${quietP99.toFixed(1)} ms, ` +
          `under flood ${percentile(loaded, 50).toFixed(1)}/${loadedP99.toFixed(1)} ms (allowed ${allowed.toFixed(1)} ms); ` +
          `flooder sent ${summary.sent} frames, closes ${JSON.stringify(summary.closes)}, the flooded room decoded ${decodedDuringFlood}`,
      );
      expect(summary.closes['1013'] ?? 0).toBeGreaterThan(0);
      expect(Object.keys(summary.closes)).toEqual(['1013']);
      expect(decodedDuringFlood).toBeGreaterThan(0);
      expect(loadedP99).toBeLessThanOrEqual(allowed);
    } finally {
      flooder.kill('SIGKILL');
    }
  });
});
