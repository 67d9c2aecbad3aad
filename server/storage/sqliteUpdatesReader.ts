import Database from 'better-sqlite3';
import type { StoredUpdates, UpdatesLocation } from './Storage';

export type SqliteUpdatesLocation = Extract<UpdatesLocation, { engine: 'sqlite' }>;

const statements = new WeakMap<Database.Database, Database.Statement<[string], { data: Buffer }>>();

/**
 * A canvas's stored updates in order, and their bytes: one statement, so one consistent read
 * (a compaction replaces the rows atomically). Shared by SqliteStorage and the download workers.
 */
export function readStoredUpdates(db: Database.Database, id: string): StoredUpdates {
  let statement = statements.get(db);
  if (!statement) {
    statement = db.prepare<[string], { data: Buffer }>('SELECT data FROM updates WHERE canvas_id = ? ORDER BY seq');
    statements.set(db, statement);
  }
  const updates: Uint8Array[] = [];
  let bytes = 0;
  for (const row of statement.iterate(id)) {
    updates.push(new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength));
    bytes += row.data.byteLength;
  }
  return { updates, bytes };
}

/**
 * A read-only connection of its own to the store's file, for a thread that is not the rooms'
 * (a download worker): reading a big canvas's rows costs that thread, not the event loop.
 * WAL lets it read while the server writes; it sees every committed transaction.
 */
export class SqliteUpdatesReader {
  private readonly db: Database.Database;

  constructor(location: SqliteUpdatesLocation) {
    this.db = new Database(location.file, { readonly: true, fileMustExist: true });
    this.db.pragma('busy_timeout = 5000');
  }

  loadUpdates(id: string): Uint8Array[] {
    return readStoredUpdates(this.db, id).updates;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
