import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { apiErrorSchema, versionListSchema, versionSchema, type CreatedCanvas, type ErrorCode } from '../../shared/api';
import { importCanvas } from '../../shared/canvasTransfer';
import { titleText, zoneFragment } from '../../shared/docLayout';
import { blankCanvas, exampleCanvas } from '../../shared/templates';
import type { Storage } from '../../server/storage/Storage';
import { connectClient, waitFor, type CollabClient } from '../helpers/collabClient';
import { paragraph } from '../helpers/editorEdits';
import { storedTitle } from '../helpers/storedTitle';
import { startTestServer, type TestServer } from '../helpers/testServer';

const servers: TestServer[] = [];
const clients: CollabClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of servers.splice(0)) await server.dispose();
});

async function start(env: Record<string, string>): Promise<TestServer> {
  const server = await startTestServer(env);
  servers.push(server);
  return server;
}

/** A request from `address` (believed with TRUST_PROXY=true), with a token when given. */
function call(server: TestServer, path: string, init: { method?: string; body?: unknown; token?: string; address?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.address) headers['x-forwarded-for'] = init.address;
  return fetch(`${server.url}${path}`, {
    method: init.method ?? 'POST',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

const create = (server: TestServer, address?: string) => call(server, '/api/canvases', { body: {}, address });
const importExample = (server: TestServer, address?: string) => call(server, '/api/canvases/import', { body: exampleCanvas('nl'), address });
const duplicate = (server: TestServer, canvas: CreatedCanvas, address?: string) =>
  call(server, `/api/canvases/${canvas.id}/duplicate`, { body: {}, token: canvas.tokens.facilitator, address });
const saveVersion = (server: TestServer, canvas: CreatedCanvas, name: string) =>
  call(server, `/api/canvases/${canvas.id}/versions`, { body: { name }, token: canvas.tokens.facilitator });
const restore = (server: TestServer, canvas: CreatedCanvas, versionId: string) =>
  call(server, `/api/canvases/${canvas.id}/versions/${versionId}/restore`, { token: canvas.tokens.facilitator });

async function created(response: Response): Promise<CreatedCanvas> {
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as CreatedCanvas;
}

/** Asserts the documented refusal: status, code, a message in plain words. */
async function refused(response: Response, status: number, code: ErrorCode): Promise<string> {
  const body = apiErrorSchema.parse(await response.json());
  expect({ status: response.status, code: body.error.code }).toEqual({ status, code });
  expect(body.error.message.length).toBeGreaterThan(20);
  return body.error.message;
}

async function versionsOf(storage: Storage, canvas: CreatedCanvas): Promise<string[]> {
  return (await storage.listVersions(canvas.id)).map((v) => `${v.automatic ? 'auto' : 'named'}:${v.name}`);
}

/** The bytes a blank canvas stores when created (its client id's varint may vary by a few). */
function blankCanvasBytes(): number {
  const doc = new Y.Doc();
  importCanvas(doc, blankCanvas('nl', ''), () => 'pillar-id-0000000000');
  const bytes = Y.encodeStateAsUpdate(doc).byteLength;
  doc.destroy();
  return bytes;
}

describe('canvases per client address per hour', () => {
  it('refuses create and import past the quota with 429 and Retry-After, stores nothing, and leaves other addresses alone', async () => {
    const server = await start({ TRUST_PROXY: 'true', MAX_CANVASES_PER_IP_PER_HOUR: '2' });
    await created(await create(server, '10.0.0.1'));
    await created(await importExample(server, '10.0.0.1'));
    const bytes = await server.storage.totalBytes();

    for (const attempt of [create(server, '10.0.0.1'), importExample(server, '10.0.0.1')]) {
      const response = await attempt;
      const message = await refused(response, 429, 'too_many_canvases');
      expect(message).toMatch(/Too many canvases were made from this address in the last hour \(at most 2\)\. Try again in 60 minutes\./);
      const retryAfter = Number(response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(3500);
      expect(retryAfter).toBeLessThanOrEqual(3600);
    }
    expect(await server.storage.totalBytes()).toBe(bytes);

    // Another address has its own count; the refused one stays refused.
    await created(await create(server, '10.0.0.2'));
    await refused(await create(server, '10.0.0.1'), 429, 'too_many_canvases');
  });

  it('counts a duplicate against the address that makes it', async () => {
    const server = await start({ TRUST_PROXY: 'true', MAX_CANVASES_PER_IP_PER_HOUR: '2' });
    const canvas = await created(await create(server, '10.0.0.1'));
    await created(await duplicate(server, canvas, '10.0.0.1'));
    await refused(await duplicate(server, canvas, '10.0.0.1'), 429, 'too_many_canvases');
    await created(await duplicate(server, canvas, '10.0.0.3'));
  });
});

describe('duplicates per canvas per hour', () => {
  it('refuses a duplicate past the quota with 429 and Retry-After, stores nothing, and leaves other canvases alone', async () => {
    const server = await start({ MAX_DUPLICATES_PER_CANVAS_PER_HOUR: '1' });
    const first = await server.createCanvas();
    const second = await server.createCanvas();
    await created(await duplicate(server, first));
    const bytes = await server.storage.totalBytes();

    const response = await duplicate(server, first);
    expect(await refused(response, 429, 'too_many_duplicates')).toMatch(/duplicated too often in the last hour \(at most 1 times\)/);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect(await server.storage.totalBytes()).toBe(bytes);

    await created(await duplicate(server, second));
  });
});

describe('versions per canvas', () => {
  it('prunes the oldest automatic versions first, refuses a named one when named ones fill the cap, and a restore still saves what it replaces', async () => {
    const server = await start({ MAX_VERSIONS_PER_CANVAS: '3' });
    const canvas = await server.createCanvas({ title: 'Plan' });
    const other = await server.createCanvas({ title: 'Ander plan' });
    const one = versionSchema.parse(await (await saveVersion(server, canvas, 'Ronde 1')).json());
    expect((await restore(server, canvas, one.id)).status).toBe(200);
    expect((await restore(server, canvas, one.id)).status).toBe(200);
    const before = 'auto:Vóór herstel van “Ronde 1”';
    expect(await versionsOf(server.storage, canvas)).toEqual([before, before, 'named:Ronde 1']);
    const [newerAutomatic] = await server.storage.listVersions(canvas.id);

    // At the cap: the oldest automatic version makes room, then the other one.
    expect((await saveVersion(server, canvas, 'Ronde 2')).status).toBe(201);
    expect((await server.storage.listVersions(canvas.id)).map((v) => v.id)).toContain(newerAutomatic!.id);
    expect((await saveVersion(server, canvas, 'Ronde 3')).status).toBe(201);
    expect(await versionsOf(server.storage, canvas)).toEqual(['named:Ronde 3', 'named:Ronde 2', 'named:Ronde 1']);

    // Named versions fill the cap: refused, nothing removed or stored.
    const bytes = await server.storage.totalBytes();
    const message = await refused(await saveVersion(server, canvas, 'Ronde 4'), 409, 'too_many_versions');
    expect(message).toMatch(/at most 3 named versions/);
    expect(await versionsOf(server.storage, canvas)).toEqual(['named:Ronde 3', 'named:Ronde 2', 'named:Ronde 1']);
    expect(await server.storage.totalBytes()).toBe(bytes);

    // A restore still keeps what it replaces, one automatic version past the cap at most.
    expect((await restore(server, canvas, one.id)).status).toBe(200);
    expect((await restore(server, canvas, one.id)).status).toBe(200);
    expect(await versionsOf(server.storage, canvas)).toEqual([before, 'named:Ronde 3', 'named:Ronde 2', 'named:Ronde 1']);
    await refused(await saveVersion(server, canvas, 'Ronde 4'), 409, 'too_many_versions');

    // The list the API shows agrees, and another canvas is not affected.
    const listed = versionListSchema.parse(await (await call(server, `/api/canvases/${canvas.id}/versions`, { method: 'GET', token: canvas.tokens.viewer })).json());
    expect(listed.versions).toHaveLength(4);
    expect((await saveVersion(server, other, 'Eerste')).status).toBe(201);
  });
});

describe('the data quota (MAX_DATA_BYTES)', () => {
  it('refuses new canvases and named versions with 507 storage_full while existing canvases keep syncing and storing', async () => {
    // Room for one blank canvas, not two.
    const server = await start({ MAX_DATA_BYTES: String(Math.floor(blankCanvasBytes() * 1.5)) });
    const canvas = await created(await create(server));
    const bytes = await server.storage.totalBytes();

    const message = await refused(await create(server), 507, 'storage_full');
    expect(message).toMatch(/This Stip installation is full: .* \(MAX_DATA_BYTES\), so a new canvas cannot be stored\. Existing canvases keep working/);
    await refused(await importExample(server), 507, 'storage_full');
    await refused(await duplicate(server, canvas), 507, 'storage_full');
    expect(await refused(await saveVersion(server, canvas, 'Ronde 1'), 507, 'storage_full')).toMatch(/a new version cannot be stored/);
    expect(await server.storage.totalBytes()).toBe(bytes);
    expect(await server.storage.listVersions(canvas.id)).toEqual([]);

    // The workshop goes on: an edit is stored and reaches the others.
    const writer = connectClient(server.url, canvas.id, canvas.tokens.editor);
    const reader = connectClient(server.url, canvas.id, canvas.tokens.viewer);
    clients.push(writer, reader);
    await Promise.all([writer.synced, reader.synced]);
    titleText(writer.doc).insert(0, 'Nog steeds live');
    await waitFor(async () => (await storedTitle(server.storage, canvas.id)) === 'Nog steeds live', 5000, 'the edit stored');
    await waitFor(() => titleText(reader.doc).toString() === 'Nog steeds live', 5000, 'the reader sees it');
    expect(await server.storage.totalBytes()).toBeGreaterThan(bytes);
  });
});

describe('a failing store (a full disk)', () => {
  it('answers 507 storage_full at once to create, import, duplicate, save and restore, and works again once it stores', async () => {
    const server = await start({});
    const canvas = await server.createCanvas({ title: 'Vol' });
    const version = versionSchema.parse(await (await saveVersion(server, canvas, 'Ronde 1')).json());
    const writer = connectClient(server.url, canvas.id, canvas.tokens.editor);
    clients.push(writer);
    await writer.synced;

    server.sqlite.setPageLimit(server.sqlite.pageCount());
    try {
      titleText(writer.doc).insert(0, 'x'.repeat(20_000));
      await waitFor(() => server.rooms.storageFailing, 5000, 'the store failing');
      const started = Date.now();
      for (const attempt of [
        create(server),
        importExample(server),
        duplicate(server, canvas),
        saveVersion(server, canvas, 'Ronde 2'),
        restore(server, canvas, version.id),
      ]) {
        expect(await refused(await attempt, 507, 'storage_full')).toMatch(/cannot store anything right now/);
      }
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await versionsOf(server.storage, canvas)).toEqual(['named:Ronde 1']);
      // A download does not wait for the store: after a short wait it is made from the room's
      // state, with the text that is not stored yet.
      const exported = await fetch(`${server.url}/api/canvases/${canvas.id}/export`, { headers: { authorization: `Bearer ${canvas.tokens.viewer}` } });
      expect(exported.status).toBe(200);
      expect(((await exported.json()) as { title: string }).title).toMatch(/^x{100}/);
    } finally {
      server.sqlite.setPageLimit(null);
    }
    await waitFor(() => !server.rooms.storageFailing, 10_000, 'the store working again');
    await created(await create(server));
  });
});

describe('a store that is full before any live commit found it', () => {
  it('answers 507 storage_full to a duplicate and a version, not 500, and stores again once there is room', async () => {
    const server = await start({});
    const canvas = await server.createCanvas({ title: 'Bijna vol' });
    // 40 KB of text: a copy or a version of it needs pages the file cannot have.
    const writer = connectClient(server.url, canvas.id, canvas.tokens.editor);
    clients.push(writer);
    await writer.synced;
    zoneFragment(writer.doc, 'horizon').insert(0, [paragraph('x'.repeat(40_000))]);
    await server.rooms.flush();
    await waitFor(() => server.rooms.rowsOf(server.rooms.get(canvas.id)!).stored > 1, 5000, 'the text stored');
    server.sqlite.setPageLimit(server.sqlite.pageCount());
    try {
      for (const attempt of [saveVersion(server, canvas, 'Groot'), duplicate(server, canvas)]) {
        expect(await refused(await attempt, 507, 'storage_full')).toMatch(/cannot store anything right now/);
      }
      expect(server.rooms.storageFailing).toBe(false);
    } finally {
      server.sqlite.setPageLimit(null);
    }
    await created(await duplicate(server, canvas));
  });
});

describe('a fault of the server', () => {
  it('answers 500 internal_error without its cause, and logs it', async () => {
    const server = await start({ LOG_LEVEL: 'error' });
    const canvas = await server.createCanvas();
    // A real fault: the database is gone under the running server.
    await server.sqlite.close();
    const response = await call(server, `/api/canvases/${canvas.id}`, { method: 'GET', token: canvas.tokens.viewer });
    const body = apiErrorSchema.parse(await response.json());
    expect({ status: response.status, body }).toEqual({
      status: 500,
      body: { error: { code: 'internal_error', message: 'The request could not be handled.' } },
    });
    expect(server.logLines.some((line) => line.includes('request failed'))).toBe(true);
  });
});
