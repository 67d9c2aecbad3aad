import { afterEach, describe, expect, it } from 'vitest';
import { connectClient } from '../helpers/collabClient';
import { rawSocket } from '../helpers/rawFrames';
import { startTestServer, type TestServer } from '../helpers/testServer';
import { upgradeBurst } from '../helpers/upgradeBurst';

describe('WebSocket admission limits', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.dispose();
  });
  const path = (canvas: { id: string; tokens: { editor: string } }) => `/collab/${canvas.id}?token=${canvas.tokens.editor}`;

  it('refuses upgrades past MAX_PENDING_UPGRADES still being checked with 1013; later ones get in', async () => {
    server = await startTestServer({ MAX_PENDING_UPGRADES: '3' });
    const canvas = await server.createCanvas();
    const { outcomes, sockets } = await upgradeBurst(server.url, Array.from({ length: 10 }, () => path(canvas)));
    expect(outcomes.filter((o) => o === 'admitted')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 1013)).toHaveLength(7);
    sockets.forEach((s) => s.destroy());
    const later = connectClient(server.url, canvas.id, canvas.tokens.editor);
    await later.synced;
    later.destroy();
  });

  it('loads at most MAX_LOADING_ROOMS canvases at once; a loaded canvas is never held up', async () => {
    server = await startTestServer({ MAX_LOADING_ROOMS: '2' });
    const loaded = await server.createCanvas();
    const keeper = connectClient(server.url, loaded.id, loaded.tokens.editor);
    await keeper.synced;
    const cold = await Promise.all([1, 2, 3, 4, 5].map(() => server.createCanvas()));
    expect(cold.every((c) => server.rooms.get(c.id) === undefined)).toBe(true);

    const { outcomes, sockets } = await upgradeBurst(server.url, [...cold.map(path), path(loaded)]);
    expect(outcomes).toEqual(['admitted', 'admitted', 1013, 1013, 1013, 'admitted']);
    expect(server.rooms.loadedRoomCount).toBe(3);
    sockets.forEach((s) => s.destroy());

    // The refused ones come back (as y-websocket does after 1013) and get in.
    const retried = cold.slice(2).map((c) => connectClient(server.url, c.id, c.tokens.editor));
    await Promise.all(retried.map((c) => c.synced));
    expect(server.rooms.loadedRoomCount).toBe(6);
    for (const client of [keeper, ...retried]) client.destroy();
  });

  it('answers a collab URL with a broken %-escape with 4404 instead of throwing', async () => {
    server = await startTestServer();
    const broken = rawSocket(`${server.url.replace('http', 'ws')}/collab/%E0%A4%A?token=x`);
    expect(await broken.closed).toBe(4404);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
