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
}

export interface StoredUpdates {
  updates: Uint8Array[];
  bytes: number;
}

/**
 * Where canvases live. SQLite now; a second backend (PostgreSQL) is a new file implementing
 * this interface. Every method is synchronous on purpose: an update is stored before the
 * room broadcasts it, without an await in between where another update could slip past.
 */
export interface Storage {
  createCanvas(record: CanvasRecord, initialUpdate: Uint8Array): void;
  getCanvas(id: string): CanvasRecord | null;
  updateMeta(id: string, meta: CanvasMeta, updatedAt: number): void;
  loadUpdates(id: string): StoredUpdates;
  /** Appends updates of several canvases in one transaction. */
  appendUpdates(batch: { canvasId: string; update: Uint8Array }[], updatedAt: number): void;
  /**
   * Atomically replaces all of a canvas's stored updates with one merged update. The caller
   * guarantees `merged` contains every stored update (it is the loaded room's full state).
   */
  compact(id: string, merged: Uint8Array): void;
  setLocked(id: string, locked: boolean, updatedAt: number): void;
  /** Replaces the token of one role; holders of the old one lose access. */
  setToken(id: string, role: 'editor' | 'viewer', token: string): void;
  /** Removes the canvas and everything stored for it (updates and versions too). */
  deleteCanvas(id: string): void;
  /** Stores a version: a full snapshot, independent of the canvas's updates. */
  saveVersion(record: VersionRecord, snapshot: string): void;
  /** A canvas's versions, newest first. */
  listVersions(canvasId: string): VersionRecord[];
  /** One version of a canvas and its snapshot; null when it is not this canvas's. */
  getVersion(canvasId: string, versionId: string): { record: VersionRecord; snapshot: string } | null;
  /** Row count and bytes of a canvas's stored updates. */
  updateStats(id: string): { count: number; bytes: number };
  close(): void;
}
