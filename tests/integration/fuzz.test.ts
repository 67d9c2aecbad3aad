import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { CreatedCanvas } from '../../shared/api';
import { exportCanvas } from '../../shared/canvasTransfer';
import { addPillar, titleText, zoneFragment } from '../../shared/docLayout';
import { connectClient, waitFor } from '../helpers/collabClient';
import { captureSession, fuzzMessage, random, type Mutation } from '../helpers/fuzzFrames';
import { startTestServer, type TestServer } from '../helpers/testServer';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 32);
const FUZZ_MS = Number(process.env.FUZZ_MS ?? 10_000);
const SOCKETS = 8;
/** Close codes a fuzzing connection may see: its own close, malformed (4400), bad token (4401). */
const EXPECTED_CLOSES = new Set([1000, 1005, 4400, 4401]);

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

describe('fuzzing the collab socket', () => {
  let server: TestServer;
  beforeAll(async () => {
    // The rate limit and room unloading are tested elsewhere; here they would only hide frames.
    server = await startTestServer({ MAX_MESSAGES_PER_SECOND: '1000000', ROOM_IDLE_MS: '600000', MAX_FRAME_BYTES: '262144' });
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('survives thousands of random and mutated frames; every room syncs and a good client is intact', async () => {
    console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${FUZZ_MS} ms`);
    const canvases = await Promise.all([0, 1, 2].map(() => server.createCanvas({ template: 'example' })));
    const corpus = await captureSession(server.url, canvases[2]!.id, canvases[2]!.tokens.editor, async (client) => {
      client.provider.awareness.setLocalStateField('user', { name: 'Opname', color: '#1d4ed8' });
      const doc = client.doc;
      titleText(doc).insert(0, 'Opgenomen ');
      zoneFragment(doc, 'horizon').push([paragraph('Een zin met een **ster**')]);
      (zoneFragment(doc, 'horizon').get(0) as Y.XmlElement).setAttribute('data-x', '1');
      titleText(doc).format(0, 4, { bold: true });
      titleText(doc).delete(0, 3);
      addPillar(doc, 'fuzz-pillar', 'Pijler');
      doc.getMap('meta').set('language', 'en');
      await new Promise((r) => setTimeout(r, 100));
    });
    expect(corpus.length).toBeGreaterThan(8);

    // The well-behaved client, editing room 0 all the way through.
    const good = connectClient(server.url, canvases[0]!.id, canvases[0]!.tokens.editor);
    await good.synced;
    good.provider.awareness.setLocalStateField('user', { name: 'Goed', color: '#047857' });
    const written: string[] = [];
    const writer = setInterval(() => {
      const text = `goed ${written.length}`;
      written.push(text);
      zoneFragment(good.doc, 'obstacles').push([paragraph(text)]);
    }, 40);

    const stats = { connections: 0, sent: 0, closes: new Map<number, number>(), kinds: new Map<Mutation | 'text', number>() };
    const deadline = Date.now() + FUZZ_MS;
    const worker = async (index: number) => {
      // One generator per worker: its sequence of frames depends on the seed only.
      const r = random(SEED + index);
      while (Date.now() < deadline) {
        const canvas: CreatedCanvas = r.pick(canvases);
        const token = r.pick([canvas.tokens.editor, canvas.tokens.editor, canvas.tokens.facilitator, canvas.tokens.viewer, 'nope']);
        const ws = new WebSocket(`${server.url.replace('http', 'ws')}/collab/${canvas.id}?token=${token}`);
        ws.on('error', () => {});
        const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
        const opened = await Promise.race([new Promise<boolean>((resolve) => ws.once('open', () => resolve(true))), closed.then(() => false)]);
        stats.connections += 1;
        if (opened) {
          const count = 1 + r.int(8);
          for (let i = 0; i < count && ws.readyState === ws.OPEN; i++) {
            if (r.next() < 0.01) {
              ws.send('{"type":"sync"}');
              stats.kinds.set('text', (stats.kinds.get('text') ?? 0) + 1);
            } else {
              const { kind, data } = fuzzMessage(r, corpus);
              ws.send(data);
              stats.kinds.set(kind, (stats.kinds.get(kind) ?? 0) + 1);
            }
            stats.sent += 1;
          }
          await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 20))]);
          if (ws.readyState === ws.OPEN) ws.close();
        }
        const code = await closed;
        stats.closes.set(code, (stats.closes.get(code) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: SOCKETS }, (_, i) => worker(i)));
    clearInterval(writer);

    const rooms = canvases.map((c) => server.rooms.get(c.id)!);
    const decoded = rooms.reduce((n, room) => n + room.counters.updatesDecoded, 0);
    const rejected = rooms.reduce((n, room) => n + room.counters.updatesRejected, 0);
    console.log(
      `fuzz: ${stats.sent} messages on ${stats.connections} connections; ${decoded} reached the Yjs decoder, ${rejected} rejected there; ` +
        `kinds ${JSON.stringify(Object.fromEntries(stats.kinds))}; closes ${JSON.stringify(Object.fromEntries(stats.closes))}`,
    );
    expect(stats.sent).toBeGreaterThan(2000);
    expect(decoded).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
    expect([...stats.closes.keys()].filter((code) => !EXPECTED_CLOSES.has(code))).toEqual([]);

    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ ok: true });
    // The good client never lost its connection, and what it has is what everyone gets.
    expect(good.connects()).toBe(1);
    const serverDoc = rooms[0]!.doc;
    await waitFor(() => JSON.stringify(exportCanvas(serverDoc)) === JSON.stringify(exportCanvas(good.doc)), 5000, 'good client and server agree');
    const obstacles = JSON.stringify(exportCanvas(good.doc).obstacles);
    expect(written.filter((text) => !obstacles.includes(`"${text}"`))).toEqual([]);

    await server.rooms.flush();
    for (const canvas of canvases) {
      const fresh = connectClient(server.url, canvas.id, canvas.tokens.viewer);
      await fresh.synced;
      const live = exportCanvas(server.rooms.get(canvas.id)!.doc);
      expect(exportCanvas(fresh.doc)).toEqual(live);
      // What is stored decodes and holds the same canvas: nothing corrupt was written.
      const stored = new Y.Doc();
      Y.applyUpdate(stored, Y.mergeUpdates((await server.storage.loadUpdates(canvas.id)).updates));
      expect(exportCanvas(stored)).toEqual(live);
      fresh.destroy();
    }
    expect(exportCanvas(good.doc).obstacles).toEqual(exportCanvas(server.rooms.get(canvases[0]!.id)!.doc).obstacles);
    good.destroy();
  });
});
