import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import {
  CloseCode,
  blankCanvas,
  exampleCanvas,
  exportCanvas,
  importCanvas,
  type CanvasExport,
  type CanvasInfo,
  type Language,
  type Role,
  type VersionInfo,
} from '../shared/index';
import type { CanvasStyle } from '../shared/houseStyle';
import { restoreCanvas } from '../shared/restoreCanvas';
import { importRounds } from '../shared/roundExport';
import type { CanvasSource } from './downloads/DownloadPool';
import { encodedState } from './downloads/encodedState';
import { parseSnapshot } from './downloads/snapshot';
import type { Config } from './config';
import { newCanvasId, newPillarId, newToken, tokenEquals } from './ids';
import { DataQuota } from './quotas/DataQuota';
import { StorageFull, TooManyVersions } from './quotas/errors';
import { isStoreUnavailable } from './storage/storeErrors';
import { OneAtATime } from './quotas/OneAtATime';
import { versionsToPrune } from './quotas/versionCap';
import type { RoomManager } from './rooms/RoomManager';
import type { CanvasRecord, Storage, StoredUpdates, VersionRecord } from './storage/Storage';

/**
 * How long a download of a loaded canvas waits for the room's updates to be stored, so that its
 * worker can read them; past it (a failing store), the room's state is handed over instead.
 */
const STORED_WAIT_MS = 2000;

/** The name of the version a restore saves first, in the canvas language. */
const BEFORE_RESTORE = {
  nl: (name: string) => `Vóór herstel van “${name}”`,
  en: (name: string) => `Before restoring “${name}”`,
} as const;

export type Access =
  | { ok: true; canvas: CanvasRecord; role: Role }
  | { ok: false; reason: 'not_found' | 'unauthorized' };

export type CanvasLimits = Pick<Config, 'maxVersionsPerCanvas' | 'maxDataBytes'>;

/**
 * What the transports need: create canvases, check tokens, read a canvas's state. What adds
 * data (a canvas, a version) is refused with StorageFull at once while the store is failing,
 * and must fit in the data quota (except a restore's automatic version).
 */
export class CanvasService {
  private readonly data: DataQuota;
  /** A canvas's version saves, one at a time: count, prune, save. */
  private readonly versionSaves = new OneAtATime();
  /** Reads of stored rows for downloads under way, by canvas (engines without `updatesLocation`). */
  private readonly readingUpdates = new Map<string, Promise<StoredUpdates>>();

  constructor(
    private readonly storage: Storage,
    private readonly rooms: RoomManager,
    private readonly limits: CanvasLimits,
    /** The installation's house style (STYLE_DIR), given to every new canvas that brings none. */
    readonly defaultStyle: CanvasStyle,
  ) {
    this.data = new DataQuota(storage, limits.maxDataBytes);
  }

  /**
   * Creates a canvas from a template or an already validated export (StorageFull when it cannot
   * be stored). Content without a style (a template, an export of @1 or @2) gets the installation's.
   */
  async create(content: CanvasExport): Promise<CanvasRecord> {
    this.assertStoring();
    const doc = new Y.Doc();
    try {
      importCanvas(doc, { ...content, style: content.style ?? this.defaultStyle }, newPillarId);
      const initialUpdate = Y.encodeStateAsUpdate(doc);
      // An import of @2 brings its rounds: new ids, at most one still open.
      const rounds = importRounds(content.rounds ?? [], () => randomBytes(9).toString('base64url'), Date.now()).map((round) => ({
        id: round.id,
        json: JSON.stringify(round),
      }));
      const bytes = initialUpdate.byteLength + rounds.reduce((sum, round) => sum + Buffer.byteLength(round.json), 0);
      await this.data.assertRoomFor(bytes, 'a new canvas');
      const now = Date.now();
      const record: CanvasRecord = {
        id: newCanvasId(),
        title: content.title,
        subtitle: content.subtitle,
        language: content.language,
        locked: false,
        tokens: { facilitator: newToken(), editor: newToken(), viewer: newToken() },
        published: null,
        createdAt: now,
        updatedAt: now,
      };
      await this.writing(async () => {
        await this.storage.createCanvas(record, initialUpdate);
        for (const round of rounds) await this.storage.saveRound(record.id, round.id, round.json, now);
      });
      this.data.added(bytes);
      return record;
    } finally {
      doc.destroy();
    }
  }

  fromTemplate(template: 'blank' | 'example', language: Language, title: string | undefined): CanvasExport {
    if (template === 'example') return exampleCanvas(language, title || undefined);
    return blankCanvas(language, title ?? '');
  }

