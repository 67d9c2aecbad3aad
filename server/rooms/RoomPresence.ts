import type * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType, type Role } from '../../shared/protocol';
import { encodeAwarenessEntries, onlyKnownStates, readAwarenessUpdate } from './awarenessGuard';
import type { RoomSocket } from './RoomSocket';

/**
 * Presence bounds (issue 15): client ids one connection may speak for (its own, and the tabs of
 * its browser that y-websocket forwards), states a room holds, and how often a connection's
 * query-awareness is answered. With MAX_STATE_BYTES they bound what a joiner is sent first.
 */
export const MAX_AWARENESS_IDS_PER_CONNECTION = 8;
export const MAX_AWARENESS_STATES_PER_ROOM = 256;
const QUERY_AWARENESS_INTERVAL_MS = 500;
/**
 * A connection's claim on a client id lapses when it has sent nothing for this long
 * (y-websocket renews its awareness every 15 s), so a socket that died without closing never
 * blocks its own page's edits, reloaded under a new connection.
 */
const CLAIM_LAPSE_MS = 35_000;

interface Member {
  role: Role;
  /** Awareness client ids this connection has announced; removed when it leaves. */
  clientIds: Set<number>;
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
}

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
 * A room's awareness and who may speak for which client id: the states each connection
 * announced, the Yjs client id each declared as its own, and the bounds above. Changes go out
 * through `relay` (the room sends them with the turn's stored updates).
 */
export class RoomPresence {
  readonly awareness: awarenessProtocol.Awareness;
  private readonly members = new Map<RoomSocket, Member>();
  /** Which connection announced each awareness client id: no one speaks for another. */
  private readonly clientOwner = new Map<number, RoomSocket>();
  /** Which connection declared each Yjs client id as its own (see `Member.ownId`). */
  private readonly ownIds = new Map<number, RoomSocket>();

  constructor(
    doc: Y.Doc,
    private readonly counters: { awarenessRejected: number },
    private readonly relay: (message: Uint8Array, origin: unknown) => void,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  join(socket: RoomSocket, role: Role): void {
    this.members.set(socket, { role, clientIds: new Set(), ownId: undefined, lastHeard: Date.now(), lastQueryAnswered: 0 });
  }

  /** The connection sent something: its claims stay live. */
  heard(socket: RoomSocket): void {
    const member = this.members.get(socket);
    if (member) member.lastHeard = Date.now();
  }

  /** Every state the room holds, for a joiner; null when there is none. */
  allStates(): Uint8Array | null {
    const states = this.awareness.getStates();
    return states.size > 0 ? this.awarenessMessage([...states.keys()]) : null;
  }

  /** The answer to a query-awareness, at most twice a second (each carries the whole room's presence). */
  answerQuery(socket: RoomSocket): Uint8Array | null {
    const member = this.members.get(socket);
    const now = Date.now();
    if (!member || now - member.lastQueryAnswered < QUERY_AWARENESS_INTERVAL_MS) return null;
    member.lastQueryAnswered = now;
    return this.awarenessMessage([...this.awareness.getStates().keys()]);
  }

  /**
   * Relays a connection's own awareness states. Malformed states, names that are too long,
   * colours that are not #rrggbb, or a newer state for another connection's client id are
   * dropped, never relayed. y-websocket clients echo the states they receive from others;
   * those echoes (a clock we already have) are ignored without counting as rejected.
   */
  receive(socket: RoomSocket, update: Uint8Array): void {
    const member = this.members.get(socket);
    if (!member) return;
    // A viewer never writes, so it claims no client id (it could block someone else's otherwise).
    if (member.ownId === undefined) {
      if (member.role === 'viewer') member.ownId = null;
      else this.declareOwnId(socket, member, update);
    }
    if (onlyKnownStates(update, this.awareness.meta)) return;
    const entries = readAwarenessUpdate(update);
    if (!entries) {
      this.counters.awarenessRejected += 1;
      return;
    }
    // Its own id is always the connection's, even if another tab of the same browser forwarded
    // that state first (y-websocket forwards what it hears over BroadcastChannel).
    const own = entries.filter((e) => e.clientId === member.ownId || (this.clientOwner.get(e.clientId) ?? socket) === socket);
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
    let memberIds = member.clientIds.size;
    const kept = own.filter((entry) => {
      if (member.clientIds.has(entry.clientId) || states.has(entry.clientId)) return true;
      if (memberIds >= MAX_AWARENESS_IDS_PER_CONNECTION || roomStates >= MAX_AWARENESS_STATES_PER_ROOM) return false;
      memberIds += 1;
      roomStates += 1;
      return true;
    });
    if (kept.length < own.length) this.counters.awarenessRejected += 1;
    if (kept.length === 0) return;
    for (const entry of kept) {
      this.clientOwner.set(entry.clientId, socket);
      member.clientIds.add(entry.clientId);
    }
    const relayed = kept.length === entries.length ? update : encodeAwarenessEntries(kept);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, relayed, socket);
  }

  /**
   * Whether one of `clients` is the own client id of another live connection. A claim whose
   * owner waits for a resync itself does not count: two tabs that both edited offline carry
   * each other's edits, and each one's answer would otherwise wait for the other's for ever.
   */
  claimedByOther(socket: RoomSocket, clients: number[], waitsForResync: (owner: RoomSocket) => boolean): boolean {
    for (const client of clients) {
      const owner = this.ownIds.get(client);
      if (!owner || owner === socket || !this.isLive(owner)) continue;
      if (!waitsForResync(owner)) return true;
    }
    return false;
  }

  /** Forgets a connection and removes the awareness states it still controls. */
  leave(socket: RoomSocket): void {
    const member = this.members.get(socket);
    if (!member) return;
    this.members.delete(socket);
    if (member.ownId != null && this.ownIds.get(member.ownId) === socket) this.ownIds.delete(member.ownId);
    // Only the states this connection still controls go with it (another may have taken one over).
    const controlled = [...member.clientIds].filter((id) => this.clientOwner.get(id) === socket);
    for (const id of controlled) this.clientOwner.delete(id);
    if (controlled.length > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, controlled, null);
    }
  }

  destroy(): void {
    this.members.clear();
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
  }

  /** Connected and heard from lately: a socket that died without closing stops counting. */
  private isLive(socket: RoomSocket): boolean {
    const member = this.members.get(socket);
    return member !== undefined && Date.now() - member.lastHeard < CLAIM_LAPSE_MS;
  }

  /** Takes the first client id of a connection's first awareness message as its own. */
  private declareOwnId(socket: RoomSocket, member: Member, update: Uint8Array): void {
    const id = firstAwarenessClient(update);
    const holder = id === null ? undefined : this.ownIds.get(id);
    if (id === null || (holder && holder !== socket && this.isLive(holder))) {
      member.ownId = null;
      return;
    }
    member.ownId = id;
    this.ownIds.set(id, socket);
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const member = origin ? this.members.get(origin as RoomSocket) : undefined;
    if (member) {
      for (const id of added) member.clientIds.add(id);
      for (const id of removed) member.clientIds.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0 || this.members.size === 0) return;
    this.relay(this.awarenessMessage(changed), origin);
  };

  private awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }
}
