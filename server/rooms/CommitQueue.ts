import type { Logger } from '../logger';
import type { CanvasMeta, Storage, StoredUpdates } from '../storage/Storage';
import { encodeIntegratedState } from './integratedState';
import type * as Y from 'yjs';

/** What the commit queue needs of a room: it stores for rooms, it does not own them. */
export interface CommittedRoom {
  readonly id: string;
  readonly doc: Y.Doc;
  /** Sends an update, now stored, to every connection but its origin. */
  broadcastStored(update: Uint8Array, origin: unknown): void;
  /** Fixes, for each connection, the count of its messages the commit being taken holds. */
  sealConfirmations(): void;
  /** Tells each stip connection the count sealed before the commit that just succeeded. */
  confirmStored(): void;
  takeChangedMeta(): CanvasMeta | null;
  /** The store is failing (true) or works again (false): the room tells its connections. */
  storageFailing(failing: boolean): void;
}

/** What has been stored of a room, and what is accepted but not yet stored. */
interface Account {
  storedBytes: number;
  storedRows: number;
  uncompactedBytes: number;
  uncompactedRows: number;
  pendingBytes: number;
  /**
   * The stored rows the room's document is known to hold, by number, when the store numbers
   * them (a store several processes share): its compaction need not read them again.
   */
  covered: Set<number>;
}

interface PendingUpdate {
  room: CommittedRoom;
  update: Uint8Array;
  origin: unknown;
}

export interface CommitLimits {
  compactAfterUpdates: number;
  compactAfterBytes: number;
}

/** First wait before a failed commit is tried again, doubling up to the maximum. */
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 5_000;

/**
 * Stores what rooms apply, in one transaction per event-loop turn, with one commit in flight;
 * only a stored update is broadcast, and a stip client hears "stored" only for what is. A
 * commit that fails (a full disk) is kept and tried again with backoff, with everything that
 * arrives meanwhile: the rooms stay open, their connections are told, nothing is dropped. The
 * counters of what each room has stored live here, with whoever stores.
 */
