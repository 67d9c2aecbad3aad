import { CloseCode, type CloseCodeEntry } from '../../shared/protocol';

/** A WebSocket that has been upgraded but not yet checked or joined to its room. */
export interface PendingConnection {
  /** False once the socket closed while waiting; it is then dropped. */
  readonly open: boolean;
  /** The canvas id from the URL, unchecked. */
  readonly canvasId: string;
  /** Origin and token; on failure the connection closes itself with its code and false is returned. */
  check(): Promise<boolean>;
  /** Joins the (loaded) room and starts reading. */
  join(): void;
  refuse(code: CloseCodeEntry): void;
}

export interface GateLimits {
  /** Connections upgraded but not yet checked and joined; more are refused with 1013. */
  maxPendingUpgrades: number;
  /** Canvases waiting to be loaded into memory; a connection needing another one gets 1013. */
  maxLoadingRooms: number;
  /**
   * Checks waiting for the store at once: 1 for a store that answers at once (SQLite), more
   * for one over the network (PostgreSQL answers each after a round trip).
   */
  checksAtOnce: number;
}

export interface RoomLoader {
  isLoaded(id: string): boolean;
  load(id: string): Promise<unknown>;
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
  /** Checks started and not answered yet (the store answers asynchronously). */
  private checksRunning = 0;
  /** Checked connections by the canvas they wait for; the keys are the rooms loading. */
  private readonly waiting = new Map<string, PendingConnection[]>();
  private waitingCount = 0;
  private scheduled: NodeJS.Immediate | null = null;
  /** One room is loaded at a time; the others wait their turn. */
  private loadingNow = false;
  /** A turn is running (it may be waiting for the store); the next one waits for it. */
  private turning = false;
  private closed = false;

  constructor(
    private readonly limits: GateLimits,
    private readonly rooms: RoomLoader,
  ) {}

  /** Connections upgraded and not yet joined (checking or waiting for their room). */
  get pending(): number {
    return this.checking.length + this.checksRunning + this.waitingCount;
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
    this.closed = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.checking = [];
    this.waiting.clear();
    this.waitingCount = 0;
  }

  private schedule(): void {
    if (this.closed) return;
    this.scheduled ??= setImmediate(() => void this.turn());
  }

  /**
   * Checks and joins for at most CHECK_BUDGET_MS, `checksAtOnce` at a time (a store that
   * answers at once, as SQLite does, keeps them in this turn; each join's work counts against
   * the budget).
   */
  private async turn(): Promise<void> {
    this.scheduled = null;
    if (this.turning) return;
    this.turning = true;
    try {
      const started = performance.now();
      while (this.checking.length > 0 && performance.now() - started < CHECK_BUDGET_MS && !this.closed) {
        await Promise.all(this.checking.splice(0, this.limits.checksAtOnce).map((connection) => this.checkOne(connection)));
      }
    } finally {
      this.turning = false;
    }
    if (!this.loadingNow) void this.loadOne();
    if (this.checking.length > 0) this.schedule();
  }

  /**
   * The connection's own check; a store that fails to answer refuses it with 1013 (it comes
   * back with backoff) instead of failing the gate.
   */
  private async admit(connection: PendingConnection): Promise<boolean> {
    try {
      return connection.open && (await connection.check()) && connection.open;
    } catch {
      if (connection.open) connection.refuse(CloseCode.busy);
      return false;
    }
  }

  private async checkOne(connection: PendingConnection): Promise<void> {
    this.checksRunning += 1;
    let admitted = false;
    try {
      admitted = await this.admit(connection);
    } finally {
      this.checksRunning -= 1;
    }
    if (!admitted || this.closed) return;
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
    this.schedule();
  }

  /** Loads the canvas waited for longest, and joins its connections. */
  private async loadOne(): Promise<void> {
    const next = this.waiting.entries().next();
    if (next.done) return;
    const [id, queue] = next.value;
    this.waiting.delete(id);
    this.waitingCount -= queue.length;
    this.loadingNow = true;
    try {
      // Checked again: the canvas may have been deleted, or a link rotated, while they waited.
      const checked = await Promise.all(queue.map((c) => this.admit(c)));
      const ready = queue.filter((c, i) => checked[i]);
      if (ready.length === 0 || this.closed) return;
      try {
        if (!this.rooms.isLoaded(id)) await this.rooms.load(id);
      } catch {
        // The store did not answer: the clients come back with backoff.
        for (const connection of ready) connection.refuse(CloseCode.busy);
        return;
      }
      for (const connection of ready) if (connection.open && !this.closed) connection.join();
    } finally {
      this.loadingNow = false;
      if (this.waiting.size > 0) this.schedule();
    }
  }
}
