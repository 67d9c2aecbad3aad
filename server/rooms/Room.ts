import * as Y from 'yjs';
import type * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import {
  CloseCode,
  MessageType,
  decodeStipClientMessage,
  effectiveRole,
  encodeStipMessage,
  type CloseCodeEntry,
  type Role,
  type StipMessage,
} from '../../shared/index';
import type { Logger } from '../logger';
import type { RoundKeeper } from '../rounds/RoundKeeper';
import type { CanvasMeta, StoredRound } from '../storage/Storage';
import { Confirmations } from './Confirmations';
import { MetaDiff } from './MetaDiff';
import { STORED_ELSEWHERE } from './OtherProcesses';
import { RateLimiter, type RateLimits } from './RateLimiter';
import { RoomPresence } from './RoomPresence';
import type { ConnectionInfo, RoomSocket } from './RoomSocket';
import { GuardedApply, type WriteScope } from './GuardedApply';
import { SyncReplies, step2Frame } from './SyncReplies';
import { checkUpdate, dropPending, hasPending } from './updateCheck';
import { applyStoredUpdates } from '../storage/storedUpdates';

/** A connection's queue may hold this much before the connection is dropped as too slow. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

export interface RoomLimits extends RateLimits {
  maxCanvasBytes: number;
}

/** Counters for tests and the fuzz report. */
export interface RoomCounters {
  updatesDecoded: number;
  updatesRejected: number;
  awarenessRejected: number;
  /** Updates applied and then partly taken back (a locked editor's, an editor's session change). */
  updatesReverted: number;
  /** Updates refused before applying because they could not be integrated completely (resync asked). */
  updatesDeferred: number;
}

/** What a room asks of its manager: storage happens there, batched across rooms. */
export interface RoomHost {
  enqueueUpdate(room: Room, update: Uint8Array, origin: unknown): void;
  /** Asks for `confirmStored` after the next commit (which may have nothing new to store). */
  confirmAfterCommit(room: Room): void;
  /** Runs `task` once everything applied so far is stored (before a reply that would reveal it). */
  afterCommit(task: () => void): void;
  roomEmptied(room: Room): void;
  /** Bytes of this room's canvas, stored and accepted (the MAX_CANVAS_BYTES check). */
  bytesOf(room: Room): number;
  /** Stores are failing and retried (a full disk). */
  readonly storageFailing: boolean;
  /** The room's rows as the store holds them now (no update still pending). */
  loadStored(room: Room): Promise<readonly Uint8Array[]>;
  /** The document now holds these rows another process stored (the store's numbers). */
  coverRows(room: Room, rows: readonly number[]): void;
  /** Passes a presence message of this room's connections on to other processes, if any share the store. */
  publishPresence(room: Room, message: Uint8Array): void;
}

interface Connection {
  info: ConnectionInfo;
  limiter: RateLimiter;
}

class MalformedMessage extends Error {}

/**
 * One loaded canvas: its Y.Doc, its presence (RoomPresence) and its connections. Dispatches
 * y-protocols and Stip messages, judges updates, broadcasts. Updates are applied here, stored
 * by the host, and only then broadcast (`broadcastStored`); confirmations and resyncs are
 * Confirmations'.
 */
export class Room {
  readonly doc: Y.Doc;
  private readonly connections = new Map<RoomSocket, Connection>();
  private readonly guard: GuardedApply;
  private readonly presence: RoomPresence;
  private readonly confirmations: Confirmations;
  private readonly replies: SyncReplies;
  readonly counters: RoomCounters = { updatesDecoded: 0, updatesRejected: 0, awarenessRejected: 0, updatesReverted: 0, updatesDeferred: 0 };
  /** Which slice of the keepalive period this room's keepalive goes out in (RoomManager). */
  keepaliveSlot = 0;
  private readonly meta: MetaDiff;
  private destroyed = false;
  /** Locked: every editor acts as a viewer until the facilitator unlocks. */
  private locked = false;
  /** The canvas's workshop rounds (server/rounds), attached by the manager once loaded. */
  private rounds: RoundKeeper | null = null;

  constructor(
    readonly id: string,
    stored: readonly Uint8Array[],
    private readonly host: RoomHost,
    private readonly limits: RoomLimits,
    private readonly logger: Logger,
  ) {
    this.doc = new Y.Doc({ gc: true });
    applyStoredUpdates(this.doc, stored);
    this.meta = new MetaDiff(this.doc);
    this.guard = new GuardedApply(this.doc);
    this.presence = new RoomPresence(this.doc, this.counters, this.relayPresence);
    this.replies = new SyncReplies(this.doc);
    this.confirmations = new Confirmations((socket) => this.send(socket, this.replies.step1()));
    this.doc.on('update', this.onDocUpdate);
  }

