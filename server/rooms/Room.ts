import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import {
  CloseCode,
  MessageType,
  canvasLanguage,
  stipClientMessageSchema,
  subtitleText,
  titleText,
  type Role,
  type StipMessage,
} from '../../shared/index';
import type { Logger } from '../logger';
import type { CanvasMeta } from '../storage/Storage';
import { encodeAwarenessEntries, onlyKnownStates, readAwarenessUpdate } from './awarenessGuard';
import { encodeIntegratedState } from './integratedState';
import { RateLimiter, type RateLimits } from './RateLimiter';
import type { ConnectionInfo, RoomSocket } from './RoomSocket';
import { GuardedApply, type WriteScope } from './GuardedApply';
import { checkUpdate, dropPending, hasPending } from './updateCheck';
import { applyStoredUpdates } from './storedUpdates';

/** The close reason (with 1013) of a connection over its message or byte rate. */
export const OVER_RATE_REASON = 'too many messages';

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
}

interface Connection {
  info: ConnectionInfo;
  limiter: RateLimiter;
  /** Awareness client ids this connection has announced; removed when it leaves. */
  clientIds: Set<number>;
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
  /**
   * The Yjs client id this connection declared as its own: the first one in its first awareness
   * message (y-websocket sends its own state, under its document's client id, as soon as the
   * socket opens; states it forwards from other tabs come later). No other live connection may
   * add structs under it. Undefined until that message, null if another connection had it.
   */
  ownId: number | null | undefined;
  /** When this connection last sent anything (its claims on client ids lapse without it). */
  lastHeard: number;
  /** When this connection's query-awareness was last answered. */
  lastQueryAnswered: number;
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
 * Presence bounds (issue 15): client ids one connection may speak for (its own, and the tabs of
 * its browser that y-websocket forwards), states a room holds, and how often a connection's
 * query-awareness is answered. With MAX_STATE_BYTES they bound what a joiner is sent first.
 */
export const MAX_AWARENESS_IDS_PER_CONNECTION = 8;
export const MAX_AWARENESS_STATES_PER_ROOM = 256;
const QUERY_AWARENESS_INTERVAL_MS = 500;

/** First wait before asking a connection to sync again, doubling up to the maximum. */
const RESYNC_FIRST_MS = 50;
const RESYNC_MAX_MS = 5_000;
/**
 * A connection's claim on a client id lapses when it has sent nothing for this long
 * (y-websocket renews its awareness every 15 s), so a socket that died without closing never
 * blocks its own page's edits, reloaded under a new connection.
 */
const CLAIM_LAPSE_MS = 35_000;

class MalformedMessage extends Error {}

/** The first client id of an awareness update, or null when it holds none or is unreadable. */
function firstAwarenessClient(update: Uint8Array): number | null {
  try {
    const decoder = decoding.createDecoder(update);
    return decoding.readVarUint(decoder) > 0 ? decoding.readVarUint(decoder) : null;
  } catch {
    return null;
  }
}

/**
 * A client's type-100 message. Neither JSON.parse's nor zod's error goes further: both quote
 * the input, which may hold a token (it would reach the log).
 */
function parseStipClientMessage(text: string): ReturnType<typeof stipClientMessageSchema.parse> {
  try {
    return stipClientMessageSchema.parse(JSON.parse(text));
  } catch {
    throw new MalformedMessage('malformed Stip message');
  }
}

/**
 * One loaded canvas: its Y.Doc, awareness and connections. Speaks y-protocols. Updates are
 * applied here, stored by the host, and only then broadcast (`broadcastStored`).
 */
export class Room {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  private readonly connections = new Map<RoomSocket, Connection>();
  private readonly guard: GuardedApply;
  /** Which connection announced each awareness client id: no one speaks for another. */
  private readonly clientOwner = new Map<number, RoomSocket>();
  /** Which connection declared each Yjs client id as its own (see `Connection.ownId`). */
  private readonly ownIds = new Map<number, RoomSocket>();
  readonly counters: RoomCounters = { updatesDecoded: 0, updatesRejected: 0, awarenessRejected: 0, updatesReverted: 0, updatesDeferred: 0 };
  /** Which slice of the keepalive period this room's keepalive goes out in (RoomManager). */
  keepaliveSlot = 0;
  private lastMeta: CanvasMeta;
  private destroyed = false;
  /**
   * Sync step 2 for an empty state vector (everyone who opens the canvas for the first time),
   * kept until the document changes: at the start of a workshop thirty people join a canvas
   * nobody is typing in yet, and a big canvas costs tens of milliseconds to encode.
   */
  private fullStateReply: Uint8Array | null = null;
  /** Locked: every editor acts as a viewer until the facilitator unlocks. */
  private locked = false;

