import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedCanvas } from '../../shared/api';
import { MessageType } from '../../shared/protocol';
import { MAX_AWARENESS_IDS_PER_CONNECTION, MAX_AWARENESS_STATES_PER_ROOM } from '../../server/rooms/RoomPresence';
import { connectClient, waitFor, type CollabClient } from '../helpers/collabClient';
import { awarenessFrame, rawSocket, type RawSocket } from '../helpers/rawFrames';
import { startTestServer, type TestServer } from '../helpers/testServer';

/** Presence (awareness) is bounded in bytes per state, ids per connection and per room, and query rate. */
describe('presence bounds', () => {
  let server: TestServer;
  const clients: CollabClient[] = [];
  const sockets: RawSocket[] = [];
  const open = async (canvas: CreatedCanvas, role: keyof CreatedCanvas['tokens']) => {
    const socket = rawSocket(`${server.url.replace(/^http/, 'ws')}/collab/${canvas.id}?token=${canvas.tokens[role]}`);
    sockets.push(socket);
    await socket.opened;
    // Joined once the room has sent its sync step 1 (frames before that are not the room's yet).
    await waitFor(() => socket.received.length > 0, 10_000, 'joined');
    return socket;
  };
  const watcher = (canvas: CreatedCanvas) => {
    const client = connectClient(server.url, canvas.id, canvas.tokens.viewer);
    clients.push(client);
    return client;
  };
  const room = (canvas: CreatedCanvas) => server.rooms.get(canvas.id)!;

  beforeAll(async () => {
    server = await startTestServer({ MAX_CONNECTIONS_PER_IP: '1000' });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const s of sockets) s.ws.terminate();
    await server.dispose();
  });

  it('refuses a state over 4 KiB in bytes, even when it is under 4,096 characters', async () => {
    const canvas = await server.createCanvas();
    const viewer = await open(canvas, 'viewer');
    const other = watcher(canvas);
    await other.synced;
    // 2,000 euro signs: 2,000 characters, 6,000 bytes in UTF-8.
    viewer.ws.send(awarenessFrame(7001, 1, JSON.stringify({ note: '€'.repeat(2000) })));
    viewer.ws.send(awarenessFrame(7001, 2, JSON.stringify({ user: { name: 'Kijker', color: '#123456' } })));
    await waitFor(() => other.provider.awareness.getStates().has(7001), 3000, 'the small state arrives');
    expect(other.provider.awareness.getStates().get(7001)).toEqual({ user: { name: 'Kijker', color: '#123456' } });
    expect(room(canvas).counters.awarenessRejected).toBeGreaterThanOrEqual(1);
  });

  it('keeps at most a few client ids per connection, viewers included, and a bounded number per room', async () => {
    const canvas = await server.createCanvas();
    const other = watcher(canvas);
    await other.synced;
    const viewer = await open(canvas, 'viewer');
    for (let id = 1; id <= 40; id++) viewer.ws.send(awarenessFrame(9000 + id, 1, '{}'));
    await waitFor(() => other.provider.awareness.getStates().size >= MAX_AWARENESS_IDS_PER_CONNECTION + 1, 3000, 'the first ids');
    await new Promise((r) => setTimeout(r, 300));
    const fromViewer = [...other.provider.awareness.getStates().keys()].filter((id) => id > 9000 && id <= 9040);
    expect(fromViewer).toHaveLength(MAX_AWARENESS_IDS_PER_CONNECTION);

    // Many connections, each within its own bound, fill the room up to its bound and no further.
    const perSocket = MAX_AWARENESS_IDS_PER_CONNECTION;
    const needed = Math.ceil(MAX_AWARENESS_STATES_PER_ROOM / perSocket) + 2;
    for (let s = 0; s < needed; s++) {
      const socket = await open(canvas, 'viewer');
      for (let i = 0; i < perSocket; i++) socket.ws.send(awarenessFrame(100_000 + s * 100 + i, 1, '{}'));
    }
    await waitFor(() => room(canvas).awareness.getStates().size >= MAX_AWARENESS_STATES_PER_ROOM, 10_000, 'the room fills');
    await new Promise((r) => setTimeout(r, 300));
    expect(room(canvas).awareness.getStates().size).toBe(MAX_AWARENESS_STATES_PER_ROOM);

    // A joiner's first messages are bounded whatever others announced.
    const joiner = await open(canvas, 'viewer');
    await new Promise((r) => setTimeout(r, 300));
    const firstBytes = joiner.received.reduce((sum, frame) => sum + frame.byteLength, 0);
    expect(firstBytes).toBeLessThan(MAX_AWARENESS_STATES_PER_ROOM * 4096 + 64 * 1024);
  });

  it('answers query-awareness at most a few times a second per connection', async () => {
    const canvas = await server.createCanvas();
    const socket = await open(canvas, 'viewer');
    await new Promise((r) => setTimeout(r, 200));
    const before = socket.received.length;
    const started = Date.now();
    for (let i = 0; i < 100; i++) socket.ws.send(new Uint8Array([MessageType.queryAwareness]));
    await new Promise((r) => setTimeout(r, 1000));
    const answers = socket.received.slice(before).filter((frame) => frame[0] === MessageType.awareness).length;
    const seconds = (Date.now() - started) / 1000;
    // At most one answer per 500 ms (plus the keepalive, which is an awareness message too).
    expect(answers).toBeLessThanOrEqual(Math.ceil(seconds * 2) + 2);
    expect(answers).toBeGreaterThanOrEqual(1);
  });
});
