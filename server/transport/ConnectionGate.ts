import { CloseCode, type CloseCodeEntry } from '../../shared/protocol';

/** A WebSocket that has been upgraded but not yet checked or joined to its room. */
export interface PendingConnection {
  /** False once the socket closed while waiting; it is then dropped. */
  readonly open: boolean;
  /** The canvas id from the URL, unchecked. */
  readonly canvasId: string;
  /** Origin and token; on failure the connection closes itself with its code and false is returned. */
  check(): boolean;
  /** Joins the (loaded) room and starts reading. */
  join(): void;
  refuse(code: CloseCodeEntry): void;
}

export interface GateLimits {
  /** Connections upgraded but not yet checked and joined; more are refused with 1013. */
  maxPendingUpgrades: number;
  /** Canvases waiting to be loaded into memory; a connection needing another one gets 1013. */
  maxLoadingRooms: number;
}

export interface RoomLoader {
  isLoaded(id: string): boolean;
  load(id: string): void;
}

/** Checks run for at most this long per event-loop turn before other work gets its turn. */
const CHECK_BUDGET_MS = 8;

/**
 * Admits new WebSocket connections a few at a time, between other work. After a restart every
 * client comes back at once (y-websocket has no jitter); checking them and loading their rooms
 * in one go would stall every loaded room for as long. So: checks run in short slices, one room
 * is loaded per event-loop turn, and both queues are bounded. A refused client gets 1013 and
 * comes back with backoff.
 */
export class ConnectionGate {
  private checking: PendingConnection[] = [];
  /** Checked connections by the canvas they wait for; the keys are the rooms loading. */
  private readonly waiting = new Map<string, PendingConnection[]>();
  private waitingCount = 0;
  private scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly limits: GateLimits,
    private readonly rooms: RoomLoader,
  ) {}

  /** Connections upgraded and not yet joined (checking or waiting for their room). */
  get pending(): number {
    return this.checking.length + this.waitingCount;
  }

  get loadingRooms(): number {
    return this.waiting.size;
  }

  enqueue(connection: PendingConnection): void {
    if (this.pending >= this.limits.maxPendingUpgrades) {
      connection.refuse(CloseCode.busy);
      return;
    }
    this.checking.push(connection);
    this.schedule();
  }

  /** Drops everything queued (the server is closing; its sockets are closed elsewhere). */
  close(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.checking = [];
    this.waiting.clear();
    this.waitingCount = 0;
  }

  private schedule(): void {
    this.scheduled ??= setImmediate(() => this.turn());
  }

  private turn(): void {
    this.scheduled = null;
    const started = performance.now();
    while (this.checking.length > 0 && performance.now() - started < CHECK_BUDGET_MS) {
      this.checkOne(this.checking.shift()!);
    }
    this.loadOne();
    if (this.checking.length > 0 || this.waiting.size > 0) this.schedule();
  }

  private checkOne(connection: PendingConnection): void {
    if (!connection.open || !connection.check()) return;
    const id = connection.canvasId;
    if (this.rooms.isLoaded(id)) {
      connection.join();
      return;
    }
    const queue = this.waiting.get(id);
    if (queue) {
      queue.push(connection);
    } else if (this.waiting.size >= this.limits.maxLoadingRooms) {
      connection.refuse(CloseCode.busy);
      return;
    } else {
      this.waiting.set(id, [connection]);
    }
    this.waitingCount += 1;
  }

  /** Loads the canvas waited for longest, and joins its connections. */
  private loadOne(): void {
    const next = this.waiting.entries().next();
    if (next.done) return;
    const [id, queue] = next.value;
    this.waiting.delete(id);
    this.waitingCount -= queue.length;
    // Checked again: the canvas may have been deleted, or a link rotated, while they waited.
    const ready = queue.filter((c) => c.open && c.check());
    if (ready.length === 0) return;
    if (!this.rooms.isLoaded(id)) this.rooms.load(id);
    for (const connection of ready) connection.join();
  }
}
