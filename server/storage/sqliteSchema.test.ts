import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './sqliteSchema';
import { SqliteStorage } from './SqliteStorage';

/** A database file as Stip wrote it before migrations existed: the first schema, user_version 0. */
function oldDatabase(dir: string): void {
  const db = new Database(path.join(dir, 'stip.sqlite'));
  db.exec(MIGRATIONS[0]!);
  db.prepare(
    `INSERT INTO canvases (id, title, subtitle, language, locked, facilitator_token, editor_token, viewer_token, created_at, updated_at)
     VALUES ('oud', 'Oud canvas', '', 'nl', 0, 'f', 'e', 'v', 1, 1)`,
  ).run();
  db.prepare(`INSERT INTO updates (canvas_id, data) VALUES ('oud', x'0000')`).run();
  db.prepare(
    `INSERT INTO versions (id, canvas_id, name, created_at, created_by, snapshot) VALUES ('v1', 'oud', 'Vóór herstel van “x”', 2, 'facilitator', '{}')`,
  ).run();
  db.close();
}

const userVersion = (dir: string): number => {
  const db = new Database(path.join(dir, 'stip.sqlite'), { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
};

describe('the SQLite schema migrations', () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('bring a database of the first schema up to date once, keeping its canvases and versions', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-migrate-'));
    oldDatabase(dir);
    expect(userVersion(dir)).toBe(0);

    const storage = new SqliteStorage(dir);
    expect(userVersion(dir)).toBe(MIGRATIONS.length);
    expect((await storage.getCanvas('oud'))?.title).toBe('Oud canvas');
    expect(await storage.updateStats('oud')).toEqual({ count: 1, bytes: 2 });
    // Saved before versions were marked: counted as named, so the quota never prunes it unasked.
    expect((await storage.listVersions('oud')).map((v) => [v.id, v.automatic])).toEqual([['v1', false]]);
    // Rounds came with migration 3: none yet, and the old canvas can have them.
    expect(await storage.listRounds('oud')).toEqual([]);
    await storage.saveRound('oud', 'r1', '{}', 3);
    await storage.close();

    // Opened again: nothing runs twice (a second ALTER TABLE would throw).
    const again = new SqliteStorage(dir);
    expect(userVersion(dir)).toBe(MIGRATIONS.length);
    expect(await again.listVersions('oud')).toHaveLength(1);
    expect(await again.listRounds('oud')).toEqual([{ id: 'r1', json: '{}' }]);
    await again.close();
  });

  it('refuse a database written by a newer Stip, with one sentence', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-migrate-'));
    const db = new Database(path.join(dir, 'stip.sqlite'));
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => new SqliteStorage(dir)).toThrow(/newer than this Stip/);
  });
});
