import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CreatedCanvas } from '../../shared/api';
import { connectClient, waitFor, type CollabClient } from '../helpers/collabClient';
import { mulberry32 } from '../helpers/fuzzFrames';
import { spawnServer, type ServerProcess } from '../helpers/serverProcess';
import { connectTrackedClient } from '../helpers/trackedClient';

const UPDATES = 1000;
const SEED = Number(process.env.SIGKILL_SEED ?? 20261123);

/** Each update pushes its own number to this root array: what survives is easy to count. */
const LOG = 'sigkill-log';

interface Round {
  /** Kill once the reader has received this many updates, or once the writer has all of them confirmed. */
  killWhen: { readerReceived: number } | 'writer confirmed';
}

describe('kill -9 of the server process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-sigkill-'));
  const env = { DATA_DIR: dataDir, MAX_MESSAGES_PER_SECOND: '100000' };
  let server: ServerProcess | undefined;
  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const createCanvas = async (): Promise<CreatedCanvas> => {
    const response = await fetch(`${server!.url}/api/canvases`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(201);
    return (await response.json()) as CreatedCanvas;
  };

  /**
   * Writer A sends 1,000 updates (bursts of 10); reader B receives them; the
   * server is SIGKILLed at the kill point and both clients are destroyed at once, so nobody
   * can send anything again. Returns what B had seen and what A had been told was stored.
   */
  const runRound = async ({ killWhen }: Round) => {
    const canvas = await createCanvas();
    const writer = connectTrackedClient(server!.url, canvas.id, canvas.tokens.editor);
    const reader = connectClient(server!.url, canvas.id, canvas.tokens.viewer);
    await Promise.all([writer.synced, reader.synced]);
    await waitFor(() => writer.tracker.allStored, 5000, 'the writer\'s step 2 confirmed');

    const victim = server!;
    let killed = false;
    let seen: number[] = [];
    let confirmedMessages = 0;
    const kill = () => {
      if (killed) return;
      killed = true;
      victim.child.kill('SIGKILL');
      // Snapshot after the signal: everything B holds now it has seen, so it must survive.
      seen = reader.doc.getArray<number>(LOG).toArray();
      confirmedMessages = writer.stipMessages.reduce((max, m) => (m.type === 'stored' ? Math.max(max, m.clock) : max), 0);
      writer.destroy();
      reader.destroy();
    };
    const log = reader.doc.getArray<number>(LOG);
    if (killWhen !== 'writer confirmed') {
      log.observe(() => {
        if (log.length >= killWhen.readerReceived) kill();
      });
    } else {
      writer.onStored = () => {
        queueMicrotask(() => {
          if (writer.tracker.allStored && writer.tracker.sentOnSocket === UPDATES + 1) kill();
        });
      };
    }

    // Bursts of 10, at most two bursts ahead of the reader: the kill lands while updates are
    // in flight (received, being stored, being broadcast), not after the writer is done.
    const written = writer.doc.getArray<number>(LOG);
    for (let i = 0; i < UPDATES && !killed; i++) {
      written.push([i]);
      if (i % 10 === 9) {
        await waitFor(() => killed || log.length >= i - 19, 5000, 'the reader to catch up');
      }
    }
    await waitFor(() => killed, 10_000, 'the kill point');
    expect(await victim.exited).toBe('SIGKILL');
    return { canvas, seen, confirmedMessages };
  };

  /** The log of a canvas as a fresh client gets it from the restarted server. */
  const readBack = async (canvas: CreatedCanvas): Promise<number[]> => {
    const client: CollabClient = connectClient(server!.url, canvas.id, canvas.tokens.viewer);
    await client.synced;
    const values = client.doc.getArray<number>(LOG).toArray();
    client.destroy();
    return values;
  };

  it('loses nothing any client saw or was told was stored, at seeded kill points', async () => {
    const random = mulberry32(SEED);
    const rounds: Round[] = [
      { killWhen: { readerReceived: UPDATES } },
      ...Array.from({ length: 4 }, () => ({ killWhen: { readerReceived: 1 + Math.floor(random() * (UPDATES - 1)) } })),
      { killWhen: 'writer confirmed' },
    ];
    const report: string[] = [];
    server = await spawnServer(env);
    for (const round of rounds) {
      const { canvas, seen, confirmedMessages } = await runRound(round);
      server = await spawnServer(env);
      const after = await readBack(canvas);
      const survived = new Set(after);
      const lostSeen = seen.filter((v) => !survived.has(v));
      // Message 1 on the writer's socket was its step 2; message n + 1 carried update n - 1.
      const confirmedValues = Array.from({ length: Math.max(0, confirmedMessages - 1) }, (_, i) => i);
      const lostConfirmed = confirmedValues.filter((v) => !survived.has(v));
      const label = round.killWhen === 'writer confirmed' ? 'writer confirmed all' : `reader received ${round.killWhen.readerReceived}`;
      report.push(`${label}: reader saw ${seen.length}, writer confirmed ${confirmedValues.length}, restart has ${after.length}`);
      expect(lostSeen, label).toEqual([]);
      expect(lostConfirmed, label).toEqual([]);
      expect(after, label).toEqual([...after].sort((a, b) => a - b));
      if (round.killWhen === 'writer confirmed' || round.killWhen.readerReceived === UPDATES) {
        expect(after, label).toEqual(Array.from({ length: UPDATES }, (_, i) => i));
      }
    }
    console.log(`SIGKILL rounds (seed ${SEED}):\n  ${report.join('\n  ')}`);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
