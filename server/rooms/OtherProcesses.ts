import { CloseCode } from '../../shared/protocol';
import type { Logger } from '../logger';
import type { SharedStore, Storage, StoreEvent } from '../storage/Storage';
import type { Room } from './Room';

/** The origin of an update another process stored: applied and passed on, never stored again. */
export const STORED_ELSEWHERE = Symbol('stored by another process');

/** What following the other processes needs of the room manager. */
export interface FollowedRooms {
  /** The canvas's room, loaded or loading; null when this process has neither. */
  find(id: string): Room | Promise<Room> | null;
  loaded(): Iterable<Room>;
  /** The rooms being loaded, by canvas id. */
  loading(): Iterable<[string, Promise<Room>]>;
  /** The canvas was deleted: its connections close (4404), nothing of it is stored any more. */
  remove(id: string): void;
}

/**
 * Keeps this process's rooms up to date with what the other processes sharing the store do
 * (PostgreSQL: docs/ARCHITECTURE.md, "Several processes"). Updates they stored are applied to
 * the loaded room and sent to its connections; a lock, a new token, a deletion or a round
 * reaches the connections here as if it had been made here. Events of one canvas are handled
 * one after another, in the order the store committed them.
 */
export class OtherProcesses {
  /** Per canvas, the end of the chain of its events being handled. */
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly shared: SharedStore,
    private readonly storage: Storage,
    private readonly rooms: FollowedRooms,
    private readonly logger: Logger,
  ) {}

  start(): Promise<void> {
    return this.shared.subscribe((event) => this.handle(event));
  }

  /** A presence message of this process's connections, for the others' (best effort). */
  publishPresence(room: Room, message: Uint8Array): void {
    this.shared.publishPresence(room.id, message);
  }

  private handle(event: StoreEvent): void {
    if (event.kind === 'missed') {
      for (const room of this.rooms.loaded()) this.inOrder(room.id, () => this.catchUp(room));
      // A room loading through the gap may have read the store before what it missed.
      for (const [id, loading] of this.rooms.loading()) this.inOrder(id, async () => this.catchUp(await loading));
      return;
    }
    const target = this.rooms.find(event.canvasId);
    if (!target) return; // not loaded here: its next load reads the store
    if (event.kind === 'presence') {
      // Not stored and not ordered: to the connections at once, if the room is loaded.
      if (!(target instanceof Promise)) target.relayFromElsewhere(event.message);
      return;
    }
    this.inOrder(event.canvasId, async () => {
      const room = await target;
      if (room.isDestroyed) return;
      if (event.kind === 'update') {
        try {
          const update = event.update ?? (await this.shared.loadUpdateRow(event.canvasId, event.row));
          // Merged away by a compaction before it could be read: the canvas's rows hold it.
          if (update) room.applyStoredElsewhere([update], [event.row]);
          else await this.catchUp(room);
        } catch (error) {
          // Not read (the pool was busy, the database restarting): the whole canvas then, or
          // this room would miss the row for good.
          this.logger.warn('reading another process’s update failed; reading the canvas again', { room: room.id, error: (error as Error).message });
          await this.catchUp(room);
        }
        return;
      }
      switch (event.change) {
        case 'locked': {
          const record = await this.storage.getCanvas(room.id);
          if (record) room.setLocked(record.locked);
          return;
        }
        case 'editor':
        case 'viewer':
          room.disconnectRole(event.change, CloseCode.unauthorized);
          return;
        case 'deleted':
          this.rooms.remove(room.id);
          return;
        case 'rounds':
          room.roundsChangedElsewhere(() => this.storage.listRounds(room.id));
          return;
      }
    });
  }

  /** Reads the canvas again after the channel was down: rows, lock, rounds; or it is gone. */
  private async catchUp(room: Room): Promise<void> {
    const [stored, record] = await Promise.all([this.storage.loadUpdates(room.id), this.storage.getCanvas(room.id)]);
    if (room.isDestroyed) return;
    if (!record) {
      this.rooms.remove(room.id);
      return;
    }
    room.applyStoredElsewhere(stored.updates, stored.rows ?? []);
    room.setLocked(record.locked);
    room.roundsChangedElsewhere(() => this.storage.listRounds(room.id));
  }

  private inOrder(canvasId: string, work: () => Promise<void>): void {
    const previous = this.chains.get(canvasId) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((error: Error) => this.logger.error('following another process failed for a canvas', { room: canvasId, error: error.message }))
      .finally(() => {
        if (this.chains.get(canvasId) === next) this.chains.delete(canvasId);
      });
    this.chains.set(canvasId, next);
  }
}
