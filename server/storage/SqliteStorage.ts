import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { CanvasMeta, CanvasRecord, Storage, StoredRound, StoredUpdates, VersionRecord } from './Storage';
import { migrate } from './sqliteSchema';
import { readStoredUpdates, type SqliteUpdatesLocation } from './sqliteUpdatesReader';

interface VersionRow {
  id: string;
  canvas_id: string;
  name: string;
  created_at: number;
  created_by: string;
  automatic: number;
}

interface CanvasRow {
  id: string;
  title: string;
  subtitle: string;
  language: string;
  locked: number;
  facilitator_token: string;
  editor_token: string;
  viewer_token: string;
  published_token: string | null;
  created_at: number;
  updated_at: number;
}

/**
 * Storage in one SQLite file (WAL), `<dataDir>/stip.sqlite`. better-sqlite3 is synchronous: each
 * promise is settled before the method returns, and a transaction never waits on another.
 */
export class SqliteStorage implements Storage {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'stip.sqlite');
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a committed transaction survives a killed process (not a power cut).
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    this.stmts = {
      insertCanvas: this.db.prepare(
        `INSERT INTO canvases (id, title, subtitle, language, locked, facilitator_token, editor_token, viewer_token, published_token, created_at, updated_at)
         VALUES (@id, @title, @subtitle, @language, @locked, @facilitator, @editor, @viewer, @published, @createdAt, @updatedAt)`,
      ),
      getCanvas: this.db.prepare<[string], CanvasRow>('SELECT * FROM canvases WHERE id = ?'),
      updateMeta: this.db.prepare(
        'UPDATE canvases SET title = ?, subtitle = ?, language = ?, updated_at = ? WHERE id = ?',
      ),
      touch: this.db.prepare('UPDATE canvases SET updated_at = ? WHERE id = ?'),
      insertUpdate: this.db.prepare('INSERT INTO updates (canvas_id, data) VALUES (?, ?)'),
      deleteUpdates: this.db.prepare('DELETE FROM updates WHERE canvas_id = ?'),
      setLocked: this.db.prepare('UPDATE canvases SET locked = ?, updated_at = ? WHERE id = ?'),
      setEditorToken: this.db.prepare('UPDATE canvases SET editor_token = ? WHERE id = ?'),
      setViewerToken: this.db.prepare('UPDATE canvases SET viewer_token = ? WHERE id = ?'),
      setPublished: this.db.prepare('UPDATE canvases SET published_token = ? WHERE id = ?'),
      // Updates, versions and rounds go with it: ON DELETE CASCADE, with foreign_keys on.
      deleteCanvas: this.db.prepare('DELETE FROM canvases WHERE id = ?'),
      deleteVersion: this.db.prepare('DELETE FROM versions WHERE canvas_id = ? AND id = ?'),
      insertVersion: this.db.prepare(
        'INSERT INTO versions (id, canvas_id, name, created_at, created_by, automatic, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      // seq breaks ties between versions saved in the same millisecond (a restore saves one first).
      listVersions: this.db.prepare<[string], VersionRow>(
        'SELECT id, canvas_id, name, created_at, created_by, automatic FROM versions WHERE canvas_id = ? ORDER BY seq DESC',
      ),
      getVersion: this.db.prepare<[string, string], VersionRow & { snapshot: string }>(
        'SELECT id, canvas_id, name, created_at, created_by, automatic, snapshot FROM versions WHERE canvas_id = ? AND id = ?',
      ),
      // A round keeps its place (seq) when saved again; it never moves to another canvas.
      saveRound: this.db.prepare(
        `INSERT INTO rounds (id, canvas_id, json, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at WHERE rounds.canvas_id = excluded.canvas_id`,
      ),
      listRounds: this.db.prepare<[string], StoredRound>('SELECT id, json FROM rounds WHERE canvas_id = ? ORDER BY seq'),
      stats: this.db.prepare<[string], { count: number; bytes: number | null }>(
        'SELECT COUNT(*) AS count, SUM(LENGTH(data)) AS bytes FROM updates WHERE canvas_id = ?',
      ),
      totalBytes: this.db.prepare<[], { bytes: number | null }>(
        `SELECT (SELECT SUM(LENGTH(data)) FROM updates) + (SELECT COALESCE(SUM(LENGTH(snapshot)), 0) FROM versions)
           + (SELECT COALESCE(SUM(LENGTH(json)), 0) FROM rounds) AS bytes`,
      ),
    };
  }

  async createCanvas(record: CanvasRecord, initialUpdate: Uint8Array): Promise<void> {
    this.db.transaction(() => {
      this.stmts.insertCanvas.run({
        id: record.id,
        title: record.title,
        subtitle: record.subtitle,
        language: record.language,
        locked: record.locked ? 1 : 0,
        facilitator: record.tokens.facilitator,
        editor: record.tokens.editor,
        viewer: record.tokens.viewer,
        published: record.published,
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
      });
      this.stmts.insertUpdate.run(record.id, Buffer.from(initialUpdate));
    })();
  }

  async getCanvas(id: string): Promise<CanvasRecord | null> {
    const row = this.stmts.getCanvas.get(id);
    if (!row) return null;
    return {
      id: row.id,
      title: row.title,
      subtitle: row.subtitle,
      language: row.language === 'en' ? 'en' : 'nl',
      locked: row.locked === 1,
      tokens: { facilitator: row.facilitator_token, editor: row.editor_token, viewer: row.viewer_token },
      published: row.published_token,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async updateMeta(id: string, meta: CanvasMeta, updatedAt: number): Promise<void> {
    this.stmts.updateMeta.run(meta.title, meta.subtitle, meta.language, updatedAt, id);
  }

  async loadUpdates(id: string): Promise<StoredUpdates> {
    return readStoredUpdates(this.db, id);
  }

  /** Download workers read a canvas's rows themselves, over a read-only connection of their own. */
  updatesLocation(): SqliteUpdatesLocation {
    return { engine: 'sqlite', file: this.file };
  }

  async appendUpdates(batch: readonly { canvasId: string; update: Uint8Array }[], updatedAt: number): Promise<void> {
    this.db.transaction(() => {
      const touched = new Set<string>();
      for (const { canvasId, update } of batch) {
        this.stmts.insertUpdate.run(canvasId, Buffer.from(update.buffer, update.byteOffset, update.byteLength));
        touched.add(canvasId);
      }
      for (const id of touched) this.stmts.touch.run(updatedAt, id);
    })();
  }

  async compact(id: string, merged: Uint8Array): Promise<void> {
    this.db.transaction(() => {
      this.stmts.deleteUpdates.run(id);
      this.stmts.insertUpdate.run(id, Buffer.from(merged.buffer, merged.byteOffset, merged.byteLength));
    })();
  }

  async setLocked(id: string, locked: boolean, updatedAt: number): Promise<void> {
    this.stmts.setLocked.run(locked ? 1 : 0, updatedAt, id);
  }

  async setToken(id: string, role: 'editor' | 'viewer', token: string): Promise<void> {
    (role === 'editor' ? this.stmts.setEditorToken : this.stmts.setViewerToken).run(token, id);
  }

  async setPublished(id: string, token: string | null): Promise<void> {
    this.stmts.setPublished.run(token, id);
  }

  async deleteCanvas(id: string): Promise<void> {
    this.stmts.deleteCanvas.run(id);
  }

  async saveVersion(record: VersionRecord, snapshot: string): Promise<void> {
    this.stmts.insertVersion.run(record.id, record.canvasId, record.name, record.createdAt, record.createdBy, record.automatic ? 1 : 0, snapshot);
  }

  async deleteVersion(canvasId: string, versionId: string): Promise<boolean> {
    return this.stmts.deleteVersion.run(canvasId, versionId).changes > 0;
  }

  async listVersions(canvasId: string): Promise<VersionRecord[]> {
    return this.stmts.listVersions.all(canvasId).map(versionRecord);
  }

  async getVersion(canvasId: string, versionId: string): Promise<{ record: VersionRecord; snapshot: string } | null> {
    const row = this.stmts.getVersion.get(canvasId, versionId);
    return row ? { record: versionRecord(row), snapshot: row.snapshot } : null;
  }

  async saveRound(canvasId: string, roundId: string, json: string, updatedAt: number): Promise<void> {
    this.stmts.saveRound.run(roundId, canvasId, json, updatedAt);
  }

  async listRounds(canvasId: string): Promise<StoredRound[]> {
    return this.stmts.listRounds.all(canvasId);
  }

  async updateStats(id: string): Promise<{ count: number; bytes: number }> {
    const row = this.stmts.stats.get(id);
    return { count: row?.count ?? 0, bytes: row?.bytes ?? 0 };
  }

  async totalBytes(): Promise<number> {
    return this.stmts.totalBytes.get()?.bytes ?? 0;
  }

  /**
   * Caps the file at `pages` pages (null: no cap), as a full disk would: writes past it fail with
   * SQLITE_FULL. For tests of a full disk, and for an operator who wants a hard ceiling.
   */
  setPageLimit(pages: number | null): void {
    this.db.pragma(`max_page_count = ${pages === null ? 4294967294 : Math.max(1, Math.floor(pages))}`);
  }

  /** Pages the file has now (see `setPageLimit`). */
  pageCount(): number {
    return this.db.pragma('page_count', { simple: true }) as number;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function versionRecord(row: VersionRow): VersionRecord {
  return {
    id: row.id,
    canvasId: row.canvas_id,
    name: row.name,
    createdAt: row.created_at,
    createdBy: row.created_by,
    automatic: row.automatic === 1,
  };
}
