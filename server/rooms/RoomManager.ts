import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import { CloseCode, MessageType } from '../../shared/protocol';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Storage } from '../storage/Storage';
import { Room, type RoomHost, type RoomLimits } from './Room';
import { applyStoredUpdates } from './storedUpdates';
import { encodeIntegratedState } from './integratedState';

interface PendingUpdate {
  room: Room;
  update: Uint8Array;
  origin: unknown;
}

type ManagerConfig = Pick<
  Config,
  'compactAfterUpdates' | 'compactAfterBytes' | 'roomIdleMs' | 'keepaliveMs' | 'maxCanvasBytes' | 'maxFrameBytes' | 'maxMessagesPerSecond'
>;

/**
 * The keepalive goes out in this many slices of KEEPALIVE_MS, a slice of the rooms each: at
 * once, a thousand connections' worth of writes held up every update for several milliseconds.
 */
const KEEPALIVE_SLICES = 8;

/**
 * Loads rooms on first join, stores their updates (one transaction per event-loop turn,
 * before any client sees them), compacts, keeps connections alive and unloads idle rooms.
 */
export class RoomManager implements RoomHost {
  private readonly rooms = new Map<string, Room>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private pending: PendingUpdate[] = [];
  /** Rooms with clients to tell, after the next commit, that their changes are stored. */
  private toConfirm = new Set<Room>();
  /** Replies waiting for the next commit (sync step 2 answers). */
  private afterCommitTasks: (() => void)[] = [];
  private flushScheduled: NodeJS.Immediate | null = null;
  private readonly keepalive: NodeJS.Timeout;
  private readonly keepaliveMessage: Uint8Array;
  private keepaliveTick = 0;
  private nextKeepaliveSlot = 0;
  private closed = false;
  private readonly limits: RoomLimits;

