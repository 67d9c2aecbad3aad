import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FRAGMENT_ZONES } from '../../shared/docLayout';
import { connectClient, waitFor, type CollabClient } from '../helpers/collabClient';
import { applyEdit, editorEdit, type EditorEdit } from '../helpers/editorEdits';
import { newDatabaseUrl, openPostgres, startPostgresTestServer, type PostgresTestServer } from '../helpers/postgres';
import { rawState } from '../helpers/roomSimulation';

/**
 * The path between processes, over generated cases (fast-check, seeded; rerun a failure with
 * STIP_PROPERTY_SEED=<seed>): clients split across two Stip processes on one PostgreSQL make
 * random edits of the kinds the editor makes (pastes of hundreds of blocks among them, which
 * travel by row rather than in the notification), with pauses and reconnects in between. Then
 * every client, both processes' rooms and the rows in PostgreSQL hold the same raw Yjs state.
 */
const seed = process.env.STIP_PROPERTY_SEED ? Number(process.env.STIP_PROPERTY_SEED) : 20261201;
const runs = Number(process.env.STIP_PROPERTY_RUNS ?? 20);

type Step = { who: number; edit: EditorEdit } | { who: number; reconnect: true } | { pause: number };

/** A paste too large for a notification (over 5.6 KB): it travels by row. */
const bigPaste: fc.Arbitrary<EditorEdit> = fc.record({
  kind: fc.constant('paragraphs' as const),
  zone: fc.constantFrom(...FRAGMENT_ZONES),
  at: fc.nat({ max: 1000 }),
  texts: fc.array(fc.string({ minLength: 20, maxLength: 60 }), { minLength: 200, maxLength: 300 }),
});

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ who: fc.nat({ max: 3 }), edit: editorEdit }) },
  { weight: 1, arbitrary: fc.record({ who: fc.nat({ max: 3 }), edit: bigPaste }) },
  { weight: 1, arbitrary: fc.record({ who: fc.nat({ max: 3 }), reconnect: fc.constant(true as const) }) },
  { weight: 2, arbitrary: fc.record({ pause: fc.integer({ min: 0, max: 30 }) }) },
);

describe('edits across two processes, over generated cases', () => {
  let url: string;
  let servers: PostgresTestServer[];
  beforeAll(async () => {
    url = await newDatabaseUrl();
    // Compaction every few updates: each process compacts while the other stores rows it has not seen yet.
    const env = { MAX_MESSAGES_PER_SECOND: '100000', COMPACT_AFTER_UPDATES: '4' };
    servers = await Promise.all([startPostgresTestServer(url, env), startPostgresTestServer(url, env)]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('converges on every root of every copy: clients, both rooms and the stored rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 30 }), async (steps) => {
        const canvas = await servers[0]!.createCanvas();
        // Clients 0 and 2 on the first process, 1 and 3 on the second.
        const clients: CollabClient[] = [0, 1, 2, 3].map((i) => connectClient(servers[i % 2]!.url, canvas.id, canvas.tokens.editor));
        try {
          await Promise.all(clients.map((c) => c.synced));
          for (const s of steps) {
            if ('pause' in s) await new Promise((resolve) => setTimeout(resolve, s.pause));
            else if ('edit' in s) applyEdit(clients[s.who]!.doc, s.edit);
            else {
              clients[s.who]!.provider.disconnect();
              clients[s.who]!.provider.connect();
            }
          }
          const states = () => clients.map((c) => JSON.stringify(rawState(c.doc)));
          await waitFor(() => new Set(states()).size === 1, 20_000, 'the four clients to converge');
          const expected = rawState(clients[0]!.doc);
          for (const server of servers) {
            await server.rooms.flush();
            expect(rawState(server.rooms.get(canvas.id)!.doc)).toEqual(expected);
          }
          const store = await openPostgres(url);
          const stored = new Y.Doc();
          Y.applyUpdate(stored, Y.mergeUpdates((await store.loadUpdates(canvas.id)).updates));
          await store.close();
          expect(rawState(stored)).toEqual(expected);
          stored.destroy();
        } finally {
          for (const client of clients) client.destroy();
        }
      }),
      { seed, numRuns: runs, endOnFailure: true },
    );
  }, 240_000);
});
