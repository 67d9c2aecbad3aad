import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { titleText } from '../../shared/docLayout';
import type { Storage } from '../../server/storage/Storage';
import { connectClient, waitFor, type CollabClient } from '../helpers/collabClient';
import { SlowStorage } from '../helpers/slowStorage';
import { startTestServer, type TestServer } from '../helpers/testServer';
import { connectTrackedClient } from '../helpers/trackedClient';

/** The title as the real store holds it (read past the delay). */
async function storedTitle(storage: Storage, canvasId: string): Promise<string> {
  const doc = new Y.Doc();
  for (const update of (await storage.loadUpdates(canvasId)).updates) Y.applyUpdate(doc, update);
  const title = titleText(doc).toString();
  doc.destroy();
  return title;
}

/**
 * The commit path against a store that takes its time, as one over a network does: a commit is
 * in flight while updates, joins and deletions arrive.
 */
describe('a store that answers slowly or fails', () => {
  let server: TestServer | null = null;
  let slow: SlowStorage;
  const clients: CollabClient[] = [];
  const start = async (delayMs: number, env: Record<string, string> = {}) => {
    server = await startTestServer({ MAX_MESSAGES_PER_SECOND: '100000', ...env }, undefined, (sqlite) => (slow = new SlowStorage(sqlite, delayMs)));
    return server;
  };
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server?.dispose();
    server = null;
  });

  it('confirms only what the store holds, while a commit of 25 ms is in flight at every keystroke, and every copy converges', async () => {
    // Compaction every ten rows: it runs in the commit slot too.
    const s = await start(25, { COMPACT_AFTER_UPDATES: '10' });
    const canvas = await s.createCanvas({ title: '' });
    const writers = [0, 1].map(() => connectTrackedClient(s.url, canvas.id, canvas.tokens.editor));
    clients.push(...writers);
    await Promise.all(writers.map((w) => w.synced));
    const problems: string[] = [];
    const checks: Promise<void>[] = [];
    for (const [n, writer] of writers.entries()) {
      const typed: number[] = [];
      writer.doc.on('update', (_u: Uint8Array, origin: unknown) => {
        if (origin !== writer.provider) typed[writer.tracker.sentOnSocket] = (typed[writer.tracker.sentOnSocket] ?? 0) + 1;
      });
      writer.onStored = (clock) => {
        // Everything this writer typed up to the confirmed message must be in the store now.
        const mine = writer.doc.getText('title').toString().split('').filter((c) => c === String(n)).length;
        const expected = Math.min(mine, clock);
        checks.push(
          storedTitle(slow.inner, canvas.id).then((title) => {
            const inStore = title.split('').filter((c) => c === String(n)).length;
            if (inStore < expected - 1) problems.push(`writer ${n} confirmed ${clock}: the store holds ${inStore} of its letters`);
          }),
        );
      };
    }
    for (let i = 0; i < 40; i++) {
      for (const [n, writer] of writers.entries()) {
        const title = writer.doc.getText('title');
        title.insert(title.length, String(n));
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (const writer of writers) await waitFor(() => writer.tracker.allStored, 10_000, 'every letter confirmed');
    await Promise.all(checks);
    expect(problems).toEqual([]);
    const [a, b] = writers;
    await waitFor(() => a!.doc.getText('title').toString() === b!.doc.getText('title').toString(), 5000, 'the writers converge');
    expect(await storedTitle(slow.inner, canvas.id)).toBe(a!.doc.getText('title').toString());
    expect(a!.doc.getText('title').length).toBe(80);
    // Compaction runs after the commit it follows has been confirmed: its turn may still be coming.
    await waitFor(async () => (await slow.inner.updateStats(canvas.id)).count < 20, 5000, 'the rows compacted');
    // And the server still closes: nothing waits for itself.
    await s.close();
  });

  it('while commits fail: a joiner gets what is stored at once and sees who is there; afterwards everything arrives', async () => {
    const s = await start(5);
    const canvas = await s.createCanvas({ title: 'Vast' });
    const writer = connectTrackedClient(s.url, canvas.id, canvas.tokens.editor);
    clients.push(writer);
    await writer.synced;
    writer.provider.awareness.setLocalStateField('user', { name: 'Schrijver', color: '#123456' });
    await waitFor(() => writer.tracker.allStored, 3000, 'the first sync stored');

    slow.failAppends = true;
    writer.doc.getText('title').insert(4, ' maar niet bewaard');
    await waitFor(() => writer.stipMessages.some((m) => m.type === 'storage' && m.failing), 3000, 'the writer told');

    const joiner = connectClient(s.url, canvas.id, canvas.tokens.viewer);
    clients.push(joiner);
    await Promise.race([joiner.synced, new Promise((_, reject) => setTimeout(() => reject(new Error('the joiner did not sync within 2 s')), 2000))]);
    // What is stored, and nothing that is not.
    expect(joiner.doc.getText('title').toString()).toBe('Vast');
    await waitFor(
      () => [...joiner.provider.awareness.getStates().values()].some((state) => (state as { user?: { name?: string } }).user?.name === 'Schrijver'),
      3000,
      'the joiner sees the writer',
    );

    // A one-second outage costs a handful of tries, not one per idle room or per keystroke.
    const attemptsBefore = slow.appendAttempts;
    for (let i = 0; i < 20; i++) writer.doc.getText('title').insert(0, '.');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(slow.appendAttempts - attemptsBefore).toBeLessThanOrEqual(5);

    slow.failAppends = false;
    await waitFor(() => writer.tracker.allStored, 10_000, 'stored once the store works');
    await waitFor(() => joiner.doc.getText('title').toString() === writer.doc.getText('title').toString(), 5000, 'the joiner gets it all');
    expect(await storedTitle(slow.inner, canvas.id)).toBe(writer.doc.getText('title').toString());
    expect(writer.stipMessages.filter((m) => m.type === 'storage').at(-1)).toEqual({ type: 'storage', failing: false });
  });

  it('a canvas deleted while its room loads blocks no other canvas’s commits', async () => {
    const s = await start(40);
    const doomed = await s.createCanvas({ title: 'Weg' });
    const other = await s.createCanvas({ title: 'Blijft' });
    const writer = connectTrackedClient(s.url, other.id, other.tokens.editor);
    clients.push(writer);
    await writer.synced;

    const joiner = connectClient(s.url, doomed.id, doomed.tokens.editor);
    clients.push(joiner);
    // The room is loading (each store call takes 40 ms) when the facilitator deletes the canvas.
    await waitFor(() => s.rooms.get(doomed.id) === undefined, 1000, 'not loaded yet');
    await new Promise((resolve) => setTimeout(resolve, 60));
    const deleted = await fetch(`${s.url}/api/canvases/${doomed.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${doomed.tokens.facilitator}` } });
    expect(deleted.status).toBe(204);

    writer.doc.getText('title').insert(0, 'Nog ');
    await waitFor(() => writer.tracker.allStored, 5000, 'the other canvas still stores');
    expect(await storedTitle(slow.inner, other.id)).toBe('Nog Blijft');
    expect(s.rooms.storageFailing).toBe(false);
    expect(await slow.inner.getCanvas(doomed.id)).toBeNull();
  });

  it('a canvas deleted behind its room’s back (another process sharing the store): its room closes with 4404, other canvases keep storing', async () => {
    const s = await start(0);
    const [gone, kept] = await Promise.all([s.createCanvas(), s.createCanvas()]);
    const doomed = connectTrackedClient(s.url, gone.id, gone.tokens.editor);
    const other = connectTrackedClient(s.url, kept.id, kept.tokens.editor);
    clients.push(doomed, other);
    await Promise.all([doomed.synced, other.synced]);
    // Deleted in the store only, as another process would: this server's room does not know.
    await slow.inner.deleteCanvas(gone.id);
    doomed.doc.getText('title').insert(0, 'weg');
    other.doc.getText('title').insert(0, 'blijft');
    expect(await doomed.closed).toBe(4404);
    await waitFor(() => other.tracker.allStored, 5000, 'the other canvas’s edit stored');
    expect(await storedTitle(slow.inner, kept.id)).toBe('blijft');
    expect(s.rooms.storageFailing).toBe(false);
    expect(other.stipMessages.filter((m) => m.type === 'storage')).toEqual([]);
  });
});
