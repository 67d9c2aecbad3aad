import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { exampleCanvas } from '../../shared/templates';
import { importCanvas } from '../../shared/canvasTransfer';
import { CloseCode, MessageType, type CloseCodeEntry, type Role, type StipMessage } from '../../shared/protocol';
import { StoredTracker } from '../../shared/storedTracker';
import { createLogger } from '../../server/logger';
import { RoomManager } from '../../server/rooms/RoomManager';
import type { Room } from '../../server/rooms/Room';
import type { RoomSocket } from '../../server/rooms/RoomSocket';
import { SqliteStorage } from '../../server/storage/SqliteStorage';
import { readStipMessageOrThrow } from './stipMessages';

/**
 * The server's rooms (RoomManager, Room, a real SQLite file) with clients that speak
 * y-protocols as y-websocket does, over in-memory sockets whose frames move only when the test
 * says so. Deterministic: a property test chooses who sends, who receives and when, and a
 * failing case replays from its seed. Timers (commit, resync) run on vitest's fake clock.
 */
export class SimulatedWorld {
  readonly clients: SimulatedClient[] = [];
  static readonly canvasId = 'simulated-canvas-0000';

  private constructor(
    readonly storage: SqliteStorage,
    readonly manager: RoomManager,
    readonly room: Room,
    private readonly dir: string,
  ) {}

  static async create(): Promise<SimulatedWorld> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-sim-'));
    const storage = new SqliteStorage(dir);
    const doc = new Y.Doc();
    doc.clientID = 2;
    let pillar = 0;
    importCanvas(doc, exampleCanvas('nl'), () => `p${pillar++}`);
    await storage.createCanvas(
      {
        id: SimulatedWorld.canvasId,
        title: 'Simulatie',
        subtitle: '',
        language: 'nl',
        locked: false,
        tokens: { facilitator: 'f', editor: 'e', viewer: 'v' },
        published: null,
        createdAt: 0,
        updatedAt: 0,
      },
      Y.encodeStateAsUpdate(doc),
    );
    doc.destroy();
    const manager = new RoomManager(
      storage,
      {
        compactAfterUpdates: 200,
        compactAfterBytes: 1 << 20,
        roomIdleMs: 60_000,
        keepaliveMs: 15_000,
        maxCanvasBytes: 64 << 20,
        maxFrameBytes: 16 << 20,
        maxMessagesPerSecond: 1_000_000,
      },
      createLogger('silent'),
    );
    const room = await manager.open(SimulatedWorld.canvasId);
    // Yjs breaks ties by client id: fixed ids make a generated case replay exactly.
    room.doc.clientID = 1;
    return new SimulatedWorld(storage, manager, room, dir);
  }

  addClient(role: Role): SimulatedClient {
    const client = new SimulatedClient(this, role, 100 + this.clients.length);
    this.clients.push(client);
    return client;
  }

  /** The document as the SQLite file holds it now. */
  async storedDoc(): Promise<Y.Doc> {
    const { updates } = await this.storage.loadUpdates(SimulatedWorld.canvasId);
    const doc = new Y.Doc();
    Y.transact(doc, () => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    return doc;
  }

  /**
   * Moves every connected client's frames and the timers (through `advance`, e.g. vitest's
   * fake clock) until nothing has moved for three rounds: resyncs included.
   */
  async settle(advance: (ms: number) => void): Promise<void> {
    let quiet = 0;
    for (let round = 0; round < 500 && quiet < 3; round++) {
      let moved = 0;
      for (const client of this.clients) while (client.deliverOne()) moved++;
      await this.commit();
      for (const client of this.clients) moved += client.receiveAll();
      advance(moved === 0 ? 6_000 : 60);
      quiet = moved === 0 ? quiet + 1 : 0;
    }
  }

  /** Commits what is pending (the manager's own turn, which fake timers would not run). */
  async commit(): Promise<void> {
    await this.manager.commitNow();
  }

  async dispose(): Promise<void> {
    for (const client of this.clients) client.disconnect();
    await this.manager.closeAll();
    await this.storage.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

class SimulatedSocket implements RoomSocket {
  readonly inbox: Uint8Array[] = [];
  closedWith: number | null = null;
  readonly bufferedAmount = 0;
  send(message: Uint8Array): void {
    if (this.closedWith === null) this.inbox.push(message);
  }
  close(code: CloseCodeEntry): void {
    this.closedWith ??= code.code;
  }
  closeForFlooding(): void {
    this.close(CloseCode.flooding);
  }
}

/** A peer as y-websocket is one: its own Y.Doc, a socket when online, a BroadcastChannel. */
export class SimulatedClient {
  readonly doc = new Y.Doc();
  readonly tracker = new StoredTracker();
  readonly stipMessages: StipMessage[] = [];
  /** Frames written to the socket, not yet read by the server. */
  outbox: Uint8Array[] = [];
  socket: SimulatedSocket | null = null;
  /** Tabs of the same browser: each local change reaches them at once (y-websocket's BroadcastChannel). */
  readonly channel: SimulatedClient[] = [];
  private readonly awareness: awarenessProtocol.Awareness;
  private renewal: NodeJS.Timeout | null = null;

  constructor(
    private readonly world: SimulatedWorld,
    readonly role: Role,
    clientId: number,
  ) {
    this.doc.clientID = clientId;
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      // What came from the server or a channel is not sent on (y-websocket: origin === provider).
      if (origin === this) return;
      for (const peer of this.channel) Y.applyUpdate(peer.doc, update, peer);
      if (this.socket) this.write(syncMessage((e) => syncProtocol.writeUpdate(e, update)));
      else this.tracker.changedLocally(false);
    });
  }

  get online(): boolean {
    return this.socket !== null;
  }

  /** Opens a socket: step 1 and the awareness state go out first, as y-websocket sends them. */
  connect(): void {
    if (this.socket) return;
    this.socket = new SimulatedSocket();
    this.tracker.socketOpened();
    this.world.room.join(this.socket, { role: this.role, stip: true });
    this.write(syncMessage((e) => syncProtocol.writeSyncStep1(e, this.doc)));
    this.announce();
    // y-websocket renews its awareness state every 15 s while connected.
    this.renewal = setInterval(() => this.announce(), 15_000);
  }

  private announce(): void {
    const frame = encoding.createEncoder();
    encoding.writeVarUint(frame, MessageType.awareness);
    this.awareness.setLocalState({});
    encoding.writeVarUint8Array(frame, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]));
    this.write(encoding.toUint8Array(frame));
  }

  /** Closes the socket; frames not yet read by the server are lost with it. */
  disconnect(): void {
    if (!this.socket) return;
    if (this.renewal) clearInterval(this.renewal);
    this.world.room.leave(this.socket);
    this.socket = null;
    this.outbox = [];
  }

  /** Writes any frame to the socket (a modified client may write anything). */
  write(frame: Uint8Array): void {
    if (!this.socket) return;
    this.outbox.push(frame);
    this.tracker.sent(frame);
  }

  /** The server reads this client's next frame; false when there was none. */
  deliverOne(): boolean {
    const frame = this.outbox.shift();
    if (!frame || !this.socket) return false;
    this.world.room.receive(this.socket, frame);
    if (this.socket.closedWith !== null) throw new Error(`the server closed a simulated client with ${this.socket.closedWith}`);
    return true;
  }

  /** This client reads everything the server sent it, answering as y-websocket does. */
  receiveAll(): number {
    if (!this.socket) return 0;
    const frames = this.socket.inbox.splice(0);
    for (const frame of frames) this.read(frame);
    return frames.length;
  }

  private read(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.sync) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MessageType.sync);
      syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
      if (encoding.length(reply) > 1) this.write(encoding.toUint8Array(reply));
    } else if (type === MessageType.stip) {
      const message = readStipMessageOrThrow(decoder);
      this.stipMessages.push(message);
      if (message.type === 'stored') this.tracker.stored(message.clock);
    }
  }
}

function syncMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/**
 * Every root's content and the state vector, as yjs's own tests compare peers. Read from the
 * items themselves, so a root that one peer knows as a typed root and another only as what
 * a forged update made of it compare alike, and formatting counts too.
 */
export function rawState(doc: Y.Doc): { stateVector: [number, number][]; roots: Record<string, unknown> } {
  const roots: Record<string, unknown> = {};
  for (const [name, type] of [...doc.share.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const content = typeContent(type);
    if (content.list.length > 0 || Object.keys(content.map).length > 0) roots[name] = content;
  }
  const stateVector = [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort(([a], [b]) => a - b);
  return { stateVector, roots };
}

interface TypeContent {
  name?: string;
  list: unknown[];
  map: Record<string, unknown>;
}

type SharedType = Y.Doc['share'] extends Map<string, infer T> ? T : never;

function typeContent(type: SharedType): TypeContent {
  const value = (x: unknown): unknown => (x instanceof Y.AbstractType ? typeContent(x) : x);
  const list: unknown[] = [];
  for (let item = type._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentFormat) list.push({ format: item.content.key, value: item.content.value });
    else list.push(...item.content.getContent().map(value));
  }
  const map: Record<string, unknown> = {};
  for (const [key, item] of [...type._map.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (!item.deleted) map[key] = value(item.content.getContent().at(-1));
  }
  return type instanceof Y.XmlElement ? { name: type.nodeName, list, map } : { list, map };
}
