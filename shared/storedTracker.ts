import { MessageType } from './protocol';

/** y-protocols sync message types (y-protocols/sync), as bytes on the wire. */
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/**
 * Whether a frame a y-websocket client sends is one the server counts in its `stored` clock:
 * a sync step 2 or an update (see `stipMessageSchema`). Both types are one-byte varUints.
 */
export function carriesChanges(frame: Uint8Array): boolean {
  return frame.length >= 2 && frame[0] === MessageType.sync && (frame[1] === SYNC_STEP_2 || frame[1] === SYNC_UPDATE);
}

/**
 * Whether everything a client has locally is stored on the server: call `socketOpened` for
 * each new socket, `sent` with every frame it sends, `stored` with each `stored` clock the
 * server reports, and `changedLocally` on every local change. Pure: the browser and the tests
 * share it.
 */
export class StoredTracker {
  private sentCount = 0;
  private storedClock = 0;
  private answeredStep1 = false;
  /** A local change made while no socket could send it: only a later step 2 carries it. */
  private unsent = false;

  /** A new socket: nothing sent on it yet, and the server's count starts again at 0. */
  socketOpened(): void {
    this.sentCount = 0;
    this.storedClock = 0;
    this.answeredStep1 = false;
  }

  sent(frame: Uint8Array): void {
    if (!carriesChanges(frame)) return;
    this.sentCount += 1;
    if (frame[1] === SYNC_STEP_2) {
      this.answeredStep1 = true;
      this.unsent = false;
    }
  }

  /** A change to the local document; `sendsNow` when an open socket sends it as an update. */
  changedLocally(sendsNow: boolean): void {
    if (!sendsNow) this.unsent = true;
  }

  stored(clock: number): void {
    this.storedClock = Math.max(this.storedClock, clock);
  }

  /** Messages with changes sent on this socket. */
  get sentOnSocket(): number {
    return this.sentCount;
  }

  /**
   * True once this socket's step 2 (everything the server lacked at connect time) and every
   * update after it are confirmed stored. Changes made while no socket is open are in the
   * next socket's step 2, so until that is confirmed this stays false.
   */
  get allStored(): boolean {
    return this.answeredStep1 && !this.unsent && this.storedClock >= this.sentCount;
  }
}
