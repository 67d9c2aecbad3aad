import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, waitFor } from '../helpers/collabClient';
import { openPostgres, startPostgresTestServer, type PostgresTestServer } from '../helpers/postgres';
import { startPostgres, type PostgresServer } from '../helpers/postgresServer';
import { connectTrackedClient } from '../helpers/trackedClient';

/**
 * PostgreSQL goes away in the middle of a workshop (a restart, a failover) and comes back:
 * Stip keeps its rooms and connections, shows and confirms nothing it could not store, keeps
 * what is typed meanwhile, and stores and shows it all once the database is back. This file
 * runs a PostgreSQL of its own, since it stops it.
 */
describe('PostgreSQL restarting under a workshop', () => {
  let postgres: PostgresServer;
  let server: PostgresTestServer;
  let url: string;
  beforeAll(async () => {
    postgres = await startPostgres({ fsync: false });
    url = await postgres.createDatabase();
    server = await startPostgresTestServer(url, { MAX_MESSAGES_PER_SECOND: '100000', ...(process.env.DEBUG_LOGS ? { LOG_LEVEL: 'debug' } : {}) });
  });
  afterAll(async () => {
    if (process.env.DEBUG_LOGS) console.log(server?.logLines.join(''));
    await server?.close();
    await postgres?.stop();
  });

  it('keeps everything typed while the database was down, and stores and shows it once it is back', async () => {
    const canvas = await server.createCanvas();
    const writer = connectTrackedClient(server.url, canvas.id, canvas.tokens.editor);
    const reader = connectClient(server.url, canvas.id, canvas.tokens.viewer);
    try {
      await Promise.all([writer.synced, reader.synced]);
      const log = writer.doc.getArray<number>('log');
      const seen = reader.doc.getArray<number>('log');
      for (let i = 0; i < 50; i++) log.push([i]);
      await waitFor(() => seen.length === 50 && writer.tracker.allStored, 5000, 'the first 50 stored and seen');

      await postgres.halt();
      for (let i = 50; i < 100; i++) log.push([i]);
      await waitFor(() => writer.stipMessages.some((m) => m.type === 'storage' && m.failing), 10_000, 'the writer told the server cannot store');
      // Not stored, so neither shown to the others nor confirmed.
      expect(seen.length).toBe(50);
      expect(writer.tracker.allStored).toBe(false);
      expect(writer.provider.wsconnected && reader.provider.wsconnected).toBe(true);
      // Nothing new is taken on meanwhile: a new canvas is refused in words, not a 500.
      const refused = await fetch(`${server.url}/api/canvases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(refused.status).toBe(507);

      await postgres.resume();
      await waitFor(() => seen.length === 100 && writer.tracker.allStored, 20_000, 'everything stored and seen after the restart');
      expect(writer.stipMessages.filter((m) => m.type === 'storage').at(-1)).toEqual({ type: 'storage', failing: false });
      expect(seen.toArray()).toEqual(Array.from({ length: 100 }, (_, i) => i));

      const store = await openPostgres(url);
      const stored = new Y.Doc();
      Y.applyUpdate(stored, Y.mergeUpdates((await store.loadUpdates(canvas.id)).updates));
      await store.close();
      expect(stored.getArray<number>('log').toArray()).toEqual(seen.toArray());

      // New work after the restart goes through as before, to a newcomer too.
      log.push([100]);
      const late = connectClient(server.url, canvas.id, canvas.tokens.viewer);
      await late.synced;
      await waitFor(() => late.doc.getArray('log').length === 101, 5000, 'the newcomer to have all 101');
      late.destroy();
    } finally {
      writer.destroy();
      reader.destroy();
    }
  });
});
