import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { CanvasMeta, CanvasRecord, Storage, StoredUpdates, VersionRecord } from './Storage';

const SCHEMA = `
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
`;

interface VersionRow {
  id: string;
  canvas_id: string;
  name: string;
  created_at: number;
  created_by: string;
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
  created_at: number;
  updated_at: number;
}

/** Storage in one SQLite file (WAL), `<dataDir>/stip.sqlite`. */
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
    this.db.exec(SCHEMA);
    this.stmts = {
      insertCanvas: this.db.prepare(
        `INSERT INTO canvases (id, title, subtitle, language, locked, facilitator_token, editor_token, viewer_token, created_at, updated_at)
         VALUES (@id, @title, @subtitle, @language, @locked, @facilitator, @editor, @viewer, @createdAt, @updatedAt)`,
      ),
      getCanvas: this.db.prepare<[string], CanvasRow>('SELECT * FROM canvases WHERE id = ?'),
      updateMeta: this.db.prepare(
        'UPDATE canvases SET title = ?, subtitle = ?, language = ?, updated_at = ? WHERE id = ?',
      ),
      touch: this.db.prepare('UPDATE canvases SET updated_at = ? WHERE id = ?'),
      insertUpdate: this.db.prepare('INSERT INTO updates (canvas_id, data) VALUES (?, ?)'),
      loadUpdates: this.db.prepare<[string], { data: Buffer }>(
        'SELECT data FROM updates WHERE canvas_id = ? ORDER BY seq',
      ),
      deleteAll: this.db.prepare('DELETE FROM updates WHERE canvas_id = ?'),
      setLocked: this.db.prepare('UPDATE canvases SET locked = ?, updated_at = ? WHERE id = ?'),
      setEditorToken: this.db.prepare('UPDATE canvases SET editor_token = ? WHERE id = ?'),
      setViewerToken: this.db.prepare('UPDATE canvases SET viewer_token = ? WHERE id = ?'),
      deleteUpdates: this.db.prepare('DELETE FROM updates WHERE canvas_id = ?'),
      deleteCanvas: this.db.prepare('DELETE FROM canvases WHERE id = ?'),
      deleteVersions: this.db.prepare('DELETE FROM versions WHERE canvas_id = ?'),
      insertVersion: this.db.prepare(
        'INSERT INTO versions (id, canvas_id, name, created_at, created_by, snapshot) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      // seq breaks ties between versions saved in the same millisecond (a restore saves one first).
      listVersions: this.db.prepare<[string], VersionRow>(
        'SELECT id, canvas_id, name, created_at, created_by FROM versions WHERE canvas_id = ? ORDER BY seq DESC',
      ),
      getVersion: this.db.prepare<[string, string], VersionRow & { snapshot: string }>(
        'SELECT id, canvas_id, name, created_at, created_by, snapshot FROM versions WHERE canvas_id = ? AND id = ?',
      ),
      stats: this.db.prepare<[string], { count: number; bytes: number | null }>(
        'SELECT COUNT(*) AS count, SUM(LENGTH(data)) AS bytes FROM updates WHERE canvas_id = ?',
      ),
    };
  }

  createCanvas(record: CanvasRecord, initialUpdate: Uint8Array): void {
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
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
      });
      this.stmts.insertUpdate.run(record.id, Buffer.from(initialUpdate));
    })();
  }

  getCanvas(id: string): CanvasRecord | null {
    const row = this.stmts.getCanvas.get(id);
    if (!row) return null;
    return {
      id: row.id,
      title: row.title,
      subtitle: row.subtitle,
      language: row.language === 'en' ? 'en' : 'nl',
      locked: row.locked === 1,
      tokens: { facilitator: row.facilitator_token, editor: row.editor_token, viewer: row.viewer_token },
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  updateMeta(id: string, meta: CanvasMeta, updatedAt: number): void {
    this.stmts.updateMeta.run(meta.title, meta.subtitle, meta.language, updatedAt, id);
  }

  loadUpdates(id: string): StoredUpdates {
    const updates: Uint8Array[] = [];
    let bytes = 0;
    for (const row of this.stmts.loadUpdates.iterate(id)) {
      updates.push(new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength));
      bytes += row.data.byteLength;
    }
    return { updates, bytes };
  }

  appendUpdates(batch: { canvasId: string; update: Uint8Array }[], updatedAt: number): void {
    this.db.transaction(() => {
      const touched = new Set<string>();
      for (const { canvasId, update } of batch) {
        this.stmts.insertUpdate.run(canvasId, Buffer.from(update.buffer, update.byteOffset, update.byteLength));
        touched.add(canvasId);
      }
      for (const id of touched) this.stmts.touch.run(updatedAt, id);
    })();
  }

  compact(id: string, merged: Uint8Array): void {
    this.db.transaction(() => {
      this.stmts.deleteAll.run(id);
      this.stmts.insertUpdate.run(id, Buffer.from(merged.buffer, merged.byteOffset, merged.byteLength));
    })();
  }

  setLocked(id: string, locked: boolean, updatedAt: number): void {
    this.stmts.setLocked.run(locked ? 1 : 0, updatedAt, id);
  }

  setToken(id: string, role: 'editor' | 'viewer', token: string): void {
    (role === 'editor' ? this.stmts.setEditorToken : this.stmts.setViewerToken).run(token, id);
  }

  deleteCanvas(id: string): void {
    this.db.transaction(() => {
      this.stmts.deleteUpdates.run(id);
      this.stmts.deleteVersions.run(id);
      this.stmts.deleteCanvas.run(id);
    })();
  }

  saveVersion(record: VersionRecord, snapshot: string): void {
    this.stmts.insertVersion.run(record.id, record.canvasId, record.name, record.createdAt, record.createdBy, snapshot);
  }

  listVersions(canvasId: string): VersionRecord[] {
    return this.stmts.listVersions.all(canvasId).map(versionRecord);
  }

  getVersion(canvasId: string, versionId: string): { record: VersionRecord; snapshot: string } | null {
    const row = this.stmts.getVersion.get(canvasId, versionId);
    return row ? { record: versionRecord(row), snapshot: row.snapshot } : null;
  }

  updateStats(id: string): { count: number; bytes: number } {
    const row = this.stmts.stats.get(id);
    return { count: row?.count ?? 0, bytes: row?.bytes ?? 0 };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function versionRecord(row: VersionRow): VersionRecord {
  return { id: row.id, canvasId: row.canvas_id, name: row.name, createdAt: row.created_at, createdBy: row.created_by };
}
