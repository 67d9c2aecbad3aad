import type { Language } from '../../shared/docLayout';

export interface CanvasTokens {
  facilitator: string;
  editor: string;
  viewer: string;
}

export interface CanvasRecord {
  id: string;
  title: string;
  subtitle: string;
  language: Language;
  locked: boolean;
  tokens: CanvasTokens;
  /**
   * The token of the canvas's published page (`/p/<id>/<token>`), or null while it is not
   * published. It gives no role: it only shows the A4 read-only. Read from the store on every
   * request, never cached, so a revoke holds at once for every process sharing the store.
   */
  published: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface CanvasMeta {
  title: string;
  subtitle: string;
  language: Language;
}

/** A named version of a canvas; its snapshot (the export JSON) is stored beside it. */
export interface VersionRecord {
  id: string;
  canvasId: string;
  name: string;
  createdAt: number;
  createdBy: string;
  /** Saved by Stip itself (before a restore), not named by a person: pruned first by the quota. */
  automatic: boolean;
}

/** A workshop round as stored: the server's JSON of it (server/rounds), opaque to the store. */
export interface StoredRound {
  id: string;
  json: string;
}

export interface StoredUpdates {
  updates: Uint8Array[];
  bytes: number;
  /** The rows' numbers, in the same order, from an engine several processes share (compaction). */
  rows?: number[];
}

/**
 * Where a thread other than the rooms' (a download worker) can read a canvas's stored updates
 * itself, over a read-only connection of its own, so a big canvas's rows never pass the event
 * loop. An engine without one leaves `updatesLocation` out; downloads then read `loadUpdates`.
 */
export type UpdatesLocation = { engine: 'sqlite'; file: string };

/**
 * Where canvases live. Every method returns a promise, so an engine that talks over the
 * network (PostgreSQL) implements it as it is; SQLite resolves at once. The room manager keeps
 * one commit in flight and broadcasts an update only once `appendUpdates` has resolved, so
 * "stored before broadcast" holds whatever the engine. docs/ARCHITECTURE.md, "Adding a storage
 * engine", lists what an implementation must guarantee; tests/integration/storageContract.test.ts
 * checks it.
 */
export interface Storage {
  createCanvas(record: CanvasRecord, initialUpdate: Uint8Array): Promise<void>;
  getCanvas(id: string): Promise<CanvasRecord | null>;
  updateMeta(id: string, meta: CanvasMeta, updatedAt: number): Promise<void>;
  loadUpdates(id: string): Promise<StoredUpdates>;
  /**
   * Optional: where a download worker reads what `loadUpdates` returns, on its own (see
   * `UpdatesLocation`); it must see every update `appendUpdates` has resolved for.
   */
  updatesLocation?(): UpdatesLocation;
  /**
   * Appends updates of several canvases in one transaction: all of them, or none, and moves the
   * canvases' updatedAt (an engine may skip that when it moved less than a second ago). A
   * shared engine resolves with the new rows' numbers, in the batch's order.
   */
  appendUpdates(batch: readonly { canvasId: string; update: Uint8Array }[], updatedAt: number): Promise<number[] | void>;
  /**
   * Atomically replaces a canvas's stored updates with one merged update. One process alone:
   * `merged` contains every stored update (the loaded room's full state). A shared engine is
   * also told which rows `merged` is known to contain (`covered`): any other row (another
   * process stored it meanwhile) is merged in, never lost. Resolves with the new row's number
   * when the engine numbers rows for the processes.
   */
  compact(id: string, merged: Uint8Array, covered?: ReadonlySet<number>): Promise<number | void>;
  setLocked(id: string, locked: boolean, updatedAt: number): Promise<void>;
  /** Replaces the token of one role; holders of the old one lose access. */
  setToken(id: string, role: 'editor' | 'viewer', token: string): Promise<void>;
  /** Publishes the canvas under `token` (a new one replaces the old), or unpublishes it (null). */
  setPublished(id: string, token: string | null): Promise<void>;
  /** Removes the canvas and everything stored for it (updates, versions and rounds too). */
  deleteCanvas(id: string): Promise<void>;
  /** Stores a version: a full snapshot, independent of the canvas's updates. */
  saveVersion(record: VersionRecord, snapshot: string): Promise<void>;
  /** A canvas's versions, newest first. */
  listVersions(canvasId: string): Promise<VersionRecord[]>;
  /** One version of a canvas and its snapshot; null when it is not this canvas's. */
  getVersion(canvasId: string, versionId: string): Promise<{ record: VersionRecord; snapshot: string } | null>;
  /** Removes one version of a canvas (quota pruning); false when there was none. */
  deleteVersion(canvasId: string, versionId: string): Promise<boolean>;
  /**
   * Stores a round of a canvas: a new one, or the new state of one stored before (replaced
   * whole). Resolves once it is durable: the server sends nobody a round's new state before.
   */
  saveRound(canvasId: string, roundId: string, json: string, updatedAt: number): Promise<void>;
  /** A canvas's rounds, in the order they were first saved (oldest first). */
  listRounds(canvasId: string): Promise<StoredRound[]>;
  /** Row count and bytes of a canvas's stored updates. */
  updateStats(id: string): Promise<{ count: number; bytes: number }>;
  /** Bytes of everything stored (updates, version snapshots and rounds of every canvas), for the data quota. */
  totalBytes(): Promise<number>;
  /**
   * Present when several Stip processes share this store (PostgreSQL): how each learns what the
   * others stored. Absent for SQLite, which one process has to itself.
   */
  readonly shared?: SharedStore;
  close(): Promise<void>;
}

/** What another process did to a canvas, outside the updates. */
export type CanvasChange = 'locked' | 'editor' | 'viewer' | 'deleted' | 'rounds';

/**
 * What another process sharing the store did, as the store tells it, in the order it committed.
 * An `updates` event comes only after the row is committed: a process applies it to its loaded
 * room and passes it on, without storing it again.
 */
export type StoreEvent =
  /** An update row; `update` null when it was too large to carry: read it by `row`. */
  | { kind: 'update'; canvasId: string; row: number; update: Uint8Array | null }
  | { kind: 'canvas'; canvasId: string; change: CanvasChange }
  /** A presence (awareness) message of another process's connections, never stored. */
  | { kind: 'presence'; canvasId: string; message: Uint8Array }
  /** The store's channel was interrupted and is back: anything may have been missed meanwhile. */
  | { kind: 'missed' };

export interface SharedStore {
  /** Starts telling `listener` what the other processes do; once, before any room loads. */
  subscribe(listener: (event: StoreEvent) => void): Promise<void>;
  /** One update row, by the number its event carried; null once compaction merged it away. */
  loadUpdateRow(canvasId: string, row: number): Promise<Uint8Array | null>;
  /** Sends a presence message to the other processes' connections of the canvas (best effort). */
  publishPresence(canvasId: string, message: Uint8Array): void;
  /**
   * Runs `task` while no other process runs one for the same canvas and key (round commands:
   * read, apply, store, across processes one at a time).
   */
  exclusive<T>(canvasId: string, key: string, task: () => Promise<T>): Promise<T>;
}