  constructor(
    readonly id: string,
    stored: readonly Uint8Array[],
    private readonly host: RoomHost,
    private readonly limits: RoomLimits,
    private readonly logger: Logger,
  ) {
    this.doc = new Y.Doc({ gc: true });
    applyStoredUpdates(this.doc, stored);
    this.lastMeta = this.readMeta();
    this.guard = new GuardedApply(this.doc);
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** What a connection may do now: a locked canvas makes editors viewers. */
  private effectiveRole(connection: Connection): Role {
    return this.locked && connection.info.role === 'editor' ? 'viewer' : connection.info.role;
  }

  /** Locks or unlocks; every connection learns its effective role at once (type 100). */
  setLocked(locked: boolean): void {
    if (this.locked === locked) return;
    this.locked = locked;
    for (const [socket, connection] of this.connections) {
      if (connection.info.stip) this.sendStip(socket, { type: 'role', role: this.effectiveRole(connection), locked });
    }
  }

  /** Closes every connection that came in with `role`'s token (after a rotation: 4401). */
  disconnectRole(role: Role, code: { code: number; reason: string }): void {
    for (const [socket, connection] of [...this.connections]) {
      if (connection.info.role !== role) continue;
      socket.close(code.code, code.reason);
      this.leave(socket);
    }
  }

  /** Adds a connection and starts the sync: our state vector, then everyone's awareness. */
  join(socket: RoomSocket, info: ConnectionInfo): void {
    const connection: Connection = {
      info,
      clientIds: new Set(),
      limiter: new RateLimiter(this.limits),
      received: 0,
      accepted: 0,
      sealed: 0,
      confirmed: 0,
      ownId: undefined,
      lastHeard: Date.now(),
      lastQueryAnswered: 0,
      resync: { outstanding: false, asked: false, timer: null, delayMs: RESYNC_FIRST_MS },
    };
    this.connections.set(socket, connection);
    if (info.stip) {
      this.sendStip(socket, { type: 'role', role: this.effectiveRole(connection), locked: this.locked });
      this.sendStip(socket, { type: 'time', now: Date.now() });
      if (this.host.storageFailing) this.sendStip(socket, { type: 'storage', failing: true });
    }
    const sync = encoding.createEncoder();
    encoding.writeVarUint(sync, MessageType.sync);
    syncProtocol.writeSyncStep1(sync, this.doc);
    this.send(socket, encoding.toUint8Array(sync));
    const states = this.awareness.getStates();
    if (states.size > 0) {
      this.send(socket, this.awarenessMessage([...states.keys()]));
    }
  }

  /** Handles one frame. A malformed one closes this connection only; nothing else changes. */
  receive(socket: RoomSocket, data: Uint8Array): void {
    const connection = this.connections.get(socket);
    if (!connection) return;
    if (!connection.limiter.take(data.byteLength)) {
      this.logger.warn('closing a connection over its message rate', { room: this.id });
      socket.close(CloseCode.overloaded.code, OVER_RATE_REASON);
      this.leave(socket);
      return;
    }
    connection.lastHeard = Date.now();
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
    socket.close(CloseCode.malformed.code, CloseCode.malformed.reason);
    this.leave(socket);
  }

  private handle(socket: RoomSocket, connection: Connection, data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync:
        this.handleSync(socket, connection, decoder);
        return;
      case MessageType.awareness: {
        const update = decoding.readVarUint8Array(decoder);
        this.handleAwareness(socket, connection, update);
        return;
      }
      case MessageType.queryAwareness: {
        // Answered at most twice a second: each answer carries the whole room's presence.
        const now = Date.now();
        if (now - connection.lastQueryAnswered < QUERY_AWARENESS_INTERVAL_MS) return;
        connection.lastQueryAnswered = now;
        this.send(socket, this.awarenessMessage([...this.awareness.getStates().keys()]));
        return;
      }
      case MessageType.stip: {
        // Only clients that asked for Stip's messages speak them; to anyone else it is unknown.
        if (!connection.info.stip) throw new MalformedMessage(`unknown message type ${type}`);
        const message = parseStipClientMessage(decoding.readVarString(decoder));
        this.sendStip(socket, { type: 'time', now: Date.now(), ping: message.ping });
        return;
      }
      default:
        throw new MalformedMessage(`unknown message type ${type}`);
    }
  }