  /** Unknown id first (404 whatever the token), then the token (401). */
  async access(id: string, token: string | undefined): Promise<Access> {
    const canvas = await this.storage.getCanvas(id);
    if (!canvas) return { ok: false, reason: 'not_found' };
    const role = token ? this.roleOf(canvas, token) : null;
    if (!role) return { ok: false, reason: 'unauthorized' };
    return { ok: true, canvas, role };
  }

  private roleOf(canvas: CanvasRecord, token: string): Role | null {
    // Check every role so the time taken does not tell which one matched.
    let role: Role | null = null;
    for (const candidate of ['facilitator', 'editor', 'viewer'] as const) {
      if (tokenEquals(token, canvas.tokens[candidate]) && role === null) role = candidate;
    }
    return role;
  }

  info(canvas: CanvasRecord, role: Role): CanvasInfo {
    const live = this.rooms.get(canvas.id)?.readMeta();
    return {
      id: canvas.id,
      title: live?.title ?? canvas.title,
      subtitle: live?.subtitle ?? canvas.subtitle,
      language: live?.language ?? canvas.language,
      role,
      locked: canvas.locked,
      createdAt: new Date(canvas.createdAt).toISOString(),
      updatedAt: new Date(canvas.updatedAt).toISOString(),
    };
  }

  async setLocked(id: string, locked: boolean): Promise<CanvasRecord> {
    await this.storage.setLocked(id, locked, Date.now());
    this.rooms.get(id)?.setLocked(locked);
    return (await this.storage.getCanvas(id))!;
  }

  /** A new token for a role; connections that used the old one close with 4401 at once. */
  async rotate(id: string, role: 'editor' | 'viewer'): Promise<CanvasRecord> {
    await this.storage.setToken(id, role, newToken());
    this.rooms.get(id)?.disconnectRole(role, CloseCode.unauthorized);
    return (await this.storage.getCanvas(id))!;
  }

  /**
   * Publishes the canvas as a read-only page under a new token; when it was published, the old
   * address stops working at once (it is read from the store on every request).
   */
  async publish(id: string): Promise<CanvasRecord> {
    await this.storage.setPublished(id, newToken());
    return (await this.storage.getCanvas(id))!;
  }

  /** Takes the published page down: its address answers 404 from now on. */
  async unpublish(id: string): Promise<CanvasRecord> {
    await this.storage.setPublished(id, null);
    return (await this.storage.getCanvas(id))!;
  }

  /**
   * The canvas whose published page `token` opens, read from the store (never a copy kept in
   * this process: another process sharing the store may have revoked it); null otherwise.
   */
  async published(id: string, token: string): Promise<CanvasRecord | null> {
    const canvas = await this.storage.getCanvas(id);
    return canvas?.published && tokenEquals(token, canvas.published) ? canvas : null;
  }

  async delete(id: string): Promise<void> {
    this.rooms.remove(id);
    await this.storage.deleteCanvas(id);
  }

  export(id: string): Promise<CanvasExport> {
    return this.rooms.withDoc(id, exportCanvas);
  }

  /**
   * The canvas for a download worker, without building anything here. When the store lets
   * workers read it themselves, only where: the worker reads the stored rows, and none pass
   * the event loop (for a loaded room, once what it holds is stored: encoding a 5 MB room's
   * state here held the event loop for 0.1 to 0.3 s). Else a loaded room's encoded state
   * (cached until it changes), or the stored rows, one read shared by the downloads that ask
   * meanwhile.
   */
  async downloadSource(id: string): Promise<CanvasSource> {
    const rounds = await this.rooms.storedRounds(id);
    const location = this.storage.updatesLocation?.();
    if (location) {
      // Not loaded: its updates were all stored before it unloaded. Loaded: once they are.
      if (!this.rooms.get(id) || (await this.storedWithin(STORED_WAIT_MS))) return { stored: location, canvasId: id, rounds };
    }
    const room = this.rooms.get(id);
    if (room) return { updates: [encodedState(room.doc)], rounds };
    const { updates } = await this.storedUpdatesOnce(id);
    // Loaded meanwhile: the room's document may already hold more than the rows read.
    const loaded = this.rooms.get(id);
    return { updates: loaded ? [encodedState(loaded.doc)] : updates, rounds };
  }