  /** Attaches the canvas's rounds: from now on round messages go to them. */
  attachRounds(rounds: RoundKeeper): void {
    this.rounds = rounds;
  }

  /** Resolves once every round command in hand has been applied (before unloading). */
  roundsSettled(): Promise<void> {
    return this.rounds?.settled() ?? Promise.resolve();
  }

  /** The rounds as the store holds them (JSON each), for a download worker. */
  roundsJson(): string[] {
    return (this.rounds?.all ?? []).map((round) => JSON.stringify(round));
  }

  /** Every connection that speaks Stip's messages, with its effective role (round views). */
  /** The role a connection has now (the lock may have changed it), or null once it left. */
  roleOf(socket: RoomSocket): Role | null {
    const connection = this.connections.get(socket);
    return connection ? effectiveRole(connection.info.role, this.locked) : null;
  }

  *stipConnections(): Iterable<[RoomSocket, Role]> {
    for (const [socket, connection] of this.connections) {
      if (connection.info.stip) yield [socket, effectiveRole(connection.info.role, this.locked)];
    }
  }

  get awareness(): awarenessProtocol.Awareness {
    return this.presence.awareness;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Locks or unlocks; every connection learns its effective role at once (type 100). */
  setLocked(locked: boolean): void {
    if (this.locked === locked) return;
    this.locked = locked;
    for (const [socket, connection] of this.connections) {
      if (connection.info.stip) this.sendStip(socket, { type: 'role', role: effectiveRole(connection.info.role, locked), locked });
    }
    this.rounds?.rolesChanged();
  }

  /** Closes every connection that came in with `role`'s token (after a rotation: 4401). */
  disconnectRole(role: Role, code: CloseCodeEntry): void {
    for (const [socket, connection] of [...this.connections]) {
      if (connection.info.role !== role) continue;
      socket.close(code);
      this.leave(socket);
    }
  }

  /** Adds a connection and starts the sync: our state vector, then everyone's awareness. */
  join(socket: RoomSocket, info: ConnectionInfo): void {
    this.connections.set(socket, { info, limiter: new RateLimiter(this.limits) });
    this.presence.join(socket, info.role);
    this.confirmations.join(socket, info.stip);
    if (info.stip) {
      this.sendStip(socket, { type: 'role', role: effectiveRole(info.role, this.locked), locked: this.locked });
      this.sendStip(socket, { type: 'time', now: Date.now() });
      if (this.host.storageFailing) this.sendStip(socket, { type: 'storage', failing: true });
      this.rounds?.joined(socket, effectiveRole(info.role, this.locked));
    }
    this.send(socket, this.replies.step1());
    const states = this.presence.allStates();
    if (states) this.send(socket, states);
  }

  /** Handles one frame. A malformed one closes this connection only; nothing else changes. */
  receive(socket: RoomSocket, data: Uint8Array): void {
    const connection = this.connections.get(socket);
    if (!connection) return;
    if (!connection.limiter.take(data.byteLength)) {
      this.logger.warn('closing a connection over its message rate', { room: this.id });
      socket.closeForFlooding();
      this.leave(socket);
      return;
    }
    this.presence.heard(socket);
    try {
      this.handle(socket, connection, data);
    } catch (error) {
      this.closeMalformed(socket, 'message', error);
    }
  }

  private closeMalformed(socket: RoomSocket, what: string, error: unknown): void {
    this.logger.warn(`closing connection after a malformed ${what}`, {
      room: this.id,
      reason: error instanceof Error ? error.message.slice(0, 120) : 'unknown',
    });
    socket.close(CloseCode.malformed);
    this.leave(socket);
  }

  private handle(socket: RoomSocket, connection: Connection, data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync:
        this.handleSync(socket, connection, decoder);
        return;
      case MessageType.awareness:
        this.presence.receive(socket, decoding.readVarUint8Array(decoder));
        return;
      case MessageType.queryAwareness: {
        const answer = this.presence.answerQuery(socket);
        if (answer) this.send(socket, answer);
        return;
      }
      case MessageType.stip: {
        // Only clients that asked for Stip's messages speak them; to anyone else it is unknown.
        if (!connection.info.stip) throw new MalformedMessage(`unknown message type ${type}`);
        const decoded = decodeStipClientMessage(data);
        if (!decoded.ok) throw new MalformedMessage(decoded.error);
        const message = decoded.message;
        const role = effectiveRole(connection.info.role, this.locked);
        if (message.type === 'ping') this.sendStip(socket, { type: 'time', now: Date.now(), ping: message.ping });
        else if (!this.rounds) this.sendStip(socket, { type: 'round:refused', error: 'no_round' });
        else if (message.type === 'round:hello') this.rounds.hello(socket, role, message);
        else this.rounds.command(socket, message);
        return;
      }
      default:
        throw new MalformedMessage(`unknown message type ${type}`);
    }
  }

