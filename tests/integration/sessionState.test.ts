import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedCanvas } from '../../shared/api';
import { encodeStipMessage } from '../../shared/stipMessages';
import { readSpotlight, readTimer, setSpotlight, startTimer, stopTimer } from '../../shared/session';
import { connectClient, waitFor, type CollabClient } from '../helpers/collabClient';
import { collectStipMessages } from '../helpers/stipMessages';
import { startTestServer, type TestServer } from '../helpers/testServer';

describe('the session state (spotlight, timer) and the server clock', () => {
  let server: TestServer;
  const clients: CollabClient[] = [];
  const client = (canvas: CreatedCanvas, role: keyof CreatedCanvas['tokens'], stip = true) => {
    const c = connectClient(server.url, canvas.id, canvas.tokens[role], { params: stip ? { stip: '1' } : {} });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server.dispose();
  });

  it('carries the facilitator’s spotlight and timer to everyone, and takes back an editor’s change to them', async () => {
    const canvas = await server.createCanvas({ template: 'example' });
    const facilitator = client(canvas, 'facilitator');
    const editor = client(canvas, 'editor');
    const told = collectStipMessages(editor.provider);
    await Promise.all([facilitator.synced, editor.synced]);

    setSpotlight(facilitator.doc, 'obstacles');
    startTimer(facilitator.doc, 5 * 60_000, Date.now());
    await waitFor(() => readSpotlight(editor.doc) === 'obstacles' && readTimer(editor.doc) !== null, 3000, 'editor sees the session');

    // An editor connection (a raw Yjs client: the UI offers no such button) tries both.
    setSpotlight(editor.doc, 'actions');
    stopTimer(editor.doc);
    await waitFor(() => server.rooms.get(canvas.id)!.counters.updatesReverted >= 2, 3000, 'the change is taken back');
    const room = server.rooms.get(canvas.id)!;
    expect(readSpotlight(room.doc)).toBe('obstacles');
    expect(readTimer(room.doc)).not.toBeNull();
    // The author sees it go and is told; everyone else and a newcomer have the facilitator's state.
    await waitFor(() => readSpotlight(editor.doc) === 'obstacles' && readTimer(editor.doc) !== null, 3000, 'the editor’s own copy is set back');
    expect(told.some((m) => m.type === 'refused' && m.reason === 'facilitatorOnly')).toBe(true);
    expect(readSpotlight(facilitator.doc)).toBe('obstacles');
    const later = client(canvas, 'viewer');
    await later.synced;
    expect(readSpotlight(later.doc)).toBe('obstacles');
    expect(readTimer(later.doc)).toMatchObject({ status: 'running', durationMs: 300_000 });

    // The facilitator changes it again: that goes through.
    setSpotlight(facilitator.doc, null);
    await waitFor(() => readSpotlight(later.doc) === null, 3000, 'spotlight off');
  });

  it('tells a stip client the server’s time on joining and answers its pings; a plain client may not send type 100', async () => {
    const canvas = await server.createCanvas();
    const before = Date.now();
    const c = client(canvas, 'editor');
    const messages = collectStipMessages(c.provider);
    await c.synced;
    await waitFor(() => messages.some((m) => m.type === 'time'), 3000, 'time message');
    const joined = messages.find((m) => m.type === 'time')!;
    expect(joined.type === 'time' && joined.now >= before && joined.now <= Date.now()).toBe(true);

    c.provider.ws!.send(encodeStipMessage({ type: 'ping', ping: 42 }));
    await waitFor(() => messages.some((m) => m.type === 'time' && m.ping === 42), 3000, 'pong');

    const plain = client(canvas, 'editor', false);
    await plain.synced;
    plain.provider.ws!.send(encodeStipMessage({ type: 'ping', ping: 1 }));
    expect(await plain.closed).toBe(4400);
  });
});
