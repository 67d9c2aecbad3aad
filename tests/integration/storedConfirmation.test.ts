import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedCanvas } from '../../shared/api';
import { connectClient, waitFor, type CollabClient } from '../helpers/collabClient';
import { storedTitle } from '../helpers/storedTitle';
import { startTestServer, type TestServer } from '../helpers/testServer';
import { connectTrackedClient, type TrackedClient } from '../helpers/trackedClient';

describe('"stored" confirmations (Stip message type 100)', () => {
  let server: TestServer;
  const clients: CollabClient[] = [];
  const tracked = (canvas: CreatedCanvas, role: keyof CreatedCanvas['tokens'] = 'editor'): TrackedClient => {
    const client = connectTrackedClient(server.url, canvas.id, canvas.tokens[role]);
    clients.push(client);
    return client;
  };
  const api = (canvas: CreatedCanvas, body: unknown) =>
    fetch(`${server.url}/api/canvases/${canvas.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${canvas.tokens.facilitator}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    server = await startTestServer({ MAX_MESSAGES_PER_SECOND: '100000' });
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server.dispose();
  });

  it('confirms every change a writer sends, each time only once the SQLite file holds it', async () => {
    const canvas = await server.createCanvas({ title: '' });
    const writer = tracked(canvas);
    const title = writer.doc.getText('title');
    // The title length once the first n change messages had gone out.
    const lengthAfterSent: number[] = [0];
    writer.doc.on('update', () => {
      lengthAfterSent[writer.tracker.sentOnSocket] = title.length;
    });
    const problems: string[] = [];
    const confirmed: number[] = [];
    const checks: Promise<void>[] = [];
    writer.onStored = (clock) => {
      confirmed.push(clock);
      const expected = lengthAfterSent.slice(0, clock + 1).reduce((a, b) => Math.max(a ?? 0, b ?? 0), 0) ?? 0;
      // Read as the confirmation arrives: the store must already hold what it confirms.
      checks.push(
        storedTitle(server.storage, canvas.id).then(({ length: inFile }) => {
          if (inFile < expected) problems.push(`stored ${clock}: the file holds ${inFile} characters, expected ${expected}`);
        }),
      );
    };
    await writer.synced;
    await waitFor(() => writer.tracker.allStored, 3000, 'the step 2 confirmed');

    for (let burst = 0; burst < 30; burst++) {
      for (let i = 0; i < 10; i++) title.insert(title.length, String(i));
      expect(writer.tracker.allStored).toBe(false);
      await new Promise((r) => setTimeout(r, burst % 3));
    }
    await waitFor(() => writer.tracker.allStored, 5000, 'all 300 changes confirmed');
    await Promise.all(checks);
    expect(problems).toEqual([]);
    expect(writer.tracker.sentOnSocket).toBe(301);
    expect(confirmed.at(-1)).toBe(301);
    // Several messages of one event-loop turn are stored in one transaction and confirmed once.
    expect(confirmed.length).toBeLessThan(301);
    expect((await storedTitle(server.storage, canvas.id))).toBe(title.toString());
  });

  it('sends no confirmation while the disk is full, keeps the writer connected and told, and stores everything once there is space', async () => {
    const canvas = await server.createCanvas({ title: 'Vast' });
    const writer = tracked(canvas);
    const reader = connectClient(server.url, canvas.id, canvas.tokens.viewer);
    clients.push(reader);
    await Promise.all([writer.synced, reader.synced]);
    await waitFor(() => writer.tracker.allStored, 3000, 'the step 2 confirmed');
    const confirmationsBefore = writer.stipMessages.filter((m) => m.type === 'stored').length;
    const closeCodes: number[] = [];
    writer.provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code);
    });

    // A real SQLite "database or disk is full": the file may not grow by a single page.
    server.sqlite.setPageLimit(server.sqlite.pageCount());
    try {
      writer.doc.getText('title').insert(4, ' en bewaard'.repeat(400));
      await waitFor(() => writer.stipMessages.some((m) => m.type === 'storage' && m.failing), 3000, 'the writer told');
      await new Promise((resolve) => setTimeout(resolve, 600)); // a retry or two fail meanwhile
      expect(closeCodes).toEqual([]);
      expect(writer.stipMessages.filter((m) => m.type === 'stored')).toHaveLength(confirmationsBefore);
      expect(writer.tracker.allStored).toBe(false);
      expect(reader.doc.getText('title').toString()).toBe('Vast');
      expect(await storedTitle(server.storage, canvas.id)).toBe('Vast');
    } finally {
      server.sqlite.setPageLimit(null);
    }
    await waitFor(() => writer.tracker.allStored, 10_000, 'the confirmation once there is space');
    expect(writer.stipMessages.at(-2)).toMatchObject({ type: 'storage', failing: false });
    expect(closeCodes).toEqual([]);
    expect(await storedTitle(server.storage, canvas.id)).toBe(`Vast${' en bewaard'.repeat(400)}`);
    await waitFor(() => reader.doc.getText('title').toString() === `Vast${' en bewaard'.repeat(400)}`, 5000, 'the reader sees it');
  });

  it('confirms changes made while disconnected, deletions included, once the next socket sent them', async () => {
    const canvas = await server.createCanvas({ title: 'abcdef' });
    const writer = tracked(canvas);
    await writer.synced;
    await waitFor(() => writer.tracker.allStored, 3000, 'the step 2 confirmed');

    writer.provider.disconnect();
    // A deletion adds no struct, so it moves no state-vector clock; it must still be confirmed.
    writer.doc.getText('title').delete(2, 2);
    expect(writer.tracker.allStored).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect((await storedTitle(server.storage, canvas.id))).toBe('abcdef');

    writer.provider.connect();
    await waitFor(() => writer.tracker.allStored, 5000, 'the offline deletion confirmed');
    expect((await storedTitle(server.storage, canvas.id))).toBe('abef');
  });

  it('never confirms a viewer\'s changes; takes back an editor\'s on a locked canvas, says so, and keeps its later edits', async () => {
    const canvas = await server.createCanvas({ title: 'Open' });
    const viewer = tracked(canvas, 'viewer');
    const editor = tracked(canvas);
    await Promise.all([viewer.synced, editor.synced]);
    await waitFor(() => editor.tracker.allStored, 3000, 'the editor\'s step 2 confirmed');
    viewer.doc.getText('title').insert(0, 'Niet ');

    expect((await api(canvas, { locked: true })).status).toBe(200);
    await waitFor(() => editor.stipMessages.some((m) => m.type === 'role' && m.locked), 1000, 'the lock');
    editor.doc.getText('title').insert(4, ' dicht');
    // Taken back as the server's own change: the author sees its text go, and is told.
    await waitFor(() => editor.doc.getText('title').toString() === 'Open', 3000, 'the refused text goes');
    await waitFor(() => editor.stipMessages.some((m) => m.type === 'refused' && m.reason === 'locked'), 3000, 'told');
    // Stored with its taking back, so confirmed: the badge does not hang on "Saving…".
    await waitFor(() => editor.tracker.allStored, 3000, 'confirmed');
    expect(viewer.stipMessages.filter((m) => m.type === 'stored')).toEqual([]);
    expect(viewer.tracker.allStored).toBe(false);
    expect((await storedTitle(server.storage, canvas.id))).toBe('Open');

    // Unlocked: the same client's next edit arrives (its clocks were never held up).
    expect((await api(canvas, { locked: false })).status).toBe(200);
    await waitFor(() => editor.stipMessages.some((m) => m.type === 'role' && !m.locked), 1000, 'the unlock');
    editor.doc.getText('title').insert(4, '!');
    await waitFor(async () => (await storedTitle(server.storage, canvas.id)) === 'Open!', 5000, 'the edit after the unlock is stored');
    await waitFor(() => editor.tracker.allStored, 3000, 'and confirmed');
  });
});