export class CommitQueue {
  private readonly accounts = new Map<CommittedRoom, Account>();
  private pending: PendingUpdate[] = [];
  /** Rooms with clients to tell, after the next commit, that their changes are stored. */
  private toConfirm = new Set<CommittedRoom>();
  /** Work waiting for everything applied so far to be stored (replies that would reveal it). */
  private tasks: (() => void)[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  private inFlight: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = RETRY_FIRST_MS;
  private failingSince: number | null = null;
  /** Callers of `whenStored` still waiting: failed with an error if the queue closes first. */
  private readonly waiting = new Set<(error: Error) => void>();
  private closed = false;

  constructor(
    private readonly storage: Storage,
    private readonly limits: CommitLimits,
    private readonly logger: Logger,
    /** A canvas of a failed batch no longer exists (another process deleted it): its room goes. */
    private readonly canvasGone: (id: string) => void = () => {},
  ) {}

  /** True while commits fail (the store is full or unreachable) and are being retried. */
  get failing(): boolean {
    return this.failingSince !== null;
  }

  /** Starts keeping the account of a room just loaded from `stored`. */
  track(room: CommittedRoom, stored: StoredUpdates): void {
    const rows = stored.updates.length;
    this.accounts.set(room, {
      storedBytes: stored.bytes,
      storedRows: rows,
      uncompactedRows: rows > 1 ? rows : 0,
      uncompactedBytes: rows > 1 ? stored.bytes : 0,
      pendingBytes: 0,
      covered: new Set(stored.rows),
    });
  }

  /** Bytes of the room's canvas: stored, and accepted but not stored yet. */
  bytesOf(room: CommittedRoom): number {
    const account = this.accounts.get(room);
    return account ? account.storedBytes + account.pendingBytes : 0;
  }

  /** Rows stored for the room and how many of them have not been merged yet. */
  rowsOf(room: CommittedRoom): { stored: number; uncompacted: number } {
    const account = this.accounts.get(room);
    return { stored: account?.storedRows ?? 0, uncompacted: account?.uncompactedRows ?? 0 };
  }

  enqueue(room: CommittedRoom, update: Uint8Array, origin: unknown): void {
    this.pending.push({ room, update, origin });
    const account = this.accounts.get(room);
    if (account) account.pendingBytes += update.byteLength;
    this.schedule();
  }

  confirmAfterCommit(room: CommittedRoom): void {
    this.toConfirm.add(room);
    this.schedule();
  }

  /** Runs `task` once everything applied so far is stored. */
  afterCommit(task: () => void): void {
    this.tasks.push(task);
    this.schedule();
  }

  /**
   * Resolves once everything applied so far is stored (it waits through a failing store);
   * rejects if the server closes first.
   */
  whenStored(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the server is closing'));
    return new Promise((resolve, reject) => {
      this.waiting.add(reject);
      this.afterCommit(() => {
        this.waiting.delete(reject);
        resolve();
      });
    });
  }

  /**
   * Commits what is pending now, if the store lets it, and reports whether everything applied
   * so far is stored. For unloading and shutdown, which must not wait for a full disk to clear.
   */
  async commitNow(): Promise<boolean> {
    while (this.inFlight) await this.inFlight;
    // Tried now instead of when the retry timer fires: one chain of retries, never two.
    this.cancelRetry();
    await this.start();
    return this.pending.length === 0 && !this.failing;
  }

  /** The room's document holds these stored rows (applied from another process). */
  cover(room: CommittedRoom, rows: readonly number[]): void {
    const account = this.accounts.get(room);
    if (account) for (const row of rows) account.covered.add(row);
  }

  /** Counts an update another process stored for the room (its compaction and size check). */
  storedElsewhere(room: CommittedRoom, bytes: number): void {
    const account = this.accounts.get(room);
    if (!account) return;
    account.storedBytes += bytes;
    account.storedRows += 1;
    account.uncompactedBytes += bytes;
    account.uncompactedRows += 1;
  }

  /** Drops what a deleted canvas's room had pending; nothing of it is stored any more. */
  forget(room: CommittedRoom): void {
    this.pending = this.pending.filter((p) => p.room !== room);
    this.toConfirm.delete(room);
    this.accounts.delete(room);
  }

  /**
   * Replaces a room's stored rows by its full state, in one transaction: all or nothing. Runs in
   * the commit slot, never beside a commit: an append committed between the encoding and the
   * replacement would be deleted with the old rows.
   */
  async compact(room: CommittedRoom): Promise<void> {
    while (this.inFlight) await this.inFlight;
    this.inFlight = this.compactInSlot(room).finally(() => {
      this.inFlight = null;
      if (this.hasWork()) this.schedule();
    });
    return this.inFlight;
  }

  private async compactInSlot(room: CommittedRoom): Promise<void> {
    const account = this.accounts.get(room);
    if (!account) return;
    // The state may hold updates still pending: they are stored twice, which Yjs ignores.
    const merged = encodeIntegratedState(room.doc);
    // What the state holds now; rows covered while the compaction runs are not in it.
    const covered = account.covered;
    account.covered = new Set();
    this.logger.debug('compacting room', { room: room.id, rows: account.storedRows, bytes: merged.byteLength });
    let row: number | void;
    try {
      row = await this.storage.compact(room.id, merged, covered);
    } catch (error) {
      for (const seq of covered) account.covered.add(seq);
      throw error;
    }
    if (typeof row === 'number' && row > 0) account.covered.add(row);
    account.storedBytes = merged.byteLength;
    account.storedRows = 1;
    account.uncompactedBytes = 0;
    account.uncompactedRows = 0;
    this.logger.debug('room compacted', { room: room.id, bytes: merged.byteLength });
  }

  /** Stops retrying; what is still pending is reported (its authors' devices keep it). */
  close(): void {
    this.closed = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.cancelRetry();
    if (this.pending.length > 0) {
      this.logger.error('closing with updates not stored; the clients that wrote them keep them and send them again', {
        updates: this.pending.length,
      });
    }
    const closing = new Error('the server is closing');
    for (const reject of this.waiting) reject(closing);
    this.waiting.clear();
    this.tasks = [];
  }

  private hasWork(): boolean {
    return this.pending.length > 0 || this.toConfirm.size > 0 || this.tasks.length > 0;
  }

  private cancelRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private schedule(): void {
    if (this.closed || this.inFlight || this.retryTimer) return;
    this.scheduled ??= setImmediate(() => {
      this.scheduled = null;
      void this.start();
    });
  }

  private start(): Promise<void> {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = null;
    }
    this.inFlight ??= this.commitOnce().finally(() => {
      this.inFlight = null;
      if (!this.retryTimer && this.hasWork()) this.schedule();
    });
    return this.inFlight;
  }

  private takeConfirmations(): Set<CommittedRoom> {
    const rooms = this.toConfirm;
    this.toConfirm = new Set();
    for (const room of rooms) room.sealConfirmations();
    return rooms;
  }

  private takeTasks(): (() => void)[] {
    const tasks = this.tasks;
    this.tasks = [];
    return tasks;
  }

  private runConfirmationsAndTasks(rooms: Set<CommittedRoom>, tasks: (() => void)[]): void {
    for (const room of rooms) room.confirmStored();
    for (const task of tasks) task();
  }

