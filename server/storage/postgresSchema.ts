import type pg from 'pg';

/**
 * The PostgreSQL schema as numbered migrations, run at start by whichever process gets there
 * first (an advisory lock keeps two from migrating at once). `stip_schema.version` holds how
 * many have run; each runs once, in its own transaction. Never edit one that has shipped: add
 * the next. Same tables as SQLite's (sqliteSchema.ts), in PostgreSQL's types.
 */
export const PG_MIGRATIONS: readonly string[] = [
  // 1: canvases, their update rows, versions and rounds.
  `
  CREATE TABLE canvases (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    subtitle TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL,
    locked BOOLEAN NOT NULL DEFAULT FALSE,
    facilitator_token TEXT NOT NULL,
    editor_token TEXT NOT NULL,
    viewer_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  );
  CREATE TABLE updates (
    seq BIGSERIAL PRIMARY KEY,
    canvas_id TEXT NOT NULL REFERENCES canvases(id) ON DELETE CASCADE,
    data BYTEA NOT NULL
  );
  CREATE INDEX updates_by_canvas ON updates (canvas_id, seq);
  CREATE TABLE versions (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    canvas_id TEXT NOT NULL REFERENCES canvases(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    automatic BOOLEAN NOT NULL DEFAULT FALSE,
    snapshot TEXT NOT NULL
  );
  CREATE INDEX versions_by_canvas ON versions (canvas_id, seq);
  CREATE TABLE rounds (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    canvas_id TEXT NOT NULL REFERENCES canvases(id) ON DELETE CASCADE,
    json TEXT NOT NULL,
    updated_at BIGINT NOT NULL
  );
  CREATE INDEX rounds_by_canvas ON rounds (canvas_id, seq);
  `,
  // 2: the published page's token (a read-only web page of the A4); NULL while not published.
  `
  ALTER TABLE canvases ADD COLUMN published_token TEXT;
  `,
];

/** Any number, the same in every Stip: the advisory lock two starting processes share. */
const MIGRATION_LOCK = 0x5717_0001;

/** Runs the migrations the database has not had yet; returns the schema version it is at now. */
export async function migratePostgres(client: pg.ClientBase): Promise<number> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query('CREATE TABLE IF NOT EXISTS stip_schema (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM stip_schema');
    const current = rows[0]?.version ?? 0;
    if (rows.length === 0) await client.query('INSERT INTO stip_schema (version) VALUES (0)');
    if (current > PG_MIGRATIONS.length) {
      throw new Error(`the database is at schema version ${current}, newer than this Stip (${PG_MIGRATIONS.length}); start the newer Stip again`);
    }
    for (let version = current + 1; version <= PG_MIGRATIONS.length; version += 1) {
      await client.query('BEGIN');
      try {
        await client.query(PG_MIGRATIONS[version - 1]!);
        await client.query('UPDATE stip_schema SET version = $1', [version]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return PG_MIGRATIONS.length;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
