import { randomBytes } from 'node:crypto';
import pg from 'pg';
import * as Y from 'yjs';
import type { Logger } from '../logger';
import type {
  CanvasChange,
  CanvasMeta,
  CanvasRecord,
  SharedStore,
  Storage,
  StoreEvent,
  StoredRound,
  StoredUpdates,
  VersionRecord,
} from './Storage';
import { migratePostgres } from './postgresSchema';
import { applyStoredUpdates } from './storedUpdates';

/** A NOTIFY payload is at most 8000 bytes: an update up to this size travels in it (base64). */
const INLINE_UPDATE_BYTES = 5600;
const CHANNEL_UPDATES = 'stip_updates';
const CHANNEL_CANVAS = 'stip_canvas';
const CHANNEL_PRESENCE = 'stip_presence';
const RECONNECT_FIRST_MS = 250;
const RECONNECT_MAX_MS = 5_000;
/** How often the listening connection is asked whether it still answers, and how long it has. */
const LISTENER_CHECK_MS = 10_000;
/** Round commands of this many canvases may hold their lock at once; more wait their turn. */
const LOCK_CONNECTIONS = 4;

interface CanvasRow {
  id: string;
  title: string;
  subtitle: string;
  language: string;
  locked: boolean;
  facilitator_token: string;
  editor_token: string;
  viewer_token: string;
  published_token: string | null;
  created_at: string;
  updated_at: string;
}

interface VersionRow {
  id: string;
  canvas_id: string;
  name: string;
  created_at: string;
  created_by: string;
  automatic: boolean;
}

/** A wrong or unreachable DATABASE_URL: start-up stops with this one sentence. */
export class DatabaseUnavailable extends Error {}

export interface PostgresOptions {
  /** Connections in the pool (besides the one that listens). */
  poolSize?: number;
  logger: Logger;
}

/**
 * Storage in PostgreSQL, shared by any number of Stip processes. Every write is one statement
 * or one transaction; an update row's NOTIFY is sent in the transaction that stores it, so the
 * other processes hear of exactly what was committed, in commit order, and of nothing that was
 * rolled back. One connection LISTENs; when it drops, it reconnects and reports `missed`, and
 * the rooms read their canvases again.
 */