  /** Whether everything the rooms applied is stored within `ms` (not while the store fails). */
  private async storedWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    try {
      return await Promise.race([this.rooms.flush().then(() => true, () => false), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** `loadUpdates` of a canvas, one read at a time: downloads asking while it runs share it. */
  private storedUpdatesOnce(id: string): Promise<StoredUpdates> {
    let reading = this.readingUpdates.get(id);
    if (!reading) {
      reading = this.storage.loadUpdates(id).finally(() => this.readingUpdates.delete(id));
      this.readingUpdates.set(id, reading);
    }
    return reading;
  }

  /** A version's stored export JSON, unparsed (a download worker parses it); null when absent. */
  async versionSnapshot(id: string, versionId: string): Promise<{ info: VersionInfo; snapshot: string } | null> {
    const found = await this.storage.getVersion(id, versionId);
    return found ? { info: versionInfo(found.record), snapshot: found.snapshot } : null;
  }

  /**
   * A new canvas (new id, new links) with the same content; `title` replaces the title. A
   * duplicate is a new workshop: none of the rounds come along (the document's export has none).
   */
  async duplicate(id: string, title: string | undefined): Promise<CanvasRecord> {
    const content = await this.export(id);
    return this.create(title ? { ...content, title } : content);
  }

  /**
   * Saves the canvas as it is now as a named version (a full snapshot of its export). At the
   * version cap the oldest automatic versions make room; TooManyVersions when named versions
   * alone fill it.
   */
  async saveVersion(id: string, name: string, by: string): Promise<VersionInfo> {
    this.assertStoring();
    return this.storeVersion(id, { name, by, automatic: false }, await this.export(id));
  }

  async listVersions(id: string): Promise<VersionInfo[]> {
    return (await this.storage.listVersions(id)).map(versionInfo);
  }

  /** A version and its content; null when the canvas has no version with this id. */
  async version(id: string, versionId: string): Promise<{ info: VersionInfo; content: CanvasExport } | null> {
    const found = await this.versionSnapshot(id, versionId);
    return found && { info: found.info, content: parseSnapshot(found.snapshot) };
  }

  /**
   * Restores a version as a new change on top, in the live room: connected clients see it at
   * once and nothing is lost. In this order: the store must work (StorageFull), the restore must
   * fit (CanvasTooLarge), the state before it is saved as an automatic version (always, even past
   * the version cap or the data quota), then the version's content is applied.
   */
  async restoreVersion(id: string, versionId: string, by: string): Promise<{ restored: VersionInfo; saved: VersionInfo } | null> {
    this.assertStoring();
    const version = await this.version(id, versionId);
    if (!version) return null;
    const restore = (doc: Y.Doc) => restoreCanvas(doc, version.content, newPillarId, RESTORE_ORIGIN);
    await this.rooms.assertFits(id, restore);
    const current = await this.export(id);
    const saved = await this.storeVersion(id, { name: BEFORE_RESTORE[current.language](version.info.name), by, automatic: true }, current);
    await this.rooms.change(id, restore);
    return { restored: version.info, saved };
  }

  /** Stores a version under the version cap (versionsToPrune) and, for a named one, the data quota. */
  private storeVersion(id: string, how: { name: string; by: string; automatic: boolean }, content: CanvasExport): Promise<VersionInfo> {
    const snapshot = JSON.stringify(content);
    return this.versionSaves.run(id, async () => {
      const prune = versionsToPrune(await this.storage.listVersions(id), this.limits.maxVersionsPerCanvas, how.automatic);
      if (!prune) {
        throw new TooManyVersions(
          `This canvas keeps at most ${this.limits.maxVersionsPerCanvas} named versions and has that many; versions cannot be deleted yet, so no more can be saved. Duplicate the canvas to save versions of the copy.`,
        );
      }
      if (!how.automatic) await this.data.assertRoomFor(Buffer.byteLength(snapshot), 'a new version');
      for (const old of prune) await this.storage.deleteVersion(id, old.id);
      const record: VersionRecord = {
        id: randomBytes(12).toString('base64url'),
        canvasId: id,
        name: how.name,
        createdAt: Date.now(),
        createdBy: how.by,
        automatic: how.automatic,
      };
      await this.writing(() => this.storage.saveVersion(record, snapshot));
      this.data.added(Buffer.byteLength(snapshot));
      return versionInfo(record);
    });
  }

  /** While the store is failing (a full disk), nothing new is taken on: 507 at once, not a hang. */
  private assertStoring(): void {
    if (this.rooms.storageFailing) throw new StorageFull(CANNOT_STORE);
  }

  /** A write that finds the store full or down before any live commit did: 507 too, not 500. */
  private async writing(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (isStoreUnavailable(error)) throw new StorageFull(CANNOT_STORE);
      throw error;
    }
  }
}

const CANNOT_STORE =
  'The server cannot store anything right now (its disk is full or failing), so nothing new can be saved. Canvases that are open keep their changes on the devices; try again later.';

/** The transaction origin of a restore (not a connection: every client receives it). */
const RESTORE_ORIGIN = 'stip:restore';

function versionInfo(record: VersionRecord): VersionInfo {
  return { id: record.id, name: record.name, createdAt: new Date(record.createdAt).toISOString(), createdBy: record.createdBy };
}
