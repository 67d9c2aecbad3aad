import type { RoomSocket } from './RoomSocket';

/** First wait before asking a connection to sync again, doubling up to the maximum. */
const RESYNC_FIRST_MS = 50;
const RESYNC_MAX_MS = 5_000;

interface Ledger {
  /** The client asked for Stip's messages, so it is told what is stored. */
  stip: boolean;
  /** Sync step 2 and update messages received from this connection. */
  received: number;
  /**
   * How many of those have their content in the document (and so in the next commit), and the
   * count last confirmed to the client ("stored"). While a resync is outstanding, what was
   * refused is not in the document yet, so `accepted` waits for the answer.
   */
  accepted: number;
  /** `accepted` when the commit in flight was taken: what its success confirms. */
  sealed: number;
  confirmed: number;
  resync: Resync;
}

/**
 * A connection whose update the server refused because it could not be integrated completely:
 * after `delayMs` it is sent a sync step 1, and its answer (a step 2 of everything the server
 * lacks) settles what was refused.
 */
interface Resync {
  outstanding: boolean;
  /** The step 1 has gone out: the connection's next step 2 is its answer. */
  asked: boolean;
  timer: NodeJS.Timeout | null;
  delayMs: number;
}

/**
 * What each connection of a room sent, what of it is in the document, and what it was told is
 * stored (type 100 `stored`, clock = messages stored); and the resyncs that settle an update
 * the room refused. `askStep1` sends a connection the room's sync step 1.
 */
export class Confirmations {
  private readonly ledgers = new Map<RoomSocket, Ledger>();

  constructor(private readonly askStep1: (socket: RoomSocket) => void) {}

  join(socket: RoomSocket, stip: boolean): void {
    this.ledgers.set(socket, {
      stip,
      received: 0,
      accepted: 0,
      sealed: 0,
      confirmed: 0,
      resync: { outstanding: false, asked: false, timer: null, delayMs: RESYNC_FIRST_MS },
    });
  }

  leave(socket: RoomSocket): void {
    const timer = this.ledgers.get(socket)?.resync.timer;
    if (timer) clearTimeout(timer);
    this.ledgers.delete(socket);
  }

  destroy(): void {
    for (const socket of [...this.ledgers.keys()]) this.leave(socket);
  }

  /** A sync step 2 or update arrived (decoded); returns whether it answers the room's resync. */
  received(socket: RoomSocket, isStep2: boolean): boolean {
    const ledger = this.ledgers.get(socket)!;
    ledger.received += 1;
    const answersResync = isStep2 && ledger.resync.asked;
    if (answersResync) ledger.resync.asked = false;
    return answersResync;
  }

  /**
   * The room applied what the connection sent (`answersResync`: its answer to a resync).
   * Returns whether a confirmation is due after the next commit.
   */
  integrated(socket: RoomSocket, answersResync: boolean): boolean {
    const ledger = this.ledgers.get(socket)!;
    if (answersResync) {
      // The answer carries everything the connection had, so everything it sent is in.
      ledger.resync.outstanding = false;
      ledger.resync.delayMs = RESYNC_FIRST_MS;
    }
    if (ledger.resync.outstanding) return false;
    ledger.accepted = ledger.received;
    return ledger.stip;
  }

  waitsForResync(socket: RoomSocket): boolean {
    return this.ledgers.get(socket)?.resync.outstanding ?? false;
  }

  /**
   * The room refused an update it could not integrate completely: the connection is asked for
   * a sync step 2 after a short wait (doubling while its answers still cannot be integrated);
   * meanwhile the part it built on usually arrives from where it came from (another tab of the
   * same browser shares its edits over BroadcastChannel).
   */
  askResync(socket: RoomSocket): void {
    const resync = this.ledgers.get(socket)!.resync;
    resync.outstanding = true;
    if (resync.timer) return;
    resync.timer = setTimeout(() => {
      resync.timer = null;
      if (!this.ledgers.has(socket)) return;
      resync.asked = true;
      resync.delayMs = Math.min(resync.delayMs * 2, RESYNC_MAX_MS);
      this.askStep1(socket);
    }, resync.delayMs);
  }

  /** A commit is taken: what each connection has accepted so far is in it. */
  seal(): void {
    for (const ledger of this.ledgers.values()) ledger.sealed = ledger.accepted;
  }

  /**
   * That commit succeeded: `tell` each stip connection whose sealed count moved since it was
   * last told. Not `accepted`: what was accepted while the commit was in flight is in the next.
   */
  confirm(tell: (socket: RoomSocket, clock: number) => void): void {
    for (const [socket, ledger] of this.ledgers) {
      if (!ledger.stip || ledger.sealed === ledger.confirmed) continue;
      ledger.confirmed = ledger.sealed;
      tell(socket, ledger.sealed);
    }
  }
}
