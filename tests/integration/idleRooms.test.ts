import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CreatedCanvas } from '../../shared/api';
import { titleText } from '../../shared/docLayout';
import { connectClient, waitFor } from '../helpers/collabClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

const ROOMS = 200;
const AT_ONCE = 50;
const IDLE_MS = 300;

describe('idle rooms', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ROOM_IDLE_MS: String(IDLE_MS) });
  });
  afterAll(async () => {
    await server.dispose();
  });

  /** The title as stored in SQLite (not as the room holds it). */
  const storedTitle = async (id: string): Promise<string> => {
    const doc = new Y.Doc();
    for (const update of (await server.storage.loadUpdates(id)).updates) Y.applyUpdate(doc, update);
    const title = titleText(doc).toString();
    doc.destroy();
    return title;
  };

  it(`leave memory once their last write is stored: after ${ROOMS} rooms open and close, none is loaded`, async () => {
    const canvases: CreatedCanvas[] = [];
    for (let i = 0; i < ROOMS; i++) canvases.push(await server.createCanvas({ title: '' }));
    expect(server.rooms.loadedRoomCount).toBe(0);

    let peak = 0;
    for (let start = 0; start < ROOMS; start += AT_ONCE) {
      const batch = canvases.slice(start, start + AT_ONCE);
      const clients = batch.map((c) => connectClient(server.url, c.id, c.tokens.editor));
      await Promise.all(clients.map((c) => c.synced));
      peak = Math.max(peak, server.rooms.loadedRoomCount);
      // The last write goes out and the client leaves at once: the write is still in flight.
      clients.forEach((client, i) => {
        titleText(client.doc).insert(0, `kamer ${start + i}`);
        client.destroy();
      });
    }
    expect(peak).toBeGreaterThanOrEqual(AT_ONCE);
    // Within ROOM_IDLE_MS of the last leave the rooms are still there (a quick rejoin is free).
    expect(server.rooms.loadedRoomCount).toBeGreaterThan(0);

    const started = Date.now();
    await waitFor(() => server.rooms.loadedRoomCount === 0, IDLE_MS + 5000, 'every room unloaded');
    console.log(`${ROOMS} rooms: peak ${peak} loaded, all unloaded ${Date.now() - started} ms after the last leave (ROOM_IDLE_MS=${IDLE_MS})`);
    // Each last write, still in flight when its client left, was stored before its room left.
    for (const [i, canvas] of canvases.entries()) expect(await storedTitle(canvas.id)).toBe(`kamer ${i}`);

    // An unloaded room comes back from storage as it was left.
    const back = connectClient(server.url, canvases[7]!.id, canvases[7]!.tokens.viewer);
    await back.synced;
    expect(titleText(back.doc).toString()).toBe('kamer 7');
    expect(server.rooms.loadedRoomCount).toBe(1);
    back.destroy();
    await waitFor(() => server.rooms.loadedRoomCount === 0, IDLE_MS + 5000, 'the reopened room unloaded');
  });
});
