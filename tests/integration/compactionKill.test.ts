import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CreatedCanvas } from '../../shared/api';
import { SqliteStorage } from '../../server/storage/SqliteStorage';
import { connectClient, waitFor } from '../helpers/collabClient';
import { mulberry32 } from '../helpers/fuzzFrames';
import { spawnServer, type ServerProcess } from '../helpers/serverProcess';
import { startTestServer } from '../helpers/testServer';
import { connectTrackedClient } from '../helpers/trackedClient';

const SEED = Number(process.env.COMPACTION_KILL_SEED ?? 6);
const LOG = 'compaction-log';
/** A large document makes every compaction take milliseconds, a window a kill can land in. */
const BALLAST_CHARS = 3_000_000;

interface StoredRows {
  count: number;
  doc: Y.Doc;
}

/** The canvas's rows as the SQLite file holds them, read through a store of our own. */
async function readRows(dataDir: string, canvasId: string): Promise<StoredRows> {
  const storage = new SqliteStorage(dataDir);
  try {
    const { updates } = await storage.loadUpdates(canvasId);
    const doc = new Y.Doc();
    for (const update of updates) Y.applyUpdate(doc, update);
    return { count: updates.length, doc };
  } finally {
    await storage.close();
  }
}

describe('compaction', () => {
  it('is all or nothing: one that fails after deleting the rows leaves every row as it was', async () => {
    const server = await startTestServer({ COMPACT_AFTER_UPDATES: '10', LOG_LEVEL: 'error' });
    try {
      const canvas = await server.createCanvas({ title: '' });
      const writer = connectTrackedClient(server.url, canvas.id, canvas.tokens.editor);
      await writer.synced;
      const title = writer.doc.getText('title');
      const type = async (from: number, to: number) => {
        for (let i = from; i < to; i++) {
          title.insert(title.length, `${i} `);
          await waitFor(() => writer.tracker.allStored, 3000, `update ${i} stored`);
        }
      };
      await type(0, 5);
      const before = (await server.storage.updateStats(canvas.id)).count;
      expect(before).toBeGreaterThan(1);

      // A real failure inside the compaction's transaction: the insert after its delete aborts.
      // (Fault injection is SQLite's own; every read goes through the storage interface.)
      const db = new Database(path.join(server.dataDir, 'stip.sqlite'));
      db.exec(`CREATE TRIGGER refuse_merged_row BEFORE INSERT ON updates
        WHEN NOT EXISTS (SELECT 1 FROM updates WHERE canvas_id = NEW.canvas_id)
        BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
      await type(5, 15);
      expect(server.logLines.join('')).toContain('compacting a canvas failed');
      const kept = await readRows(server.dataDir, canvas.id);
      expect((await server.storage.updateStats(canvas.id)).count).toBe(kept.count);
      // Nothing was merged and nothing deleted: one row per update, in order.
      expect(kept.count).toBe(before + 10);
      expect(kept.doc.getText('title').toString()).toBe(title.toString());
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

      db.exec('DROP TRIGGER refuse_merged_row');
      db.close();
      await type(15, 26);
      const merged = await readRows(server.dataDir, canvas.id);
      expect(merged.count).toBeLessThan(10);
      expect(merged.doc.getText('title').toString()).toBe(title.toString());
      writer.destroy();
    } finally {
      await server.dispose();
    }
  });

  describe('under kill -9', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-compaction-kill-'));
    const env = {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'debug',
      MAX_MESSAGES_PER_SECOND: '100000',
      COMPACT_AFTER_UPDATES: '25',
      COMPACT_AFTER_BYTES: String(64 * 1024 * 1024),
      ROOM_IDLE_MS: '200',
    };
    let server: ServerProcess | undefined;
    afterAll(async () => {
      if (server && server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    /**
     * Writes a large document, then small updates (lockstep with a reader) until the server
     * has logged `line` for the `nth` time; then SIGKILL at once and both clients destroyed.
     */
    const killAtLogLine = async (line: 'compacting room' | 'room compacted', nth: number) => {
      const victim = server!;
      const response = await fetch(`${victim.url}/api/canvases`, { method: 'POST', body: '{}' });
      const canvas = (await response.json()) as CreatedCanvas;
      const writer = connectTrackedClient(victim.url, canvas.id, canvas.tokens.editor);
      const reader = connectClient(victim.url, canvas.id, canvas.tokens.viewer);
      await Promise.all([writer.synced, reader.synced]);
      writer.doc.getMap('ballast').set('text', 'x'.repeat(BALLAST_CHARS));
      await waitFor(() => writer.tracker.allStored, 10_000, 'the ballast stored');

      let killed = false;
      let seen: number[] = [];
      let output = '';
      let lines = 0;
      victim.child.stdout!.on('data', (chunk: Buffer) => {
        if (killed) return;
        output += chunk.toString();
        lines = output.split('\n').filter((l) => l.includes(`DEBUG ${line} room=${canvas.id}`)).length;
        if (lines < nth) return;
        killed = true;
        victim.child.kill('SIGKILL');
        seen = reader.doc.getArray<number>(LOG).toArray();
        writer.destroy();
        reader.destroy();
      });
      const log = reader.doc.getArray<number>(LOG);
      const written = writer.doc.getArray<number>(LOG);
      for (let i = 0; !killed; i++) {
        written.push([i]);
        if (i % 10 === 9) await waitFor(() => killed || log.length >= i - 19, 10_000, 'the reader to catch up');
        if (i > 5000) throw new Error(`no ${nth}th "${line}" line after 5,000 updates`);
      }
      expect(await victim.exited).toBe('SIGKILL');
      const full = victim.output();
      const last = (pattern: string) => full.lastIndexOf(`DEBUG ${pattern} room=${canvas.id}`);
      const started = last('compacting room');
      const rowsBefore = Number(/rows=(\d+)/.exec(full.slice(started))?.[1]);
      return { canvas, seen, rowsBefore, finished: last('room compacted') > started };
    };

    it('loses nothing when killed during or just after a compaction; the rows are the old ones or the merged one', async () => {
      const random = mulberry32(SEED);
      const rounds = [
        ...Array.from({ length: 3 }, () => ({ line: 'compacting room' as const, nth: 1 + Math.floor(random() * 12) })),
        { line: 'room compacted' as const, nth: 1 + Math.floor(random() * 12) },
      ];
      const report: string[] = [];
      const canvases: CreatedCanvas[] = [];
      server = await spawnServer(env);
      for (const { line, nth } of rounds) {
        const { canvas, seen, rowsBefore, finished } = await killAtLogLine(line, nth);
        canvases.push(canvas);
        const afterKill = await readRows(dataDir, canvas.id);
        const label = `killed at "${line}" #${nth}`;
        // Before the kill the last compaction found rowsBefore rows. Unfinished, it either rolled
        // back (all of them still there) or committed (one row) just before its log line.
        if (!finished) expect([rowsBefore, 1], label).toContain(afterKill.count);
        expect(afterKill.count, label).toBeGreaterThan(0);
        expect((afterKill.doc.getMap('ballast').get('text') as string).length, label).toBe(BALLAST_CHARS);
        const storedValues = new Set(afterKill.doc.getArray<number>(LOG).toArray());
        expect(seen.filter((v) => !storedValues.has(v)), label).toEqual([]);
        report.push(
          `${label}: compaction ${finished ? 'finished' : 'cut off'} with ${rowsBefore} rows before, ${afterKill.count} after the kill; reader saw ${seen.length}, file holds ${storedValues.size}`,
        );
        afterKill.doc.destroy();

        server = await spawnServer(env);
        const again = connectClient(server.url, canvas.id, canvas.tokens.viewer);
        await again.synced;
        const values = again.doc.getArray<number>(LOG).toArray();
        expect(seen.filter((v) => !values.includes(v)), label).toEqual([]);
        expect((again.doc.getMap('ballast').get('text') as string).length, label).toBe(BALLAST_CHARS);
        again.destroy();
      }
      // Opened once more and left idle, every canvas is merged into one row, still complete.
      for (const canvas of canvases) {
        const last = connectClient(server.url, canvas.id, canvas.tokens.viewer);
        await last.synced;
        expect((last.doc.getMap('ballast').get('text') as string).length).toBe(BALLAST_CHARS);
        last.destroy();
        await waitFor(async () => (await readRows(dataDir, canvas.id)).count === 1, 10_000, 'the idle room compacted to one row');
      }
      console.log(`Compaction kill rounds (seed ${SEED}):\n  ${report.join('\n  ')}`);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    });
  });
});
