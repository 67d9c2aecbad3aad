import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportCanvas } from '../../shared/canvasTransfer';
import { connectClient, waitFor } from '../helpers/collabClient';
import { awarenessFrame, rawSocket, titleUpdate, updateFrame } from '../helpers/rawFrames';
import { startTestServer, type TestServer } from '../helpers/testServer';

describe('bad input over the WebSocket', () => {
  let server: TestServer;
  const KiB = 1024;
  beforeAll(async () => {
    server = await startTestServer({ MAX_FRAME_BYTES: String(64 * KiB), MAX_CANVAS_BYTES: String(256 * KiB), MAX_MESSAGES_PER_SECOND: '50' });
  });
  afterAll(async () => {
    await server.dispose();
  });
  const collabUrl = (id: string, token: string) => `${server.url.replace('http', 'ws')}/collab/${id}?token=${token}`;

  it('closes a connection sending a corrupt Yjs update (4400); nothing of it is stored or applied', async () => {
    const canvas = await server.createCanvas({ template: 'example' });
    const witness = connectClient(server.url, canvas.id, canvas.tokens.editor);
    await witness.synced;
    const before = exportCanvas(witness.doc);
    const rowsBefore = (await server.storage.updateStats(canvas.id));
    const good = titleUpdate('x');
    const corrupt = new Uint8Array(good);
    corrupt.fill(0xff, Math.floor(corrupt.length / 2));
    const cases = { corruptTail: corrupt, badContentRef: new Uint8Array([1, 1, 200, 3, 0, 4, 250]), truncated: good.slice(0, good.length - 3) };
    for (const [name, update] of Object.entries(cases)) {
      const raw = rawSocket(collabUrl(canvas.id, canvas.tokens.editor));
      await raw.opened;
      raw.ws.send(updateFrame(update));
      const code = await Promise.race([raw.closed, new Promise((r) => setTimeout(() => r('still open'), 2000))]);
      expect(code, name).toBe(4400);
    }
    expect(server.rooms.get(canvas.id)!.counters.updatesRejected).toBeGreaterThanOrEqual(2);
    expect((await server.storage.updateStats(canvas.id))).toEqual(rowsBefore);
    expect(exportCanvas(server.rooms.get(canvas.id)!.doc)).toEqual(before);
    expect(witness.provider.wsconnected).toBe(true);
    witness.destroy();
  });

  it('closes a frame over MAX_FRAME_BYTES with 4413 and stores nothing', async () => {
    const canvas = await server.createCanvas();
    const rowsBefore = (await server.storage.updateStats(canvas.id));
    const raw = rawSocket(collabUrl(canvas.id, canvas.tokens.editor));
    await raw.opened;
    raw.ws.send(updateFrame(titleUpdate('x'.repeat(100 * KiB))));
    expect(await raw.closed).toBe(4413);
    await new Promise((r) => setTimeout(r, 50));
    expect((await server.storage.updateStats(canvas.id))).toEqual(rowsBefore);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('refuses growth past MAX_CANVAS_BYTES with 4413; what was stored before stays', async () => {
    const canvas = await server.createCanvas();
    const writer = connectClient(server.url, canvas.id, canvas.tokens.editor);
    await writer.synced;
    const title = writer.doc.getText('title');
    let code: number | null = null;
    void writer.closed.then((c) => (code = c));
    for (let i = 0; i < 20 && code === null; i++) {
      title.insert(title.length, `${i}:${'y'.repeat(30 * KiB)}`);
      await new Promise((r) => setTimeout(r, 60));
    }
    await waitFor(() => code !== null, 3000, 'close');
    expect(code).toBe(4413);
    const stored = (await server.storage.updateStats(canvas.id));
    expect(stored.bytes).toBeLessThanOrEqual(256 * KiB);
    const reader = connectClient(server.url, canvas.id, canvas.tokens.viewer);
    await reader.synced;
    expect(reader.doc.getText('title').toString()).toMatch(/^0:y+/);
    writer.destroy();
    reader.destroy();
  });

  it('drops awareness states with a long name, a bad colour or another client’s id, and relays good ones', async () => {
    const canvas = await server.createCanvas();
    const watcher = connectClient(server.url, canvas.id, canvas.tokens.viewer);
    await watcher.synced;
    watcher.provider.awareness.setLocalStateField('user', { name: 'Wim', color: '#1d4ed8' });
    await waitFor(() => server.rooms.get(canvas.id)!.awareness.getStates().has(watcher.doc.clientID), 3000, 'watcher announced');
    const raw = rawSocket(collabUrl(canvas.id, canvas.tokens.editor));
    await raw.opened;
    const names = () => [...watcher.provider.awareness.getStates().values()].map((s) => s.user?.name).filter(Boolean);
    raw.ws.send(awarenessFrame(4242, 1, JSON.stringify({ user: { name: 'x'.repeat(500), color: '#123456' } })));
    raw.ws.send(awarenessFrame(4242, 2, JSON.stringify({ user: { name: 'Evil', color: 'red;background:url(x)' } })));
    raw.ws.send(awarenessFrame(4242, 3, '{not json'));
    raw.ws.send(awarenessFrame(watcher.doc.clientID, 99, JSON.stringify({ user: { name: 'Impostor', color: '#123456' } })));
    raw.ws.send(awarenessFrame(4242, 4, JSON.stringify({ user: { name: 'Fatima', color: '#0e7490' } })));
    await waitFor(() => names().includes('Fatima'), 3000, 'good state relayed');
    expect(names().sort()).toEqual(['Fatima', 'Wim']);
    expect(server.rooms.get(canvas.id)!.counters.awarenessRejected).toBe(4);
    raw.ws.close();
    watcher.destroy();
  });

  it('closes a flooding connection with 1013 while another room keeps syncing', async () => {
    const flooded = await server.createCanvas();
    const other = await server.createCanvas();
    const bystander = connectClient(server.url, other.id, other.tokens.editor);
    const reader = connectClient(server.url, other.id, other.tokens.viewer);
    await Promise.all([bystander.synced, reader.synced]);
    const raw = rawSocket(collabUrl(flooded.id, flooded.tokens.editor));
    await raw.opened;
    const doc = new Y.Doc();
    doc.on('update', (update: Uint8Array) => raw.ws.readyState === raw.ws.OPEN && raw.ws.send(updateFrame(update)));
    for (let i = 0; i < 2000 && raw.ws.readyState === raw.ws.OPEN; i++) doc.getText('title').insert(0, 'f');
    expect(await raw.closed).toBe(1013);
    bystander.doc.getText('title').insert(0, 'nog steeds live');
    await waitFor(() => reader.doc.getText('title').toString() === 'nog steeds live', 2000, 'other room');
    bystander.destroy();
    reader.destroy();
  });

  it('closes an upgrade from a foreign Origin with 4403 and allows no Origin', async () => {
    const canvas = await server.createCanvas();
    const foreign = rawSocket(collabUrl(canvas.id, canvas.tokens.editor), { Origin: 'https://evil.example' });
    expect(await foreign.closed).toBe(4403);
    const own = rawSocket(collabUrl(canvas.id, canvas.tokens.editor), { Origin: server.url });
    await own.opened;
    const none = rawSocket(collabUrl(canvas.id, canvas.tokens.editor));
    await none.opened;
    await new Promise((r) => setTimeout(r, 100));
    expect(own.ws.readyState).toBe(own.ws.OPEN);
    own.ws.close();
    none.ws.close();
  });
});

describe('connection limits', () => {
  it('closes connections past MAX_CONNECTIONS_PER_IP with 1013', async () => {
    const server = await startTestServer({ MAX_CONNECTIONS_PER_IP: '3' });
    const canvas = await server.createCanvas();
    const url = `${server.url.replace('http', 'ws')}/collab/${canvas.id}?token=${canvas.tokens.editor}`;
    const sockets = [rawSocket(url), rawSocket(url), rawSocket(url)];
    await Promise.all(sockets.map((s) => s.opened));
    const fourth = rawSocket(url);
    expect(await fourth.closed).toBe(1013);
    sockets[0]!.ws.close();
    await sockets[0]!.closed;
    await new Promise((r) => setTimeout(r, 50));
    const again = rawSocket(url);
    await again.opened;
    await new Promise((r) => setTimeout(r, 50));
    expect(again.ws.readyState).toBe(again.ws.OPEN);
    for (const s of [...sockets, again]) s.ws.close();
    await server.dispose();
  });
});