  /**
   * Relays a connection's own awareness states. Malformed states, names that are too long,
   * colours that are not #rrggbb, or a newer state for another connection's client id are
   * dropped, never relayed. y-websocket clients echo the states they receive from others;
   * those echoes (a clock we already have) are ignored without counting as rejected.
   */
  private handleAwareness(socket: RoomSocket, connection: Connection, update: Uint8Array): void {
    // A viewer never writes, so it claims no client id (it could block someone else's otherwise).
    if (connection.ownId === undefined) {
      if (connection.info.role === 'viewer') connection.ownId = null;
      else this.declareOwnId(socket, connection, update);
    }
    if (onlyKnownStates(update, this.awareness.meta)) return;
    const entries = readAwarenessUpdate(update);
    if (!entries) {
      this.counters.awarenessRejected += 1;
      return;
    }
    // Its own id is always the connection's, even if another tab of the same browser forwarded
    // that state first (y-websocket forwards what it hears over BroadcastChannel).
    const own = entries.filter((e) => e.clientId === connection.ownId || (this.clientOwner.get(e.clientId) ?? socket) === socket);
    if (own.length < entries.length) {
      const known = this.awareness.meta;
      const impostor = entries.some(
        (e) => !own.includes(e) && e.clock > (known.get(e.clientId)?.clock ?? Number.NEGATIVE_INFINITY),
      );
      if (impostor) {
        this.counters.awarenessRejected += 1;
        return;
      }
      if (own.length === 0) return;
    }
    // New ids past the connection's or the room's bound are dropped (not relayed, not kept).
    const states = this.awareness.getStates();
    let roomStates = states.size;
    let connectionIds = connection.clientIds.size;
    const kept = own.filter((entry) => {
      if (connection.clientIds.has(entry.clientId) || states.has(entry.clientId)) return true;
      if (connectionIds >= MAX_AWARENESS_IDS_PER_CONNECTION || roomStates >= MAX_AWARENESS_STATES_PER_ROOM) return false;
      connectionIds += 1;
      roomStates += 1;
      return true;
    });
    if (kept.length < own.length) this.counters.awarenessRejected += 1;
    if (kept.length === 0) return;
    for (const entry of kept) {
      this.clientOwner.set(entry.clientId, socket);
      connection.clientIds.add(entry.clientId);
    }
    const relayed = kept.length === entries.length ? update : encodeAwarenessEntries(kept);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, relayed, socket);
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
        this.host.afterCommit(() => this.answerStep1(socket, stateVector));
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
      socket.close(CloseCode.tooLarge.code, 'canvas too large');
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
    connection.received += 1;
    const answersResync = isStep2 && connection.resync.asked;
    if (answersResync) connection.resync.asked = false;
    const check = checkUpdate(this.doc, decoded);
    if (check.incomplete !== null || this.claimedByOther(socket, check.newClients)) {
      this.counters.updatesDeferred += 1;
      this.askResync(socket, connection);
      return;
    }
    const scope = this.writeScope(connection);
    const reverted = this.guard.apply(update, socket, scope);
    if (hasPending(this.doc)) {
      // Only a forged update gets here (dependencies in a cycle): what Yjs parked is dropped.
      dropPending(this.doc);
      this.counters.updatesDeferred += 1;
      this.askResync(socket, connection);
      return;
    }
    if (reverted) {
      this.counters.updatesReverted += 1;
      if (connection.info.stip) this.sendStip(socket, { type: 'refused', reason: scope === 'nothing' ? 'locked' : 'facilitatorOnly' });
    }
    if (answersResync) {
      // The answer carries everything the connection had, so everything it sent is in.
      connection.resync.outstanding = false;
      connection.resync.delayMs = RESYNC_FIRST_MS;
    }
    if (!connection.resync.outstanding) {
      connection.accepted = connection.received;
      if (connection.info.stip) this.host.confirmAfterCommit(this);
    }
  }