  constructor(
    private readonly storage: Storage,
    private readonly config: ManagerConfig,
    private readonly logger: Logger,
  ) {
    // y-websocket drops a connection that received no message for 30 s; ping frames do not
    // count. An awareness update about nobody is a valid message that changes nothing.
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(new awarenessProtocol.Awareness(new Y.Doc()), []));
    this.keepaliveMessage = encoding.toUint8Array(encoder);
    this.limits = {
      maxCanvasBytes: config.maxCanvasBytes,
      messagesPerSecond: config.maxMessagesPerSecond,
      messageBurst: config.maxMessagesPerSecond * 3,
      // A joining client sends a handful of messages; a flooder must not get the whole burst.
      messageStart: Math.max(20, Math.ceil(config.maxMessagesPerSecond / 4)),
      // A paste of a whole frame must pass; a stream of them must not.
      bytesPerSecond: config.maxFrameBytes / 2,
      byteBurst: config.maxFrameBytes * 2,
      byteStart: config.maxFrameBytes,
    };
    this.keepalive = setInterval(() => this.sendKeepalive(), config.keepaliveMs / KEEPALIVE_SLICES);
    this.keepalive.unref();
  }

  get loadedRoomCount(): number {
    return this.rooms.size;
  }

  /** The loaded room of a canvas, loading it from storage if needed. */
  open(id: string): Room {
    const existing = this.rooms.get(id);
    if (existing) {
      this.cancelIdle(id);
      return existing;
    }
    const stored = this.storage.loadUpdates(id);
    const room = new Room(id, stored, this, this.limits, this.logger);
    room.keepaliveSlot = this.nextKeepaliveSlot;
    this.nextKeepaliveSlot = (this.nextKeepaliveSlot + 1) % KEEPALIVE_SLICES;
    room.setLocked(this.storage.getCanvas(id)?.locked ?? false);
    this.rooms.set(id, room);
    this.logger.debug('room loaded', { room: id, rows: stored.updates.length, bytes: stored.bytes });
    return room;
  }

  get(id: string): Room | undefined {
    return this.rooms.get(id);
  }

  /** Runs `read` on the canvas's current document without keeping a room loaded for it. */
  withDoc<T>(id: string, read: (doc: Y.Doc) => T): T {
    const room = this.rooms.get(id);
    if (room) return read(room.doc);
    const doc = new Y.Doc();
    try {
      const { updates } = this.storage.loadUpdates(id);
      applyStoredUpdates(doc, updates);
      return read(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * Changes a canvas's document as a server-side edit: applied to the live room (loading it if
   * needed), stored before this returns, and broadcast to every connection like any update.
   * An edit that would grow the canvas past MAX_CANVAS_BYTES (tried on a copy first) throws
   * CanvasTooLarge and changes nothing; `beforeApply` runs once the edit is known to fit.
   */
  change(id: string, edit: (doc: Y.Doc) => void, beforeApply?: () => void): void {
    const room = this.open(id);
    try {
      const growth = growthOf(room.doc, edit);
      if (room.storedBytes + growth > this.limits.maxCanvasBytes) {
        throw new CanvasTooLarge(`The change would grow the canvas to ${room.storedBytes + growth} bytes, past the limit of ${this.limits.maxCanvasBytes}.`);
      }
      beforeApply?.();
      edit(room.doc);
      this.flush();
    } finally {
      if (room.connectionCount === 0) this.roomEmptied(room);
    }
  }

  enqueueUpdate(room: Room, update: Uint8Array, origin: unknown): void {
    this.pending.push({ room, update, origin });
    this.flushScheduled ??= setImmediate(() => this.flush());
  }

  confirmAfterCommit(room: Room): void {
    this.toConfirm.add(room);
    this.flushScheduled ??= setImmediate(() => this.flush());
  }

  afterCommit(task: () => void): void {
    this.afterCommitTasks.push(task);
    this.flushScheduled ??= setImmediate(() => this.flush());
  }

  /**
   * Stores every pending update in one transaction, then broadcasts them and tells the
   * writers' stip clients that their changes are stored.
   */
  flush(): void {
    if (this.flushScheduled) {
      clearImmediate(this.flushScheduled);
      this.flushScheduled = null;
    }
    if (this.pending.length === 0) {
      this.afterCommitted();
      return;
    }
    const batch = this.pending;
    this.pending = [];
    const now = Date.now();
    try {
      this.storage.appendUpdates(
        batch.map(({ room, update }) => ({ canvasId: room.id, update })),
        now,
      );
    } catch (error) {
      // Not stored means not broadcast: the clients keep their changes and resend on reconnect.
      this.logger.error('storing updates failed; closing the rooms involved', { error: (error as Error).message });
      for (const room of new Set(batch.map((p) => p.room))) {
        this.toConfirm.delete(room);
        this.unload(room, CloseCode.restarting);
      }
      // Other rooms had nothing unstored; the unloaded ones have no connections left to answer.
      this.afterCommitted();
      return;
    }
    const touched = new Set<Room>();
    for (const { room, update, origin } of batch) {
      room.storedBytes += update.byteLength;
      room.storedRows += 1;
      room.uncompactedBytes += update.byteLength;
      room.uncompactedRows += 1;
      touched.add(room);
      room.broadcastStored(update, origin);
    }
    for (const room of touched) {
      const meta = room.takeChangedMeta();
      if (meta) this.storage.updateMeta(room.id, meta, now);
      if (
        room.uncompactedRows >= this.config.compactAfterUpdates ||
        room.uncompactedBytes >= this.config.compactAfterBytes
      ) {
        try {
          this.compact(room);
        } catch (error) {
          // The transaction rolled back: the rows are as they were, only not merged. Thrown out
          // of here it would end the process; retried at once it would cost a full encode per update.
          this.logger.error('compacting a canvas failed; its stored updates stay as they are', {
            room: room.id,
            error: (error as Error).message,
          });
          room.uncompactedRows = 0;
          room.uncompactedBytes = 0;
        }
      }
    }
    this.afterCommitted();
  }

  /** Everything applied so far is committed: confirmations and waiting replies go out. */
  private afterCommitted(): void {
    if (this.toConfirm.size > 0) {
      const rooms = this.toConfirm;
      this.toConfirm = new Set();
      for (const room of rooms) room.confirmStored();
    }
    if (this.afterCommitTasks.length > 0) {
      const tasks = this.afterCommitTasks;
      this.afterCommitTasks = [];
      for (const task of tasks) task();
    }
  }

  /** Replaces a room's stored rows by its full state, in one transaction: all or nothing. */
  compact(room: Room): void {
    this.flush();
    const merged = encodeIntegratedState(room.doc);
    this.logger.debug('compacting room', { room: room.id, rows: room.storedRows, bytes: merged.byteLength });
    this.storage.compact(room.id, merged);
    this.logger.debug('room compacted', { room: room.id, rows: room.storedRows, bytes: merged.byteLength });
    room.storedBytes = merged.byteLength;
    room.storedRows = 1;
    room.uncompactedBytes = 0;
    room.uncompactedRows = 0;
  }

  roomEmptied(room: Room): void {
    if (this.closed) return;
    this.cancelIdle(room.id);
    const timer = setTimeout(() => {
      this.idleTimers.delete(room.id);
      if (room.connectionCount === 0 && this.rooms.get(room.id) === room) this.unload(room);
    }, this.config.roomIdleMs);
    timer.unref();
    this.idleTimers.set(room.id, timer);
  }

  /** Stores what is pending, compacts if there is anything to merge, and frees the room. */
  unload(room: Room, closeWith?: { code: number; reason: string }): void {
    this.cancelIdle(room.id);
    try {
      this.flush();
      if (room.uncompactedRows > 1) this.compact(room);
    } catch (error) {
      this.logger.error('could not store a room while unloading it', { room: room.id, error: (error as Error).message });
    }
    this.rooms.delete(room.id);
    room.destroy(closeWith);
    this.logger.debug('room unloaded', { room: room.id });
  }

  /** A deleted canvas: its connections close with 4404 and nothing of it is stored any more. */
  remove(id: string): void {
    this.cancelIdle(id);
    const room = this.rooms.get(id);
    if (!room) return;
    this.pending = this.pending.filter((p) => p.room !== room);
    this.toConfirm.delete(room);
    this.rooms.delete(id);
    room.destroy(CloseCode.notFound);
  }

  /** Stores everything, closes every connection with `code` and unloads every room. */
  closeAll(code: { code: number; reason: string } = CloseCode.restarting): void {
    this.closed = true;
    clearInterval(this.keepalive);
    this.flush();
    for (const room of [...this.rooms.values()]) this.unload(room, code);
  }

  private cancelIdle(id: string): void {
    const timer = this.idleTimers.get(id);
    if (timer) {
      clearTimeout(timer);
      this.idleTimers.delete(id);
    }
  }

  /** Every KEEPALIVE_MS / KEEPALIVE_SLICES: the rooms of one slot, so each room once per KEEPALIVE_MS. */
  private sendKeepalive(): void {
    const slot = this.keepaliveTick;
    this.keepaliveTick = (slot + 1) % KEEPALIVE_SLICES;
    for (const room of this.rooms.values()) {
      if (room.keepaliveSlot === slot) room.sendToAll(this.keepaliveMessage);
    }
  }
}

/** A server-side edit that would grow a canvas past MAX_CANVAS_BYTES. */
export class CanvasTooLarge extends Error {}

/** The bytes `edit` would store, measured on a copy of `doc`: `doc` itself is not touched. */
function growthOf(doc: Y.Doc, edit: (doc: Y.Doc) => void): number {
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, encodeIntegratedState(doc));
    let bytes = 0;
    copy.on('update', (update: Uint8Array) => {
      bytes += update.byteLength;
    });
    edit(copy);
    return bytes;
  } finally {
    copy.destroy();
  }
}