  /** One transaction of everything pending; then broadcasts, confirmations and waiting replies. */
  private async commitOnce(): Promise<void> {
    // A deleted canvas's rows would fail the whole batch, for every canvas, at every retry.
    const batch = this.pending.filter((p) => this.accounts.has(p.room));
    const confirmations = this.takeConfirmations();
    const tasks = this.takeTasks();
    this.pending = [];
    if (batch.length === 0) {
      if (this.failingSince !== null) this.recovered();
      this.runConfirmationsAndTasks(confirmations, tasks);
      return;
    }
    const now = Date.now();
    let rows: number[] | void;
    try {
      rows = await this.storage.appendUpdates(
        batch.map(({ room, update }) => ({ canvasId: room.id, update })),
        now,
      );
    } catch (error) {
      // One deleted canvas's rows fail the whole batch: without them it may go through now.
      if (await this.dropDeleted(batch)) {
        for (const room of confirmations) if (!this.accounts.has(room)) confirmations.delete(room);
        this.requeue(batch.filter((p) => this.accounts.has(p.room)), confirmations, tasks);
        this.schedule();
        return;
      }
      this.keepForRetry(batch, confirmations, tasks, error as Error);
      return;
    }
    if (this.failingSince !== null) this.recovered();
    const touched = new Set<CommittedRoom>();
    for (const [i, { room, update, origin }] of batch.entries()) {
      const account = this.accounts.get(room);
      if (!account) continue; // deleted while the commit was in flight
      if (rows) account.covered.add(rows[i]!);
      account.pendingBytes -= update.byteLength;
      account.storedBytes += update.byteLength;
      account.storedRows += 1;
      account.uncompactedBytes += update.byteLength;
      account.uncompactedRows += 1;
      touched.add(room);
      room.broadcastStored(update, origin);
    }
    this.runConfirmationsAndTasks(confirmations, tasks);
    for (const room of touched) await this.afterStored(room, now);
  }

  /** Title and language for the canvas list, and compaction once enough rows piled up. */
  private async afterStored(room: CommittedRoom, now: number): Promise<void> {
    const account = this.accounts.get(room);
    if (!account) return;
    const meta = room.takeChangedMeta();
    if (meta) {
      // The canvas list's copy of the title; the next change writes it again if this fails.
      await this.storage.updateMeta(room.id, meta, now).catch((error: Error) => {
        this.logger.error('storing a canvas title failed', { room: room.id, error: error.message });
      });
    }
    if (account.uncompactedRows < this.limits.compactAfterUpdates && account.uncompactedBytes < this.limits.compactAfterBytes) return;
    try {
      // Already in the commit slot (this runs inside a commit): compact() would wait for itself.
      await this.compactInSlot(room);
    } catch (error) {
      // Rolled back: the rows are as they were, only not merged. Retried at once it would cost
      // a full encode per update; the next threshold tries again.
      this.logger.error('compacting a canvas failed; its stored updates stay as they are', { room: room.id, error: (error as Error).message });
      account.uncompactedRows = 0;
      account.uncompactedBytes = 0;
    }
  }

  /**
   * After a failed batch: the canvases in it that no longer exist (deleted by another process
   * sharing the store, whose notice has not arrived yet) are forgotten and their rooms closed.
   * True when there were any.
   */
  private async dropDeleted(batch: PendingUpdate[]): Promise<boolean> {
    const rooms = [...new Set(batch.map((p) => p.room))];
    const exists = await Promise.all(rooms.map((room) => this.storage.getCanvas(room.id).then((c) => c !== null, () => true)));
    const gone = rooms.filter((_, i) => !exists[i]);
    for (const room of gone) {
      this.logger.info('a canvas was deleted while its updates were being stored; dropping them', { room: room.id });
      this.canvasGone(room.id);
      this.forget(room);
    }
    return gone.length > 0;
  }

  /** The batch, its confirmations and its waiting work back in front of what came since. */
  private requeue(batch: PendingUpdate[], confirmations: Set<CommittedRoom>, tasks: (() => void)[]): void {
    this.pending = batch.concat(this.pending);
    for (const room of this.toConfirm) confirmations.add(room);
    this.toConfirm = confirmations;
    this.tasks = tasks.concat(this.tasks);
  }

  /** Not stored means not broadcast: the batch goes back in front, to be tried again. */
  private keepForRetry(batch: PendingUpdate[], confirmations: Set<CommittedRoom>, tasks: (() => void)[], error: Error): void {
    if (this.closed) return;
    this.requeue(batch, confirmations, tasks);
    if (this.failingSince === null) {
      this.failingSince = Date.now();
      this.logger.error('storing updates failed; keeping them and trying again', { error: error.message, updates: batch.length });
      for (const room of this.accounts.keys()) room.storageFailing(true);
    }
    this.cancelRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.schedule();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }

  private recovered(): void {
    this.logger.info('storing updates works again', { failedForMs: Date.now() - this.failingSince! });
    this.failingSince = null;
    this.retryMs = RETRY_FIRST_MS;
    for (const room of this.accounts.keys()) room.storageFailing(false);
  }
}
