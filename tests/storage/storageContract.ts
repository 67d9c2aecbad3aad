import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CanvasRecord, Storage, VersionRecord } from '../../server/storage/Storage';

/** A fresh, empty store, and the same store opened again (for durability). */
export interface StorageFactory {
  open(): Promise<Storage>;
  reopen(): Promise<Storage>;
  dispose(): Promise<void>;
}

const canvas = (id: string, overrides: Partial<CanvasRecord> = {}): CanvasRecord => ({
  id,
  title: `Canvas ${id}`,
  subtitle: 'Ondertitel',
  language: 'nl',
  locked: false,
  tokens: { facilitator: `f-${id}`, editor: `e-${id}`, viewer: `v-${id}` },
  published: null,
  createdAt: 1_000,
  updatedAt: 1_000,
  ...overrides,
});

const version = (canvasId: string, id: string, overrides: Partial<VersionRecord> = {}): VersionRecord => ({
  id,
  canvasId,
  name: `versie ${id}`,
  createdAt: 2_000,
  createdBy: 'facilitator',
  automatic: false,
  ...overrides,
});

/** An update that sets the title to `text` on top of nothing (a client of its own). */
function titleUpdate(text: string, client: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = client;
  doc.getText('title').insert(0, text);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

function titleOf(updates: readonly Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  const title = doc.getText('title').toString();
  doc.destroy();
  return title;
}

/**
 * What every storage engine must do (docs/ARCHITECTURE.md, "Adding a storage engine"). Run it
 * for a new engine with a factory of empty stores: `describeStorageContract('PostgreSQL', …)`.
 */
export function describeStorageContract(engine: string, factory: () => StorageFactory): void {
  describe(`the storage contract on ${engine}`, () => {
    let stores: StorageFactory;
    let storage: Storage;
    beforeEach(async () => {
      stores = factory();
      storage = await stores.open();
    });
    afterEach(async () => {
      await storage.close();
      await stores.dispose();
    });

    it('creates a canvas with its first update and reads it back; an unknown id is null', async () => {
      await storage.createCanvas(canvas('a', { language: 'en', locked: true }), titleUpdate('Begin', 1));
      expect(await storage.getCanvas('a')).toEqual(canvas('a', { language: 'en', locked: true }));
      expect(await storage.getCanvas('b')).toBeNull();
      const stored = await storage.loadUpdates('a');
      expect(titleOf(stored.updates)).toBe('Begin');
      expect(stored.bytes).toBe(stored.updates.reduce((sum, u) => sum + u.byteLength, 0));
    });

    it('appends updates of several canvases in one batch and loads each canvas’s in order', async () => {
      await storage.createCanvas(canvas('a'), new Uint8Array([0, 0]));
      await storage.createCanvas(canvas('b'), new Uint8Array([0, 0]));
      const doc = new Y.Doc();
      doc.clientID = 7;
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (const letter of 'abcdef') doc.getText('title').insert(doc.getText('title').length, letter);
      await storage.appendUpdates(
        updates.flatMap((update) => [
          { canvasId: 'a', update },
          { canvasId: 'b', update: titleUpdate('b', 9) },
        ]),
        5_000,
      );
      const a = await storage.loadUpdates('a');
      expect(a.updates.slice(1).map((u) => Buffer.from(u).toString('hex'))).toEqual(updates.map((u) => Buffer.from(u).toString('hex')));
      expect(titleOf(a.updates)).toBe('abcdef');
      expect((await storage.updateStats('b')).count).toBe(7);
      expect((await storage.getCanvas('a'))!.updatedAt).toBe(5_000);
    });

    it('stores a batch whole or not at all: one bad row (an unknown canvas) leaves every canvas as it was', async () => {
      await storage.createCanvas(canvas('a'), titleUpdate('Vast', 1));
      const before = await storage.updateStats('a');
      await expect(
        storage.appendUpdates(
          [
            { canvasId: 'a', update: titleUpdate('x', 2) },
            { canvasId: 'no-such-canvas', update: titleUpdate('y', 3) },
          ],
          5_000,
        ),
      ).rejects.toThrow();
      expect(await storage.updateStats('a')).toEqual(before);
    });

    it('compacts a canvas’s rows into one that holds them all, and leaves other canvases alone', async () => {
      await storage.createCanvas(canvas('a'), titleUpdate('', 1));
      await storage.createCanvas(canvas('b'), titleUpdate('Ander', 2));
      await storage.appendUpdates([{ canvasId: 'a', update: titleUpdate('Een', 3) }, { canvasId: 'a', update: titleUpdate('Twee', 4) }], 1);
      const merged = Y.mergeUpdates((await storage.loadUpdates('a')).updates);
      await storage.compact('a', merged);
      const after = await storage.loadUpdates('a');
      expect(after.updates).toHaveLength(1);
      expect(titleOf(after.updates)).toBe(titleOf([merged]));
      expect(titleOf((await storage.loadUpdates('b')).updates)).toBe('Ander');
    });

    it('keeps the title, the lock and each role’s token as last set', async () => {
      await storage.createCanvas(canvas('a'), titleUpdate('', 1));
      await storage.updateMeta('a', { title: 'Nieuw', subtitle: 'Sub', language: 'en' }, 3_000);
      await storage.setLocked('a', true, 4_000);
      await storage.setToken('a', 'editor', 'nieuw-editor');
      await storage.setToken('a', 'viewer', 'nieuw-viewer');
      expect(await storage.getCanvas('a')).toEqual(
        canvas('a', {
          title: 'Nieuw',
          subtitle: 'Sub',
          language: 'en',
          locked: true,
          updatedAt: 4_000,
          tokens: { facilitator: 'f-a', editor: 'nieuw-editor', viewer: 'nieuw-viewer' },
        }),
      );
    });

    it('publishes a canvas under a token, replaces it, unpublishes it, and keeps it apart from other canvases and through a reopen', async () => {
      await storage.createCanvas(canvas('a'), titleUpdate('', 1));
      await storage.createCanvas(canvas('b'), titleUpdate('', 2));
      expect((await storage.getCanvas('a'))?.published).toBeNull();
      await storage.setPublished('a', 'openbaar-1');
      expect(await storage.getCanvas('a')).toEqual(canvas('a', { published: 'openbaar-1' }));
      await storage.setPublished('a', 'openbaar-2');
      expect((await storage.getCanvas('a'))?.published).toBe('openbaar-2');
      expect((await storage.getCanvas('b'))?.published).toBeNull();
      await storage.close();
      storage = await stores.reopen();
      expect((await storage.getCanvas('a'))?.published).toBe('openbaar-2');
      await storage.setPublished('a', null);
      expect(await storage.getCanvas('a')).toEqual(canvas('a'));
    });

    it('lists versions newest first (saved in one millisecond too), reads one only for its own canvas, and deletes one', async () => {
      await storage.createCanvas(canvas('a'), titleUpdate('', 1));
      await storage.createCanvas(canvas('b'), titleUpdate('', 2));
      await storage.saveVersion(version('a', 'v1'), '{"een":1}');
      await storage.saveVersion(version('a', 'v2', { automatic: true }), '{"twee":2}');
      await storage.saveVersion(version('b', 'v3'), '{}');
      expect((await storage.listVersions('a')).map((v) => [v.id, v.automatic])).toEqual([
        ['v2', true],
        ['v1', false],
      ]);
      expect(await storage.getVersion('a', 'v1')).toEqual({ record: version('a', 'v1'), snapshot: '{"een":1}' });
      expect(await storage.getVersion('b', 'v1')).toBeNull();
      expect(await storage.deleteVersion('a', 'v1')).toBe(true);
      expect(await storage.deleteVersion('a', 'v1')).toBe(false);
      expect(await storage.deleteVersion('b', 'v2')).toBe(false);
      expect((await storage.listVersions('a')).map((v) => v.id)).toEqual(['v2']);
    });

    it('deletes a canvas with its updates and versions, and nothing of another canvas', async () => {
      await storage.createCanvas(canvas('a'), titleUpdate('Weg', 1));
      await storage.createCanvas(canvas('b'), titleUpdate('Blijft', 2));
      await storage.saveVersion(version('a', 'v1'), '{}');
      await storage.saveVersion(version('b', 'v2'), '{}');
      await storage.deleteCanvas('a');
      expect(await storage.getCanvas('a')).toBeNull();
      expect(await storage.updateStats('a')).toEqual({ count: 0, bytes: 0 });
      expect(await storage.listVersions('a')).toEqual([]);
      expect(titleOf((await storage.loadUpdates('b')).updates)).toBe('Blijft');
      expect(await storage.listVersions('b')).toHaveLength(1);
    });

    it('keeps a canvas’s rounds in the order first saved, each as last saved, apart from other canvases', async () => {
      await storage.createCanvas(canvas('a'), titleUpdate('', 1));
      await storage.createCanvas(canvas('b'), titleUpdate('', 2));
      expect(await storage.listRounds('a')).toEqual([]);
      await storage.saveRound('a', 'r1', '{"phase":"write"}', 3_000);
      await storage.saveRound('a', 'r2', '{"phase":"write","n":2}', 3_001);
      await storage.saveRound('b', 'r3', '{}', 3_002);
      await storage.saveRound('a', 'r1', '{"phase":"closed"}', 3_003);
      expect(await storage.listRounds('a')).toEqual([
        { id: 'r1', json: '{"phase":"closed"}' },
        { id: 'r2', json: '{"phase":"write","n":2}' },
      ]);
      expect(await storage.listRounds('b')).toEqual([{ id: 'r3', json: '{}' }]);
      // A round of another canvas is not overwritten through this one.
      await storage.saveRound('a', 'r3', '{"stolen":true}', 3_004).catch(() => undefined);
      expect(await storage.listRounds('b')).toEqual([{ id: 'r3', json: '{}' }]);
      await expect(storage.saveRound('no-such-canvas', 'r9', '{}', 1)).rejects.toThrow();
    });

    it('deletes a canvas’s rounds with it, and keeps them after a reopen', async () => {
      await storage.createCanvas(canvas('a'), titleUpdate('', 1));
      await storage.createCanvas(canvas('b'), titleUpdate('', 2));
      await storage.saveRound('a', 'r1', '{"a":1}', 1);
      await storage.saveRound('b', 'r2', '{"b":1}', 1);
      await storage.deleteCanvas('a');
      expect(await storage.listRounds('a')).toEqual([]);
      await storage.close();
      storage = await stores.reopen();
      expect(await storage.listRounds('b')).toEqual([{ id: 'r2', json: '{"b":1}' }]);
    });

    it('counts the bytes of everything stored, updates, versions and rounds', async () => {
      const empty = await storage.totalBytes();
      await storage.createCanvas(canvas('a'), new Uint8Array(1_000));
      await storage.saveVersion(version('a', 'v1'), 'x'.repeat(2_000));
      await storage.saveRound('a', 'r1', `"${'y'.repeat(500)}"`, 1);
      expect((await storage.totalBytes()) - empty).toBeGreaterThanOrEqual(3_500);
      await storage.deleteCanvas('a');
      expect(await storage.totalBytes()).toBe(empty);
    });

    it('still holds everything after being closed and opened again', async () => {
      await storage.createCanvas(canvas('a'), titleUpdate('Blijvend', 1));
      await storage.saveVersion(version('a', 'v1'), '{"x":1}');
      await storage.close();
      storage = await stores.reopen();
      expect((await storage.getCanvas('a'))?.title).toBe('Canvas a');
      expect(titleOf((await storage.loadUpdates('a')).updates)).toBe('Blijvend');
      expect((await storage.getVersion('a', 'v1'))?.snapshot).toBe('{"x":1}');
    });
  });
}
