import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, type CreatedCanvas } from '../../shared/api';
import { bigListCanvas } from '../helpers/bigCanvas';
import { connectClient, waitFor } from '../helpers/collabClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

/** About 1 MB encoded: a worker exports it in well under a second, its PDF takes far longer. */
const ITEMS = 20_000;
const QUEUE = 6;
const DEADLINE_MS = 4000;
/** Generous bounds: the rooms' event loop must stay free, not merely fast on a quiet machine. */
const HEALTHZ_BOUND_MS = 500;
const ROUND_TRIP_BOUND_MS = 1000;

/** Writer -> server -> reader round trips in another room, one every 50 ms, until stopped. */
async function roundTrips(server: TestServer, canvas: CreatedCanvas) {
  const writer = connectClient(server.url, canvas.id, canvas.tokens.editor);
  const reader = connectClient(server.url, canvas.id, canvas.tokens.viewer);
  await Promise.all([writer.synced, reader.synced]);
  const sentAt: number[] = [];
  const latencies: number[] = [];
  reader.doc.getArray<number>('probe').observe((event) => {
    const now = performance.now();
    for (const item of event.changes.added) for (const i of item.content.getContent() as number[]) latencies.push(now - sentAt[i]!);
  });
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      sentAt[i] = performance.now();
      writer.doc.getArray<number>('probe').push([i]);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await waitFor(() => latencies.length === sentAt.length, 10_000, 'every probe delivered');
      writer.destroy();
      reader.destroy();
      return latencies;
    },
  };
}

/** `/healthz` latencies, one request every 50 ms, until stopped. */
function healthz(server: TestServer) {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const response = await fetch(`${server.url}/healthz`);
      await response.arrayBuffer();
      latencies.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return latencies;
    },
  };
}

describe('downloads of a big canvas', () => {
  let server: TestServer;
  let big: CreatedCanvas;
  beforeAll(async () => {
    server = await startTestServer({
      MAX_BODY_BYTES: String(64 * 1024 * 1024),
      DOWNLOAD_WORKERS: '1',
      DOWNLOAD_QUEUE: String(QUEUE),
      DOWNLOAD_TIMEOUT_MS: String(DEADLINE_MS),
    });
    const response = await fetch(`${server.url}/api/canvases/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(bigListCanvas(ITEMS)),
    });
    expect(response.status).toBe(201);
    big = (await response.json()) as CreatedCanvas;
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('keep /healthz and another room live; past the queue 429, past the deadline 503 timeout, the others are made', async () => {
    const other = await server.createCanvas();
    const rooms = await roundTrips(server, other);
    const health = healthz(server);
    const get = (path: string) => fetch(`${server.url}/api/canvases/${big.id}/${path}`, { headers: { authorization: `Bearer ${big.tokens.viewer}` } });

    // The PDF of 20,000 items takes far longer than the deadline; the exports do not.
    const admitted = [get('pdf'), get('export'), get('export?format=markdown'), get('export'), get('export?format=markdown'), get('export')];
    await new Promise((r) => setTimeout(r, 300));
    const refused = await Promise.all(Array.from({ length: 4 }, () => get('export')));
    const [pdf, ...exports] = await Promise.all(admitted);

    const healthMs = await health.stop();
    const roundTripMs = await rooms.stop();
    const worst = (values: number[]) => Math.max(...values);
    console.log(`healthz max ${worst(healthMs).toFixed(0)} ms (${healthMs.length}); other room's round trip max ${worst(roundTripMs).toFixed(0)} ms (${roundTripMs.length})`);
    expect(worst(healthMs)).toBeLessThan(HEALTHZ_BOUND_MS);
    expect(worst(roundTripMs)).toBeLessThan(ROUND_TRIP_BOUND_MS);

    for (const response of refused) {
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(apiErrorSchema.parse(await response.json()).error.code).toBe('rate_limited');
    }
    expect(pdf!.status).toBe(503);
    expect(pdf!.headers.get('retry-after')).toBe('5');
    expect(apiErrorSchema.parse(await pdf!.json()).error.code).toBe('timeout');
    expect(exports.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const json = (await exports[0]!.json()) as { title: string; horizon: { content: { content: unknown[] }[] } };
    expect(json.title).toBe('Groot canvas');
    expect(json.horizon.content[0]!.content).toHaveLength(ITEMS / 8);
    expect(exports[1]!.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await exports[1]!.text()).toContain(`Punt ${ITEMS - 1}`);
    // Written straight to the socket, they carry the security headers and their whole length.
    for (const response of exports) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="Groot-canvas\.(json|md)"$/);
    }
    // The exports came back from the worker as temporary files; each is gone once sent.
    const lengths = await Promise.all(exports.slice(2).map(async (r) => [Number(r.headers.get('content-length')), (await r.arrayBuffer()).byteLength]));
    for (const [declared, received] of lengths) expect(received).toBe(declared);
    expect(lengths[0]![1]).toBeGreaterThan(1024 * 1024);
    await waitFor(() => server.downloads.temporaryFiles().length === 0, 5000, 'temporary files deleted');
  });

  it('deletes a made file whose asker went away before it was sent', async () => {
    const asked = new AbortController();
    const response = await fetch(`${server.url}/api/canvases/${big.id}/export`, { headers: { authorization: `Bearer ${big.tokens.viewer}` }, signal: asked.signal });
    expect(response.status).toBe(200);
    asked.abort();
    await waitFor(() => server.downloads.temporaryFiles().length === 0, 5000, 'temporary file deleted');
    // The next one is made and sent whole.
    const again = await fetch(`${server.url}/api/canvases/${big.id}/export`, { headers: { authorization: `Bearer ${big.tokens.viewer}` } });
    const json = (await again.json()) as { horizon: { content: { content: unknown[] }[] } };
    expect(json.horizon.content[0]!.content).toHaveLength(ITEMS / 8);
  });

  it('exports what a loaded room holds now, also right after an edit', async () => {
    const canvas = await server.createCanvas({ title: 'Eerst' });
    const client = connectClient(server.url, canvas.id, canvas.tokens.editor);
    await client.synced;
    const title = async () => {
      const response = await fetch(`${server.url}/api/canvases/${canvas.id}/export?token=${canvas.tokens.viewer}`);
      return ((await response.json()) as { title: string }).title;
    };
    expect(await title()).toBe('Eerst');
    const text = client.doc.getText('title');
    client.doc.transact(() => {
      text.delete(0, text.length);
      text.insert(0, 'Daarna');
    });
    await waitFor(() => server.rooms.get(canvas.id)?.readMeta().title === 'Daarna');
    expect(await title()).toBe('Daarna');
    client.destroy();
  });
});