  private writeScope(connection: Connection): WriteScope {
    if (connection.info.role === 'facilitator') return 'everything';
    return this.locked ? 'nothing' : 'content';
  }

  /**
   * Whether one of `clients` is the own client id of another live connection. A claim whose
   * owner waits for a resync itself does not count: two tabs that both edited offline carry
   * each other's edits, and each one's answer would otherwise wait for the other's for ever.
   */
  private claimedByOther(socket: RoomSocket, clients: number[]): boolean {
    for (const client of clients) {
      const owner = this.ownIds.get(client);
      if (!owner || owner === socket || !this.isLive(owner)) continue;
      if (!this.connections.get(owner)!.resync.outstanding) return true;
    }
    return false;
  }

  /** Connected and heard from lately: a socket that died without closing stops counting. */
  private isLive(socket: RoomSocket): boolean {
    const connection = this.connections.get(socket);
    return connection !== undefined && Date.now() - connection.lastHeard < CLAIM_LAPSE_MS;
  }

  /** Takes the first client id of a connection's first awareness message as its own. */
  private declareOwnId(socket: RoomSocket, connection: Connection, update: Uint8Array): void {
    const id = firstAwarenessClient(update);
    const holder = id === null ? undefined : this.ownIds.get(id);
    if (id === null || (holder && holder !== socket && this.isLive(holder))) {
      connection.ownId = null;
      return;
    }
    connection.ownId = id;
    this.ownIds.set(id, socket);
  }