  private handleSync(socket: RoomSocket, connection: Connection, decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    switch (syncType) {
      case syncProtocol.messageYjsSyncStep1: {
        const stateVector = decoding.readVarUint8Array(decoder);
        // A malformed state vector fails here, where it closes only this connection.
        Y.decodeStateVector(stateVector);
        // The reply may reveal updates of this event-loop turn, so it waits for their commit.
        // Every step 1 of a turn shares that one transaction: a restart brings hundreds at once.
        // While the store fails, no commit comes: the joiner gets what is stored instead.
        if (this.host.storageFailing) void this.answerFromStore(socket, stateVector);
        else this.host.afterCommit(() => this.answerStep1(socket, stateVector));
        return;
      }
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate: {
        const update = decoding.readVarUint8Array(decoder);
        this.receiveUpdate(socket, connection, update, syncType === syncProtocol.messageYjsSyncStep2);
        return;
      }
      default:
        throw new MalformedMessage(`unknown sync message type ${syncType}`);
    }
  }

  /**
   * One sync step 2 or update from a connection, judged by what it does once Yjs integrates
   * it (docs/ARCHITECTURE.md, "How updates are judged"):
   * 1. A viewer's token never writes: dropped unread (an honest viewer sends none).
   * 2. Decoded first: a corrupt update fails before anything of it is applied.
   * 3. Refused whole, and the sender asked to sync again, when Yjs could not integrate all of
   *    it now (a missing dependency, a deletion of clocks the server lacks) or when it adds
   *    structs under a client id another live connection writes or announced as its own.
   * 4. Applied; what the connection may not change is taken back at once as the server's own
   *    change (GuardedApply), and the author is told.
   */
  private receiveUpdate(socket: RoomSocket, connection: Connection, update: Uint8Array, isStep2: boolean): void {
    if (connection.info.role === 'viewer') return;
    const bytes = this.host.bytesOf(this);
    if (bytes + update.byteLength > this.limits.maxCanvasBytes) {
      this.logger.warn('refusing growth past MAX_CANVAS_BYTES', { room: this.id, bytes });
      socket.close(CloseCode.canvasTooLarge);
      this.leave(socket);
      return;
    }
    this.counters.updatesDecoded += 1;
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      decoded = Y.decodeUpdate(update);
    } catch (error) {
      this.counters.updatesRejected += 1;
      throw error;
    }
    const answersResync = this.confirmations.received(socket, isStep2);
    const check = checkUpdate(this.doc, decoded);
    if (check.incomplete !== null || this.presence.claimedByOther(socket, check.newClients, this.waitsForResync)) {
      this.counters.updatesDeferred += 1;
      this.confirmations.askResync(socket);
      return;
    }
    const scope = this.writeScope(connection);
    const reverted = this.guard.apply(update, socket, scope);
    if (hasPending(this.doc)) {
      // Only a forged update gets here (dependencies in a cycle): what Yjs parked is dropped.
      dropPending(this.doc);
      this.counters.updatesDeferred += 1;
      this.confirmations.askResync(socket);
      return;
    }
    if (reverted) {
      this.counters.updatesReverted += 1;
      const reason = reverted === 'invalidStyle' ? 'invalidStyle' : scope === 'nothing' ? 'locked' : 'facilitatorOnly';
      if (connection.info.stip) this.sendStip(socket, { type: 'refused', reason });
    }
    if (this.confirmations.integrated(socket, answersResync)) this.host.confirmAfterCommit(this);
  }

  private readonly waitsForResync = (socket: RoomSocket): boolean => this.confirmations.waitsForResync(socket);

  /** What GuardedApply lets a connection change: the lock rule is `effectiveRole`'s. */
  private writeScope(connection: Connection): WriteScope {
    const role = effectiveRole(connection.info.role, this.locked);
    return role === 'facilitator' ? 'everything' : role === 'editor' ? 'content' : 'nothing';
  }

  /** Sync step 2 for a connection's step 1: what it lacks of the stored document. */
  private answerStep1(socket: RoomSocket, stateVector: Uint8Array): void {
    if (!this.connections.has(socket)) return;
    let reply: Uint8Array;
    try {
      reply = this.replies.step2(stateVector);
    } catch (error) {
      this.closeMalformed(socket, 'state vector', error);
      return;
    }
    this.send(socket, reply);
  }

  /**
   * A step 1 answered from the store's rows, not the document: while commits fail, the document
   * holds updates nobody else may see yet. Those reach the joiner when they are stored, as
   * everyone's do.
   */
  private async answerFromStore(socket: RoomSocket, stateVector: Uint8Array): Promise<void> {
    let rows: readonly Uint8Array[];
    try {
      rows = await this.host.loadStored(this);
    } catch {
      // The store cannot even be read: the answer waits for the next commit, as usual.
      this.host.afterCommit(() => this.answerStep1(socket, stateVector));
      return;
    }
    if (!this.connections.has(socket) || this.destroyed) return;
    const stored = new Y.Doc();
    try {
      applyStoredUpdates(stored, rows);
      this.send(socket, step2Frame(stored, stateVector));
    } finally {
      stored.destroy();
    }
  }

  /** Removes a connection and the awareness states it controlled. */
  leave(socket: RoomSocket): void {
    if (!this.connections.delete(socket)) return;
    this.rounds?.left(socket);
    this.confirmations.leave(socket);
    this.presence.leave(socket);
    if (this.connections.size === 0) this.host.roomEmptied(this);
  }

  /** Called by the host once `update` is stored: now everyone else may see it. */
  broadcastStored(update: Uint8Array, origin: unknown): void {
    if (this.connections.size === 0) return;
    const message = this.replies.update(update);
    for (const socket of this.connections.keys()) {
      if (socket !== origin) this.send(socket, message);
    }
  }

  /** Called by the host as it takes a commit: what each connection has accepted is in it. */
  sealConfirmations(): void {
    this.confirmations.seal();
  }

  /**
   * Called by the host once that commit succeeded: each stip client whose count moved learns
   * it (type 100 `stored`, clock = messages stored).
   */
  confirmStored(): void {
    this.confirmations.confirm((socket, clock) => this.sendStip(socket, { type: 'stored', clock }));
  }

  /** Tells every stip client that the server cannot store now, or can again. */
  storageFailing(failing: boolean): void {
    for (const [socket, connection] of this.connections) {
      if (connection.info.stip) this.sendStip(socket, { type: 'storage', failing });
    }
  }

  /** Sends a y-protocols message to every connection, e.g. the keepalive. */
  sendToAll(message: Uint8Array): void {
    for (const socket of this.connections.keys()) this.send(socket, message);
  }

  /** Title, subtitle and language as the document has them now, if they changed since last asked. */
  takeChangedMeta(): CanvasMeta | null {
    return this.meta.takeChanged();
  }

  readMeta(): CanvasMeta {
    return this.meta.read();
  }

  /**
   * An update another process stored (OtherProcesses) as `rows`: applied here, then, through
   * the host, sent to every connection, and counted but not stored again.
   */
  applyStoredElsewhere(updates: readonly Uint8Array[], rows: readonly number[]): void {
    if (this.destroyed) return;
    applyStoredUpdates(this.doc, updates, STORED_ELSEWHERE);
    this.host.coverRows(this, rows);
  }

  /** A presence message of another process's connections of this canvas: passed on as it is. */
  relayFromElsewhere(message: Uint8Array): void {
    if (!this.destroyed) this.sendToAll(message);
  }

  /** Another process stored this canvas's rounds: everyone's view of them as `read` finds them. */
  roundsChangedElsewhere(read: () => Promise<readonly StoredRound[]>): void {
    if (!this.destroyed) this.rounds?.reload(read);
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Closes every connection with `code` and frees the document. */
  destroy(code?: CloseCodeEntry): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.rounds?.stop();
    this.confirmations.destroy();
    if (code) for (const socket of this.connections.keys()) socket.close(code);
    this.connections.clear();
    this.guard.destroy();
    this.doc.off('update', this.onDocUpdate);
    this.presence.destroy();
    this.doc.destroy();
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.replies.changed();
    this.host.enqueueUpdate(this, update, origin);
  };

  /**
   * Presence changes are sent with this turn's stored updates: a caret then never arrives
   * before the text it is in, and each connection gets this turn's messages in one write.
   */
  private readonly relayPresence = (message: Uint8Array, origin: unknown): void => {
    this.host.publishPresence(this, message);
    if (this.connections.size === 0) return;
    const relay = () => {
      if (this.destroyed) return;
      for (const socket of this.connections.keys()) {
        if (socket !== origin) this.send(socket, message);
      }
    };
    // While the store fails no commit comes: presence goes out at once rather than pile up.
    if (this.host.storageFailing) relay();
    else this.host.afterCommit(relay);
  };

  sendStip(socket: RoomSocket, message: StipMessage): void {
    this.send(socket, encodeStipMessage(message));
  }

  private send(socket: RoomSocket, message: Uint8Array): void {
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      // A client that cannot keep up would make the server hold its backlog forever.
      socket.close(CloseCode.tooSlow);
      this.leave(socket);
      return;
    }
    socket.send(message);
  }
}
