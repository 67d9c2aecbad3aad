import type Database from 'better-sqlite3';

/**
 * The SQLite schema as numbered migrations. `PRAGMA user_version` holds how many have run; each
 * runs once, in its own transaction, in order. Never edit a migration that has shipped: add the
 * next one. tests/integration/storageMigrations.test.ts opens a database of the first schema.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: canvases, their update rows and their versions (the schema before migrations existed,
  // hence IF NOT EXISTS: a database of that time is at user_version 0 and already has it).
  `
  CREATE TABLE IF NOT EXISTS canvases (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    subtitle TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL,
    locked INTEGER NOT NULL DEFAULT 0,
    facilitator_token TEXT NOT NULL,
    editor_token TEXT NOT NULL,
    viewer_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    canvas_id TEXT NOT NULL REFERENCES canvases(id) ON DELETE CASCADE,
    data BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS updates_by_canvas ON updates (canvas_id, seq);
  CREATE TABLE IF NOT EXISTS versions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    canvas_id TEXT NOT NULL REFERENCES canvases(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    snapshot TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS versions_by_canvas ON versions (canvas_id, seq);
  `,
  // 2: versions Stip saves itself (before a restore) are marked, so the version quota prunes
  // them first. Versions saved before this migration count as named: nothing is pruned unasked.
  `
  ALTER TABLE versions ADD COLUMN automatic INTEGER NOT NULL DEFAULT 0;
  `,
  // 3: workshop rounds (server/rounds): kept with their canvas, not in its document, since a
  // round's cards are private until the reveal. One row per round, its state as JSON.
  `
  CREATE TABLE rounds (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    canvas_id TEXT NOT NULL REFERENCES canvases(id) ON DELETE CASCADE,
    json TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX rounds_by_canvas ON rounds (canvas_id, seq);
  `,
  // 4: the published page's token (a read-only web page of the A4); NULL while not published.
  `
  ALTER TABLE canvases ADD COLUMN published_token TEXT;
  `,
];

/** Runs the migrations `db` has not had yet; returns the schema version it is at now. */
export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`The database is at schema version ${current}, newer than this Stip (${MIGRATIONS.length}); start the newer Stip again.`);
  }
  for (let version = current + 1; version <= MIGRATIONS.length; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version - 1]!);
      db.pragma(`user_version = ${version}`);
    })();
  }
  return MIGRATIONS.length;
}