  /**
   * Asks a connection for a sync step 2 after a short wait (doubling while its answers still
   * cannot be integrated): meanwhile the part it built on usually arrives from where it came
   * from (another tab of the same browser shares its edits over BroadcastChannel).
   */
  private askResync(socket: RoomSocket, connection: Connection): void {
    const resync = connection.resync;
    resync.outstanding = true;
    if (resync.timer) return;
    resync.timer = setTimeout(() => {
      resync.timer = null;
      if (!this.connections.has(socket)) return;
      resync.asked = true;
      resync.delayMs = Math.min(resync.delayMs * 2, RESYNC_MAX_MS);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.sync);
      syncProtocol.writeSyncStep1(encoder, this.doc);
      this.send(socket, encoding.toUint8Array(encoder));
    }, resync.delayMs);
  }

  /** Sync step 2 for a connection's step 1: what it lacks of the stored document. */
  private answerStep1(socket: RoomSocket, stateVector: Uint8Array): void {
    if (!this.connections.has(socket)) return;
    try {
      const empty = stateVector.length === 1 && stateVector[0] === 0;
      if (empty && this.fullStateReply) {
        this.send(socket, this.fullStateReply);
        return;
      }
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MessageType.sync);
      encoding.writeVarUint(reply, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(reply, encodeIntegratedState(this.doc, stateVector));
      const message = encoding.toUint8Array(reply);
      if (empty) this.fullStateReply = message;
      this.send(socket, message);
    } catch (error) {
      this.closeMalformed(socket, 'state vector', error);
    }
  }

  /** Removes a connection and the awareness states it controlled. */
  leave(socket: RoomSocket): void {
    const connection = this.connections.get(socket);
    if (!connection) return;
    this.connections.delete(socket);
    if (connection.resync.timer) clearTimeout(connection.resync.timer);
    if (connection.ownId != null && this.ownIds.get(connection.ownId) === socket) this.ownIds.delete(connection.ownId);
    // Only the states this connection still controls go with it (another may have taken one over).
    const controlled = [...connection.clientIds].filter((id) => this.clientOwner.get(id) === socket);
    for (const id of controlled) this.clientOwner.delete(id);
    if (controlled.length > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, controlled, null);
    }
    if (this.connections.size === 0) this.host.roomEmptied(this);
  }

  /** Called by the host once `update` is stored: now everyone else may see it. */
  broadcastStored(update: Uint8Array, origin: unknown): void {
    if (this.connections.size === 0) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeUpdate(encoder, update);
    const message = encoding.toUint8Array(encoder);
    for (const socket of this.connections.keys()) {
      if (socket !== origin) this.send(socket, message);
    }
  }

  /** Called by the host as it takes a commit: what each connection has accepted is in it. */
  sealConfirmations(): void {
    for (const connection of this.connections.values()) connection.sealed = connection.accepted;
  }

  /**
   * Called by the host once that commit succeeded: each stip client whose count moved learns
   * it (type 100 `stored`, clock = messages stored). Not `accepted`: what was accepted while
   * the commit was in flight is in the next one.
   */
  confirmStored(): void {
    for (const [socket, connection] of this.connections) {
      if (!connection.info.stip || connection.sealed === connection.confirmed) continue;
      connection.confirmed = connection.sealed;
      this.sendStip(socket, { type: 'stored', clock: connection.sealed });
    }
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
    const meta = this.readMeta();
    const last = this.lastMeta;
    if (meta.title === last.title && meta.subtitle === last.subtitle && meta.language === last.language) return null;
    this.lastMeta = meta;
    return meta;
  }

  readMeta(): CanvasMeta {
    return {
      title: titleText(this.doc).toString(),
      subtitle: subtitleText(this.doc).toString(),
      language: canvasLanguage(this.doc),
    };
  }

  /** Closes every connection with `code` and frees the document. */
  destroy(code?: { code: number; reason: string }): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const [socket, connection] of this.connections) {
      if (connection.resync.timer) clearTimeout(connection.resync.timer);
      if (code) socket.close(code.code, code.reason);
    }
    this.connections.clear();
    this.guard.destroy();
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.fullStateReply = null;
    this.host.enqueueUpdate(this, update, origin);
  };

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const connection = origin ? this.connections.get(origin as RoomSocket) : undefined;
    if (connection) {
      for (const id of added) connection.clientIds.add(id);
      for (const id of removed) connection.clientIds.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0 || this.connections.size === 0) return;
    const message = this.awarenessMessage(changed);
    // Sent with this turn's stored updates: a caret then never arrives before the text it is
    // in, and each connection gets this turn's messages in one write.
    this.host.afterCommit(() => {
      if (this.destroyed) return;
      for (const socket of this.connections.keys()) {
        if (socket !== origin) this.send(socket, message);
      }
    });
  };

  private awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }

  private sendStip(socket: RoomSocket, message: StipMessage): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.stip);
    encoding.writeVarString(encoder, JSON.stringify(message));
    this.send(socket, encoding.toUint8Array(encoder));
  }

  private send(socket: RoomSocket, message: Uint8Array): void {
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      // A client that cannot keep up would make the server hold its backlog forever.
      socket.close(CloseCode.overloaded.code, 'too slow');
      this.leave(socket);
      return;
    }
    socket.send(message);
  }
}