export class PostgresStorage implements Storage, SharedStore {
  /** This process, in the payloads: its own notifications are not news to it. */
  readonly origin = randomBytes(9).toString('base64url');
  readonly shared: SharedStore = this;
  private readonly pool: pg.Pool;
  /**
   * Connections that only hold advisory locks (`exclusive`). Apart from the pool: a task under
   * a lock runs its queries on the pool, and if the locks held pool connections, enough tasks
   * at once would hold them all and wait forever for one more.
   */
  private readonly lockPool: pg.Pool;
  private listener: pg.Client | null = null;
  private listeners: ((event: StoreEvent) => void)[] = [];
  private reconnectMs = RECONNECT_FIRST_MS;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private listenerCheck: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(
    private readonly url: string,
    private readonly options: PostgresOptions,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000 });
    this.lockPool = new pg.Pool({ connectionString: url, max: LOCK_CONNECTIONS, connectionTimeoutMillis: 10_000 });
    // An idle connection the server dropped (a restart): the pool replaces it; say so, no crash.
    for (const pool of [this.pool, this.lockPool]) {
      pool.on('error', (error) => options.logger.warn('a PostgreSQL connection failed', { error: error.message }));
    }
  }

  /** Connects, runs the migrations the database lacks, and returns the store; or DatabaseUnavailable. */
  static async open(url: string, options: PostgresOptions): Promise<PostgresStorage> {
    const storage = new PostgresStorage(url, options);
    let client: pg.PoolClient;
    try {
      client = await storage.pool.connect();
    } catch (error) {
      await storage.endPools();
      throw new DatabaseUnavailable(`PostgreSQL at ${describeUrl(url)} cannot be reached: ${reason(error)}`);
    }
    try {
      await migratePostgres(client);
    } catch (error) {
      client.release();
      await storage.endPools();
      throw new DatabaseUnavailable(`PostgreSQL at ${describeUrl(url)} could not be prepared: ${reason(error)}`);
    }
    client.release();
    return storage;
  }

  async createCanvas(record: CanvasRecord, initialUpdate: Uint8Array): Promise<void> {
    await this.pool.query(
      `WITH c AS (
         INSERT INTO canvases (id, title, subtitle, language, locked, facilitator_token, editor_token, viewer_token, created_at, updated_at, published_token)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12) RETURNING id
       )
       INSERT INTO updates (canvas_id, data) SELECT id, $11 FROM c`,
      [
        record.id,
        record.title,
        record.subtitle,
        record.language,
        record.locked,
        record.tokens.facilitator,
        record.tokens.editor,
        record.tokens.viewer,
        record.createdAt,
        record.updatedAt,
        Buffer.from(initialUpdate),
        record.published,
      ],
    );
  }

  async getCanvas(id: string): Promise<CanvasRecord | null> {
    const { rows } = await this.pool.query<CanvasRow>('SELECT * FROM canvases WHERE id = $1', [id]);
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      title: row.title,
      subtitle: row.subtitle,
      language: row.language === 'en' ? 'en' : 'nl',
      locked: row.locked,
      tokens: { facilitator: row.facilitator_token, editor: row.editor_token, viewer: row.viewer_token },
      published: row.published_token,
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    };
  }

  async updateMeta(id: string, meta: CanvasMeta, updatedAt: number): Promise<void> {
    await this.pool.query('UPDATE canvases SET title = $1, subtitle = $2, language = $3, updated_at = $4 WHERE id = $5', [
      meta.title,
      meta.subtitle,
      meta.language,
      updatedAt,
      id,
    ]);
  }

  async loadUpdates(id: string): Promise<StoredUpdates> {
    const { rows } = await this.pool.query<{ seq: string; data: Buffer }>('SELECT seq, data FROM updates WHERE canvas_id = $1 ORDER BY seq', [id]);
    let bytes = 0;
    const updates = rows.map(({ data }) => {
      bytes += data.byteLength;
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    });
    return { updates, bytes, rows: rows.map((row) => Number(row.seq)) };
  }

  /**
   * One statement, so one transaction: the rows, the canvases' updated_at, and one NOTIFY per
   * row, in the batch's order, carrying the update when it fits. A row of a canvas that no longer
   * exists fails the whole batch (the contract); the room manager drops a deleted canvas's rows.
   */
  async appendUpdates(batch: readonly { canvasId: string; update: Uint8Array }[], updatedAt: number): Promise<number[]> {
    if (batch.length === 0) return [];
    const ids: string[] = [];
    // pg writes an array of Buffers as UTF-8 text, garbling them: the bytes go as hex instead.
    const hex: string[] = [];
    const inline: string[] = [];
    for (const { canvasId, update } of batch) {
      ids.push(canvasId);
      const bytes = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
      hex.push(bytes.toString('hex'));
      inline.push(update.byteLength <= INLINE_UPDATE_BYTES ? bytes.toString('base64') : '');
    }
    const { rows } = await this.pool.query<{ seq: string }>({
      // Prepared once per connection: PostgreSQL parses and plans this statement once, not per commit.
      name: 'stip-append-updates',
      text: `WITH input AS (
         SELECT nextval(pg_get_serial_sequence('updates', 'seq')) AS seq, t.canvas_id, decode(t.hex, 'hex') AS data, t.inline, t.n
         FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(canvas_id, hex, inline, n)
       ),
       stored AS (INSERT INTO updates (seq, canvas_id, data) SELECT seq, canvas_id, data FROM input),
       touched AS (UPDATE canvases SET updated_at = $4 WHERE id = ANY($1::text[]) AND updated_at < $4::bigint - 1000)
       SELECT seq, pg_notify('${CHANNEL_UPDATES}',
         $5 || ' ' || canvas_id || CASE WHEN inline = '' THEN ' r ' || seq ELSE ' u ' || seq || ' ' || inline END)
       FROM (SELECT * FROM input ORDER BY n) AS ordered`,
      values: [ids, hex, inline, updatedAt, this.origin],
    });
    return rows.map((row) => Number(row.seq));
  }

  /**
   * Replaces the canvas's rows by one, in one transaction. Rows `merged` is not known to hold
   * (another process stored them meanwhile; all of them when `covered` is not given) are merged
   * into it; only the rows read here are deleted, so a row committed meanwhile stays. Two
   * compactions of a canvas take turns. Usually every row is covered and no row's bytes are
   * read: merging all of a canvas's rows (100,000 before a first compaction) would take minutes.
   * Resolves with the new row's number when it holds only `merged`, else 0.
   */
  async compact(id: string, merged: Uint8Array, covered?: ReadonlySet<number>): Promise<number> {
    let row = 0;
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', ['compact', id]);
      const { rows } = await client.query<{ seq: string }>('SELECT seq FROM updates WHERE canvas_id = $1 ORDER BY seq', [id]);
      const seqs = rows.map((r) => r.seq);
      if (seqs.length === 0) return; // deleted meanwhile
      const others = covered ? seqs.filter((seq) => !covered.has(Number(seq))) : seqs;
      let all = merged;
      if (others.length > 0) {
        const { rows: extra } = await client.query<{ data: Buffer }>('SELECT data FROM updates WHERE seq = ANY($1::bigint[]) ORDER BY seq', [others]);
        all = mergeRows([merged, ...extra.map(({ data }) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength))]);
      }
      await client.query('DELETE FROM updates WHERE canvas_id = $1 AND seq = ANY($2::bigint[])', [id, seqs]);
      const inserted = await client.query<{ seq: string }>('INSERT INTO updates (canvas_id, data) VALUES ($1, $2) RETURNING seq', [
        id,
        Buffer.from(all.buffer, all.byteOffset, all.byteLength),
      ]);
      // The new row is the caller's state only when nothing else went into it; else it holds
      // rows the caller's document lacks, and must be read again next time (0: not covered).
      row = others.length === 0 ? Number(inserted.rows[0]!.seq) : 0;
    });
    return row;
  }

  async setLocked(id: string, locked: boolean, updatedAt: number): Promise<void> {
    await this.writeAndTell('UPDATE canvases SET locked = $1, updated_at = $2 WHERE id = $3', [locked, updatedAt, id], id, 'locked');
  }

  async setToken(id: string, role: 'editor' | 'viewer', token: string): Promise<void> {
    const column = role === 'editor' ? 'editor_token' : 'viewer_token';
    await this.writeAndTell(`UPDATE canvases SET ${column} = $1 WHERE id = $2`, [token, id], id, role);
  }

  async setPublished(id: string, token: string | null): Promise<void> {
    // No NOTIFY: the published page reads the token from here on every request.
    await this.pool.query('UPDATE canvases SET published_token = $1 WHERE id = $2', [token, id]);
  }

  async deleteCanvas(id: string): Promise<void> {
    // Updates, versions and rounds go with it: ON DELETE CASCADE.
    await this.writeAndTell('DELETE FROM canvases WHERE id = $1', [id], id, 'deleted');
  }

  async saveVersion(record: VersionRecord, snapshot: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO versions (id, canvas_id, name, created_at, created_by, automatic, snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [record.id, record.canvasId, record.name, record.createdAt, record.createdBy, record.automatic, snapshot],
    );
  }

  async deleteVersion(canvasId: string, versionId: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM versions WHERE canvas_id = $1 AND id = $2', [canvasId, versionId]);
    return (result.rowCount ?? 0) > 0;
  }

  async listVersions(canvasId: string): Promise<VersionRecord[]> {
    const { rows } = await this.pool.query<VersionRow>(
      'SELECT id, canvas_id, name, created_at, created_by, automatic FROM versions WHERE canvas_id = $1 ORDER BY seq DESC',
      [canvasId],
    );
    return rows.map(versionRecord);
  }

  async getVersion(canvasId: string, versionId: string): Promise<{ record: VersionRecord; snapshot: string } | null> {
    const { rows } = await this.pool.query<VersionRow & { snapshot: string }>(
      'SELECT id, canvas_id, name, created_at, created_by, automatic, snapshot FROM versions WHERE canvas_id = $1 AND id = $2',
      [canvasId, versionId],
    );
    const row = rows[0];
    return row ? { record: versionRecord(row), snapshot: row.snapshot } : null;
  }

  async saveRound(canvasId: string, roundId: string, json: string, updatedAt: number): Promise<void> {
    // A round keeps its place (seq) when saved again; it never moves to another canvas.
    await this.writeAndTell(
      `INSERT INTO rounds (id, canvas_id, json, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at WHERE rounds.canvas_id = excluded.canvas_id`,
      [roundId, canvasId, json, updatedAt],
      canvasId,
      'rounds',
    );
  }

  async listRounds(canvasId: string): Promise<StoredRound[]> {
    const { rows } = await this.pool.query<StoredRound>('SELECT id, json FROM rounds WHERE canvas_id = $1 ORDER BY seq', [canvasId]);
    return rows;
  }

  async updateStats(id: string): Promise<{ count: number; bytes: number }> {
    const { rows } = await this.pool.query<{ count: string; bytes: string | null }>(
      'SELECT COUNT(*) AS count, SUM(octet_length(data)) AS bytes FROM updates WHERE canvas_id = $1',
      [id],
    );
    return { count: Number(rows[0]?.count ?? 0), bytes: Number(rows[0]?.bytes ?? 0) };
  }

  async totalBytes(): Promise<number> {
    const { rows } = await this.pool.query<{ bytes: string | null }>(
      `SELECT (SELECT COALESCE(SUM(octet_length(data)), 0) FROM updates)
            + (SELECT COALESCE(SUM(octet_length(snapshot)), 0) FROM versions)
            + (SELECT COALESCE(SUM(octet_length(json)), 0) FROM rounds) AS bytes`,
    );
    return Number(rows[0]?.bytes ?? 0);
  }

  // --- SharedStore: what several processes on one database need of each other ---

  async subscribe(listener: (event: StoreEvent) => void): Promise<void> {
    this.listeners.push(listener);
    if (!this.listener) await this.listen();
  }

  async loadUpdateRow(canvasId: string, row: number): Promise<Uint8Array | null> {
    const { rows } = await this.pool.query<{ data: Buffer }>({
      text: 'SELECT data FROM updates WHERE canvas_id = $1 AND seq = $2',
      values: [canvasId, row],
    });
    const data = rows[0]?.data;
    return data ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
  }

  publishPresence(canvasId: string, message: Uint8Array): void {
    const payload = `${this.origin} ${canvasId} ${Buffer.from(message.buffer, message.byteOffset, message.byteLength).toString('base64')}`;
    if (payload.length >= 8000 || this.closed) return; // presence is best effort: the next one comes
    this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL_PRESENCE, payload]).catch((error: Error) => {
      this.options.logger.debug('a presence message did not reach the other processes', { error: error.message });
    });
  }

  async exclusive<T>(canvasId: string, key: string, task: () => Promise<T>): Promise<T> {
    const client = await this.lockPool.connect();
    const lost = this.watch(client, 'a lock connection');
    try {
      // A session lock (two keys: apart from compaction's): released by the unlock below, or
      // by PostgreSQL when the connection or this process dies.
      await client.query('SELECT pg_advisory_lock(hashtext($1), hashtext($2))', [key, canvasId]);
      try {
        return await task();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', [key, canvasId]).catch(() => {});
      }
    } finally {
      this.giveBack(client, lost);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.listenerCheck) clearTimeout(this.listenerCheck);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => {});
    await Promise.all([this.pool.end(), this.lockPool.end()]);
  }

  // --- inside ---

  private async endPools(): Promise<void> {
    await Promise.all([this.pool.end(), this.lockPool.end()]).catch(() => {});
  }

  private async transaction(work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    const lost = this.watch(client, 'a transaction');
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      this.giveBack(client, lost);
    }
  }

  /**
   * A connection taken from a pool has no error listener of the pool's while it is out: a
   * connection lost then (a restart) would end the process. This one logs it instead, and
   * `giveBack` destroys the connection rather than returning it to the pool.
   */
  private watch(client: pg.PoolClient, what: string): { error: Error | null; listener: (error: Error) => void } {
    const lost: { error: Error | null; listener: (error: Error) => void } = {
      error: null,
      listener: (error: Error) => {
        lost.error = error;
        this.options.logger.warn(`PostgreSQL dropped ${what}`, { error: error.message });
      },
    };
    client.on('error', lost.listener);
    return lost;
  }

  private giveBack(client: pg.PoolClient, lost: { error: Error | null; listener: (error: Error) => void }): void {
    client.off('error', lost.listener);
    client.release(lost.error ?? undefined);
  }

  /** A write and its NOTIFY in one statement: the others hear of it once it is committed. */
  private async writeAndTell(sql: string, values: unknown[], canvasId: string, change: CanvasChange): Promise<void> {
    const n = values.length;
    await this.pool.query(`WITH w AS (${sql}) SELECT pg_notify('${CHANNEL_CANVAS}', $${n + 1})`, [
      ...values,
      `${this.origin} ${canvasId} ${change}`,
    ]);
  }

  private async listen(): Promise<void> {
    // keepAlive and a query timeout: a connection a firewall dropped without a word is noticed.
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 10_000, keepAlive: true, query_timeout: LISTENER_CHECK_MS });
    client.on('notification', (message) => this.received(message.channel, message.payload ?? ''));
    client.on('error', (error) => {
      this.options.logger.warn('the PostgreSQL channel to the other processes failed; reconnecting', { error: error.message });
      this.relisten(client);
    });
    client.on('end', () => this.relisten(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL_UPDATES}; LISTEN ${CHANNEL_CANVAS}; LISTEN ${CHANNEL_PRESENCE}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    this.listener = client;
    this.checkListenerLater(client);
  }

  /** Every LISTENER_CHECK_MS, a query on the listening connection; no answer in time: reconnect. */
  private checkListenerLater(client: pg.Client): void {
    if (this.listenerCheck) clearTimeout(this.listenerCheck);
    this.listenerCheck = setTimeout(() => {
      this.listenerCheck = null;
      if (this.closed || this.listener !== client) return;
      client.query('SELECT 1').then(
        () => this.checkListenerLater(client),
        (error: Error) => {
          this.options.logger.warn('the PostgreSQL channel to the other processes does not answer; reconnecting', { error: error.message });
          this.relisten(client);
        },
      );
    }, LISTENER_CHECK_MS);
    this.listenerCheck.unref();
  }

  private relisten(failed: pg.Client): void {
    if (this.closed || this.listener !== failed) return;
    this.listener = null;
    failed.end().catch(() => {});
    const retry = () => {
      this.reconnectTimer = null;
      if (this.closed) return;
      this.listen().then(
        () => {
          this.reconnectMs = RECONNECT_FIRST_MS;
          this.options.logger.info('the PostgreSQL channel to the other processes is back');
          this.emit({ kind: 'missed' });
        },
        (error: Error) => {
          this.options.logger.warn('the PostgreSQL channel to the other processes is still down', { error: error.message });
          this.reconnectTimer = setTimeout(retry, this.reconnectMs);
          this.reconnectTimer.unref();
          this.reconnectMs = Math.min(this.reconnectMs * 2, RECONNECT_MAX_MS);
        },
      );
    };
    this.reconnectTimer = setTimeout(retry, this.reconnectMs);
    this.reconnectTimer.unref();
  }

  private received(channel: string, payload: string): void {
    const [origin, canvasId, ...rest] = payload.split(' ');
    if (!origin || !canvasId || origin === this.origin) return;
    if (channel === CHANNEL_UPDATES) {
      const [kind, row, inline] = rest;
      const update = kind === 'u' && inline ? new Uint8Array(Buffer.from(inline, 'base64')) : null;
      this.emit({ kind: 'update', canvasId, row: Number(row), update });
    } else if (channel === CHANNEL_CANVAS) {
      this.emit({ kind: 'canvas', canvasId, change: rest[0] as CanvasChange });
    } else if (channel === CHANNEL_PRESENCE && rest[0]) {
      this.emit({ kind: 'presence', canvasId, message: new Uint8Array(Buffer.from(rest[0], 'base64')) });
    }
  }

  private emit(event: StoreEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.logger.error('handling a change of another process failed', { error: (error as Error).message, kind: event.kind });
      }
    }
  }
}

/**
 * Rows merged into one update by applying them to a document, in one transaction: linear in
 * their size, where `Y.mergeUpdates` of many rows grows with the square of their count.
 */
function mergeRows(updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    applyStoredUpdates(doc, updates);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

function versionRecord(row: VersionRow): VersionRecord {
  return {
    id: row.id,
    canvasId: row.canvas_id,
    name: row.name,
    createdAt: Number(row.created_at),
    createdBy: row.created_by,
    automatic: row.automatic,
  };
}

/** host:port/database of a URL, never its password. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { errors?: Error[] };
  if (e.code === 'ECONNREFUSED') return 'nothing accepts connections there (ECONNREFUSED)';
  if (e.code === 'ENOTFOUND') return 'that host name is unknown (ENOTFOUND)';
  const message = e.message || e.errors?.map((inner) => inner.message).join('; ') || String(error);
  return message.replace(/\.$/, '');
}
