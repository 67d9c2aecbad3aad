import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../helpers/collabClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

describe('an idle client', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.dispose();
  });

  // y-websocket drops a connection that received nothing for 30 s; the server's keepalive
  // (every 15 s by default) must prevent that. Real time, default settings.
  it('stays connected for 40 s without reconnecting', { timeout: 60_000 }, async () => {
    const canvas = await server.createCanvas();
    const client = connectClient(server.url, canvas.id, canvas.tokens.editor);
    await client.synced;
    expect(client.connects()).toBe(1);
    await new Promise((r) => setTimeout(r, 40_000));
    expect(client.provider.wsconnected).toBe(true);
    expect(client.connects()).toBe(1);
    client.destroy();
  });

  it('gets a keepalive in every period, with the rooms spread over the period instead of all at once', { timeout: 20_000 }, async () => {
    const period = 800;
    const spread = await startTestServer({ KEEPALIVE_MS: String(period) });
    try {
      const clients = await Promise.all(
        Array.from({ length: 16 }, async () => {
          const canvas = await spread.createCanvas();
          const client = connectClient(spread.url, canvas.id, canvas.tokens.editor);
          await client.synced;
          const arrivals: number[] = [];
          client.provider.ws?.addEventListener('message', () => arrivals.push(performance.now()));
          return { client, arrivals };
        }),
      );
      const started = performance.now();
      await new Promise((r) => setTimeout(r, period * 4));
      for (const { client, arrivals } of clients) {
        const times = [started, ...arrivals.filter((t) => t >= started), performance.now()];
        const gaps = times.slice(1).map((t, i) => t - times[i]!);
        expect(Math.max(...gaps)).toBeLessThan(period * 1.5);
        expect(client.connects()).toBe(1);
      }
      // Sixteen rooms in eight slices: their keepalives do not all land in one moment.
      const phases = new Set(clients.map(({ arrivals }) => Math.floor(((arrivals.at(-1) ?? 0) % period) / (period / 8))));
      expect(phases.size).toBeGreaterThanOrEqual(4);
      for (const { client } of clients) client.destroy();
    } finally {
      await spread.dispose();
    }
  });
});
