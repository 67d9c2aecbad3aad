import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import { canvasLanguage } from '../../shared/docLayout';
import { CloseCode, MessageType } from '../../shared/protocol';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { newPillarId } from '../ids';
import { RoundKeeper } from '../rounds/RoundKeeper';
import type { Storage, StoredRound } from '../storage/Storage';
import { Room, type RoomHost, type RoomLimits } from './Room';
import { applyStoredUpdates } from '../storage/storedUpdates';
import { encodeIntegratedState } from './integratedState';
import { CommitQueue } from './CommitQueue';
import { OtherProcesses, STORED_ELSEWHERE } from './OtherProcesses';

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
 * Loads rooms on first join, has their updates stored (CommitQueue: one transaction per
 * event-loop turn, before any client sees them), keeps connections alive and unloads idle rooms.
 */
export class RoomManager implements RoomHost {
  private readonly rooms = new Map<string, Room>();
  /** Rooms being loaded: a second join while the first loads waits for the same room. */
  private readonly loading = new Map<string, Promise<Room>>();
  /** Canvases deleted while their room was loading: the load ends in CanvasGone. */
  private readonly removedWhileLoading = new Set<string>();
  private readonly idleTimers = new Map<string, NodeJS.Timeout>();
  private readonly commits: CommitQueue;
  private readonly keepalive: NodeJS.Timeout;
  private readonly keepaliveMessage: Uint8Array;
  private keepaliveTick = 0;
  private nextKeepaliveSlot = 0;
  private closed = false;
  private readonly limits: RoomLimits;
  /** Set when other processes share the store (PostgreSQL): their changes reach our rooms. */
  private readonly others: OtherProcesses | null;

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
    this.commits = new CommitQueue(storage, config, logger, (id) => this.remove(id));
    const followed = {
      find: (id: string) => this.rooms.get(id) ?? this.loading.get(id) ?? null,
      loaded: () => this.rooms.values(),
      loading: () => this.loading.entries(),
      remove: (id: string) => this.remove(id),
    };
    this.others = storage.shared ? new OtherProcesses(storage.shared, storage, followed, logger) : null;
    this.keepalive = setInterval(() => this.sendKeepalive(), config.keepaliveMs / KEEPALIVE_SLICES);
    this.keepalive.unref();
  }

  /** Starts following the other processes that share the store, if any; before any room loads. */
  async start(): Promise<void> {
    await this.others?.start();
  }

  get loadedRoomCount(): number {
    return this.rooms.size;
  }

  /** True while stores fail and are retried (a full disk): connections are told, and kept. */
  get storageFailing(): boolean {
    return this.commits.failing;
  }

  /** The loaded room of a canvas, loading it from storage if needed. */
  async open(id: string): Promise<Room> {
    if (this.closed) throw new Error('the server is closing');
    const existing = this.rooms.get(id);
    if (existing) {
      this.cancelIdle(id);
      return existing;
    }
    let loading = this.loading.get(id);
    if (!loading) {
      loading = this.load(id).finally(() => {
        this.loading.delete(id);
        this.removedWhileLoading.delete(id);
      });
      this.loading.set(id, loading);
    }
    return loading;
  }

  private async load(id: string): Promise<Room> {
    const [stored, canvas, rounds] = await Promise.all([this.storage.loadUpdates(id), this.storage.getCanvas(id), this.storage.listRounds(id)]);
    if (!canvas || this.removedWhileLoading.has(id)) throw new CanvasGone(`canvas ${id} no longer exists`);
    if (this.closed) throw new Error('the server is closing');
    const room = new Room(id, stored.updates, this, this.limits, this.logger);
    room.attachRounds(this.roundsFor(room, rounds));
    room.keepaliveSlot = this.nextKeepaliveSlot;
    this.nextKeepaliveSlot = (this.nextKeepaliveSlot + 1) % KEEPALIVE_SLICES;
    room.setLocked(canvas?.locked ?? false);
    this.commits.track(room, stored);
    this.rooms.set(id, room);
    this.logger.debug('room loaded', { room: id, rows: stored.updates.length, bytes: stored.bytes });
    // Unloaded when idle even if whoever asked for it is gone by now (the timer checks for connections).
    this.roomEmptied(room);
    return room;
  }

  /** The rounds of a room just loaded: stored through this manager's store, carried with `change`. */
  private roundsFor(room: Room, stored: readonly StoredRound[]): RoundKeeper {
    return new RoundKeeper(
      room.id,
      stored,
      {
        connections: () => room.stipConnections(),
        roleOf: (socket) => room.roleOf(socket),
        send: (socket, message) => room.sendStip(socket, message),
        language: () => canvasLanguage(room.doc),
        doc: () => room.doc,
        save: (round, json) => this.storage.saveRound(room.id, round.id, json, Date.now()),
        storageFailing: () => this.storageFailing,
        change: async (edit) => {
          try {
            await this.assertFits(room.id, edit);
          } catch (error) {
            if (error instanceof CanvasTooLarge) return 'too_large';
            throw error;
          }
          await this.change(room.id, edit);
          return null;
        },
        newPillarId,
        exclusive: (task) => {
          const shared = this.storage.shared;
          if (!shared) return task(null);
          return shared.exclusive(room.id, 'rounds', async () => task(await this.storage.listRounds(room.id)));
        },
      },
      this.logger,
    );
  }

  /**
   * A canvas's rounds as stored JSON, for a download worker: a loaded room's as it keeps them,
   * else the store's rows.
   */
  async storedRounds(id: string): Promise<string[]> {
    const room = this.rooms.get(id);
    if (room) return room.roundsJson();
    const rows = await this.storage.listRounds(id);
    const loaded = this.rooms.get(id);
    return loaded ? loaded.roundsJson() : rows.map((row) => row.json);
  }

  get(id: string): Room | undefined {
    return this.rooms.get(id);
  }

  /** Runs `read` on the canvas's current document without keeping a room loaded for it. */
  async withDoc<T>(id: string, read: (doc: Y.Doc) => T): Promise<T> {
    const room = this.rooms.get(id);
    if (room) return read(room.doc);
    const { updates } = await this.storage.loadUpdates(id);
    // Loaded meanwhile: the room's document may already hold more than the rows read.
    const loaded = this.rooms.get(id);
    if (loaded) return read(loaded.doc);
    const doc = new Y.Doc();
    try {
      applyStoredUpdates(doc, updates);
      return read(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * Throws CanvasTooLarge when `edit` would grow the canvas past MAX_CANVAS_BYTES. Tried on a
   * copy: the canvas itself is not touched.
   */
  async assertFits(id: string, edit: (doc: Y.Doc) => void): Promise<void> {
    const room = await this.open(id);
    try {
      const growth = growthOf(room.doc, edit);
      const bytes = this.commits.bytesOf(room);
      if (bytes + growth > this.limits.maxCanvasBytes) {
        throw new CanvasTooLarge(`The change would grow the canvas to ${bytes + growth} bytes, past the limit of ${this.limits.maxCanvasBytes}.`);
      }
    } finally {
      if (room.connectionCount === 0) this.roomEmptied(room);
    }
  }

  /**
   * Changes a canvas's document as a server-side edit: applied to the live room (loading it if
   * needed), stored before this resolves, and broadcast to every connection like any update.
   * The caller checks the size first (`assertFits`).
   */
  async change(id: string, edit: (doc: Y.Doc) => void): Promise<void> {
    const room = await this.open(id);
    try {
      edit(room.doc);
      await this.commits.whenStored();
    } finally {
      if (room.connectionCount === 0) this.roomEmptied(room);
    }
  }

  async loadStored(room: Room): Promise<readonly Uint8Array[]> {
    return (await this.storage.loadUpdates(room.id)).updates;
  }

  /** Bytes of a room's canvas, stored and accepted (the MAX_CANVAS_BYTES check). */
  bytesOf(room: Room): number {
    return this.commits.bytesOf(room);
  }

  /** Rows stored for a loaded room, and how many are not merged yet (tests, the bench). */
  rowsOf(room: Room): { stored: number; uncompacted: number } {
    return this.commits.rowsOf(room);
  }

  enqueueUpdate(room: Room, update: Uint8Array, origin: unknown): void {
    if (origin === STORED_ELSEWHERE) {
      // Stored already, by the process that took it: counted, and to every connection now.
      this.commits.storedElsewhere(room, update.byteLength);
      room.broadcastStored(update, null);
      return;
    }
    this.commits.enqueue(room, update, origin);
  }

  /** The room's document now holds these stored rows (another process's): compaction need not read them. */
  coverRows(room: Room, rows: readonly number[]): void {
    this.commits.cover(room, rows);
  }

  publishPresence(room: Room, message: Uint8Array): void {
    this.others?.publishPresence(room, message);
  }

  confirmAfterCommit(room: Room): void {
    this.commits.confirmAfterCommit(room);
  }

  afterCommit(task: () => void): void {
    this.commits.afterCommit(task);
  }

  /** Resolves once everything applied so far is stored. */
  flush(): Promise<void> {
    return this.commits.whenStored();
  }

  /** Commits what is pending now, without waiting for the next turn; false if the store failed. */
  commitNow(): Promise<boolean> {
    return this.commits.commitNow();
  }

  /** Stores what is pending, then replaces the room's stored rows by its full state. */
  async compact(room: Room): Promise<void> {
    await this.commits.whenStored();
    await this.commits.compact(room);
  }

  roomEmptied(room: Room): void {
    if (this.closed) return;
    this.cancelIdle(room.id);
    const timer = setTimeout(() => {
      this.idleTimers.delete(room.id);
      if (room.connectionCount === 0 && this.rooms.get(room.id) === room) void this.unload(room);
    }, this.config.roomIdleMs);
    timer.unref();
    this.idleTimers.set(room.id, timer);
  }

  /**
   * Stores what is pending, compacts if there is anything to merge, and frees the room. While
   * the store fails, an idle room stays loaded (its document holds what is not stored yet).
   */
  async unload(room: Room, closeWith?: { code: number; reason: string }): Promise<void> {
    this.cancelIdle(room.id);
    if (this.commits.failing && !closeWith) {
      // The retries are under way; trying here too would only add writes to a full disk.
      this.roomEmptied(room);
      return;
    }
    try {
      // A round command in hand (a pick's canvas change among them) finishes first.
      await room.roundsSettled();
      const stored = await this.commits.commitNow();
      if (!stored && !closeWith) {
        this.roomEmptied(room);
        return;
      }
      if (!stored) this.logger.error('closing a room whose updates could not be stored; its clients keep them and send them again', { room: room.id });
      if (stored && this.commits.rowsOf(room).uncompacted > 1) await this.commits.compact(room);
    } catch (error) {
      this.logger.error('could not store a room while unloading it', { room: room.id, error: (error as Error).message });
    }
    if (this.rooms.get(room.id) !== room) return;
    if (!closeWith && room.connectionCount > 0) return; // someone joined while it was storing
    this.rooms.delete(room.id);
    this.commits.forget(room);
    room.destroy(closeWith);
    this.logger.debug('room unloaded', { room: room.id });
  }

  /** A deleted canvas: its connections close with 4404 and nothing of it is stored any more. */
  remove(id: string): void {
    this.cancelIdle(id);
    if (this.loading.has(id)) this.removedWhileLoading.add(id);
    const room = this.rooms.get(id);
    if (!room) return;
    this.commits.forget(room);
    this.rooms.delete(id);
    room.destroy(CloseCode.notFound);
  }

  /** Stores everything, closes every connection with `code` and unloads every room. */
  async closeAll(code: { code: number; reason: string } = CloseCode.restarting): Promise<void> {
    this.closed = true;
    clearInterval(this.keepalive);
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    await Promise.allSettled([...this.loading.values()]);
    for (const room of [...this.rooms.values()]) await this.unload(room, code);
    this.commits.close();
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

/** The canvas was deleted (or never existed) by the time its room would have loaded. */
export class CanvasGone extends Error {}

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
