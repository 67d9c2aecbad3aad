import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import type { CreatedCanvas } from '../../shared/api';
import { MessageType, type StipClientMessage, type StipMessage } from '../../shared/protocol';
import { decodeStipMessage, encodeStipMessage } from '../../shared/stipMessages';
import { connectClient, waitFor, type CollabClient } from '../helpers/collabClient';
import { paragraph } from '../helpers/editorEdits';
import { newDatabaseUrl, openPostgres, startPostgresTestServer, type PostgresTestServer } from '../helpers/postgres';
import { rawSocket, syncStep1Frame, type RawSocket } from '../helpers/rawFrames';
import { rawState } from '../helpers/roomSimulation';

/**
 * Two Stip processes (here: two servers in this test process, each with its own pool and
 * listening connection) on one PostgreSQL database, with a canvas's participants split across
 * them. The kill -9 of one of two separate processes is in severalProcessesKill.test.ts.
 */
let url: string;
let a: PostgresTestServer;
let b: PostgresTestServer;
let canvas: CreatedCanvas;
const clients: CollabClient[] = [];
const sockets: RawSocket[] = [];

beforeEach(async () => {
  url = await newDatabaseUrl();
  const env: Record<string, string> = process.env.DEBUG_LOGS ? { LOG_LEVEL: 'debug' } : {};
  [a, b] = await Promise.all([startPostgresTestServer(url, env), startPostgresTestServer(url, env)]);
  canvas = await a.createCanvas();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const socket of sockets.splice(0)) socket.ws.terminate();
  if (process.env.DEBUG_LOGS) console.log(a.logLines.join(''), '\n----\n', b.logLines.join(''));
  await Promise.all([a.close(), b.close()]);
});

function join(server: PostgresTestServer, token = canvas.tokens.editor): CollabClient {
  const client = connectClient(server.url, canvas.id, token);
  clients.push(client);
  return client;
}

/** Every root and the state vector of each client, equal to the first's. */
async function converged(all: CollabClient[], what: string): Promise<void> {
  const same = () => {
    const first = JSON.stringify(rawState(all[0]!.doc));
    return all.every((client) => JSON.stringify(rawState(client.doc)) === first);
  };
  await waitFor(same, 10_000, what);
  expect(all.map((client) => rawState(client.doc))).toEqual(all.map(() => rawState(all[0]!.doc)));
}

/** A bare stip connection that keeps its Stip messages (role changes, rounds). */
async function stipSocket(
  server: PostgresTestServer,
  token: string,
  canvasId = canvas.id,
): Promise<{ raw: RawSocket; messages: StipMessage[]; send(m: StipClientMessage): void }> {
  const raw = rawSocket(`${server.url.replace('http', 'ws')}/collab/${canvasId}?token=${token}&stip=1`);
  sockets.push(raw);
  await raw.opened;
  const messages: StipMessage[] = [];
  raw.ws.on('message', (data: Buffer) => {
    if (data[0] !== MessageType.stip) return;
    const decoded = decodeStipMessage(new Uint8Array(data));
    if (decoded.ok) messages.push(decoded.message);
  });
  raw.ws.send(syncStep1Frame());
  return { raw, messages, send: (m) => raw.ws.send(encodeStipMessage(m)) };
}

describe('several Stip processes on one PostgreSQL', () => {
  it('passes each one’s edits to the other’s clients, and all end identical on every root', async () => {
    const onA = [join(a), join(a)];
    const onB = [join(b), join(b)];
    const all = [...onA, ...onB];
    await Promise.all(all.map((c) => c.synced));
    // Concurrent typing in the same paragraph and list from both sides.
    for (let i = 0; i < 40; i++) {
      const client = all[i % all.length]!;
      const fragment = client.doc.getXmlFragment('obstacles');
      const text = (fragment.get(0) as Y.XmlElement | undefined)?.get(0);
      if (i % 7 !== 0 && text instanceof Y.XmlText) text.insert(0, `${i} `);
      else fragment.insert(fragment.length, [paragraph(`regel ${i}`)]);
      client.doc.getText('title').insert(0, String.fromCharCode(65 + (i % 26)));
    }
    await converged(all, 'four clients on two processes to converge');
    expect(all[0]!.doc.getText('title').length).toBe(40);
    // And a client joining later on either process gets the same.
    const late = join(b, canvas.tokens.viewer);
    await late.synced;
    await converged([...all, late], 'a late joiner');
  });

  it('passes on an update too large for a notification (a paste of 40 paragraphs) by its row', async () => {
    const writer = join(a);
    const reader = join(b);
    await Promise.all([writer.synced, reader.synced]);
    const fragment = writer.doc.getXmlFragment('pillars');
    const before = fragment.length;
    const paste = Array.from({ length: 40 }, (_, i) => paragraph(`Geplakte alinea ${i} ${'met een lange zin erin '.repeat(8)}`));
    let pasteBytes = 0;
    writer.doc.once('update', (update: Uint8Array) => (pasteBytes = update.byteLength));
    fragment.insert(0, paste);
    expect(pasteBytes).toBeGreaterThan(8000);
    await converged([writer, reader], 'the paste to reach the other process');
    expect(reader.doc.getXmlFragment('pillars').length).toBe(before + 40);
  });

  it('tells the other process’s connections of a lock, a new token and a deletion', async () => {
    const editorOnB = await stipSocket(b, canvas.tokens.editor);
    await waitFor(() => editorOnB.messages.some((m) => m.type === 'role'), 5000, 'the first role');
    const lock = await fetch(`${a.url}/api/canvases/${canvas.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${canvas.tokens.facilitator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ locked: true }),
    });
    expect(lock.status).toBe(200);
    await waitFor(() => editorOnB.messages.some((m) => m.type === 'role' && m.locked && m.role === 'viewer'), 5000, 'the lock on B');

    const viewerOnB = join(b, canvas.tokens.viewer);
    await viewerOnB.synced;
    const rotate = await fetch(`${a.url}/api/canvases/${canvas.id}/links/editor/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${canvas.tokens.facilitator}` },
    });
    expect(rotate.status).toBe(200);
    expect(await editorOnB.raw.closed).toBe(4401);

    const deleted = await fetch(`${a.url}/api/canvases/${canvas.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${canvas.tokens.facilitator}` } });
    expect(deleted.status).toBe(204);
    expect(await viewerOnB.closed).toBe(4404);
  });

  it('serves the published page from both; published on one and taken down on the other, it is gone on both at once', async () => {
    const publish = await fetch(`${a.url}/api/canvases/${canvas.id}/links/published/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${canvas.tokens.facilitator}` },
    });
    const link = new URL(((await publish.json()) as { links: { published: string } }).links.published);
    const page = (server: PostgresTestServer) => fetch(`${server.url}${link.pathname}`);
    expect((await page(a)).status).toBe(200);
    expect((await page(b)).status).toBe(200);
    const revoke = await fetch(`${b.url}/api/canvases/${canvas.id}/links/published`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${canvas.tokens.facilitator}` },
    });
    expect(revoke.status).toBe(200);
    expect((await page(a)).status).toBe(404);
    expect((await page(b)).status).toBe(404);
  });

  it('runs one round across both processes: cards added on both at once are all kept', async () => {
    const fien = await stipSocket(a, canvas.tokens.facilitator);
    const onA = await stipSocket(a, canvas.tokens.editor);
    const onB = await stipSocket(b, canvas.tokens.editor);
    const anotherOnB = await stipSocket(b, canvas.tokens.editor);
    const people = [fien, onA, onB, anotherOnB];
    people.forEach((p, i) => p.send({ type: 'round:hello', key: `participant-${i}-key-0123456789`, name: `Persoon ${i}` }));
    const lastRound = (p: (typeof people)[number]) =>
      p.messages.filter((m): m is Extract<StipMessage, { type: 'rounds' }> => m.type === 'rounds').at(-1)?.rounds.at(-1);
    await waitFor(() => people.every((p) => p.messages.some((m) => m.type === 'rounds')), 5000, 'everyone’s first view');
    fien.send({ type: 'round:start', zone: 'obstacles' });
    await waitFor(() => people.every((p) => lastRound(p)?.phase === 'write'), 5000, 'the round open on both processes');
    for (let i = 0; i < 6; i++) for (const p of [onA, onB, anotherOnB]) p.send({ type: 'round:card:add', text: `kaart ${i}` });
    await waitFor(() => people.every((p) => lastRound(p)?.cardCount === 18), 10_000, 'all 18 cards counted on both processes').catch((error: Error) => {
      throw new Error(`${error.message}: counts ${people.map((p) => lastRound(p)?.cardCount).join(', ')}; ${JSON.stringify(people.flatMap((p) => p.messages).filter((m) => m.type === 'round:refused'))}`);
    });
    expect(people.flatMap((p) => p.messages).filter((m) => m.type === 'round:refused')).toEqual([]);
    expect(lastRound(onB)!.cards).toHaveLength(6);
  });

  it('starts rounds on more canvases at once than the pool has connections, without waiting on itself', async () => {
    const small = await startPostgresTestServer(url, { DATABASE_POOL_SIZE: '2' });
    try {
      const canvases = await Promise.all(Array.from({ length: 8 }, () => small.createCanvas()));
      const facilitators = await Promise.all(canvases.map((c) => stipSocket(small, c.tokens.facilitator, c.id)));
      facilitators.forEach((f, i) => f.send({ type: 'round:hello', key: `facilitator-${i}-key-0123456789`, name: 'Fien' }));
      await waitFor(() => facilitators.every((f) => f.messages.some((m) => m.type === 'rounds')), 5000, 'every first view');
      const started = Date.now();
      for (const f of facilitators) f.send({ type: 'round:start', zone: 'pillars' });
      const open = (f: (typeof facilitators)[number]) =>
        f.messages.some((m) => m.type === 'rounds' && m.rounds.at(-1)?.phase === 'write');
      await waitFor(() => facilitators.every(open), 5000, 'all eight rounds open');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(facilitators.flatMap((f) => f.messages).filter((m) => m.type === 'round:refused')).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('shows each process’s participants to the other’s (presence)', async () => {
    const onA = join(a);
    const onB = join(b);
    await Promise.all([onA.synced, onB.synced]);
    onA.provider.awareness.setLocalStateField('user', { name: 'Anna op A', color: '#00aa77' });
    await waitFor(() => onB.provider.awareness.getStates().get(onA.doc.clientID)?.user?.name === 'Anna op A', 5000, 'A’s presence on B');
  });

  it('catches up after its channel to the others was cut: what it missed arrives', async () => {
    const onA = join(a);
    const onB = join(b);
    await Promise.all([onA.synced, onB.synced]);
    onA.doc.getText('title').insert(0, 'voor ');
    await converged([onA, onB], 'the first edit');
    // Cut B's LISTEN connection from the server side, and write while it is down.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`);
    await admin.end();
    onA.doc.getText('title').insert(0, 'tijdens ');
    await converged([onA, onB], 'the edit made while the channel was down');
    expect(onB.doc.getText('title').toString()).toBe('tijdens voor ');
  });
});

describe('connections PostgreSQL drops', () => {
  it('survives losing the connection that holds a round lock, and locks again afterwards', async () => {
    const dbUrl = await newDatabaseUrl();
    const store = await openPostgres(dbUrl);
    const admin = new pg.Client({ connectionString: dbUrl });
    await admin.connect();
    try {
      const ran = await store.shared.exclusive('c', 'rounds', async () => {
        // The backend holding the advisory lock is cut, as a restart or failover would.
        await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()`);
        await new Promise((resolve) => setTimeout(resolve, 200));
        return 'ran';
      });
      expect(ran).toBe('ran');
      expect(await store.shared.exclusive('c', 'rounds', async () => 'again')).toBe('again');
    } finally {
      await admin.end();
      await store.close();
    }
  });
});

describe('compaction with several processes', () => {
  it('compacts 20,000 rows the room holds without reading them again, in seconds', async () => {
    const dbUrl = await newDatabaseUrl();
    const store = await openPostgres(dbUrl);
    try {
      const doc = new Y.Doc();
      const rows: { canvasId: string; update: Uint8Array }[] = [];
      doc.on('update', (update: Uint8Array) => rows.push({ canvasId: 'big', update }));
      await store.createCanvas(
        { id: 'big', title: 't', subtitle: '', language: 'nl', locked: false, tokens: { facilitator: 'f', editor: 'e', viewer: 'v' }, published: null, createdAt: 1, updatedAt: 1 },
        new Uint8Array([0, 0]),
      );
      for (let i = 0; i < 20_000; i++) doc.getText('title').insert(i, 'x');
      const numbers: number[] = [];
      for (let i = 0; i < rows.length; i += 5000) numbers.push(...((await store.appendUpdates(rows.slice(i, i + 5000), 2)) ?? []));
      const all = (await store.loadUpdates('big')).rows!;
      expect(all).toHaveLength(20_001);
      const started = Date.now();
      await store.compact('big', Y.encodeStateAsUpdate(doc), new Set(all));
      expect(Date.now() - started).toBeLessThan(5000);
      const stored = await store.loadUpdates('big');
      expect(stored.updates).toHaveLength(1);
      const check = new Y.Doc();
      Y.applyUpdate(check, stored.updates[0]!);
      expect(check.getText('title').length).toBe(20_000);
      expect(numbers).toHaveLength(20_000);
    } finally {
      await store.close();
    }
  });

  it('keeps the rows another process stored that the compacting one had not seen', async () => {
    const dbUrl = await newDatabaseUrl();
    const [one, two] = await Promise.all([openPostgres(dbUrl), openPostgres(dbUrl)]);
    try {
      const doc = new Y.Doc();
      doc.getText('title').insert(0, 'basis');
      const base = Y.encodeStateAsUpdate(doc);
      await one.createCanvas(
        { id: 'c', title: 't', subtitle: '', language: 'nl', locked: false, tokens: { facilitator: 'f', editor: 'e', viewer: 'v' }, published: null, createdAt: 1, updatedAt: 1 },
        base,
      );
      const other = new Y.Doc();
      Y.applyUpdate(other, base);
      other.getText('title').insert(5, ' en meer');
      await two.appendUpdates([{ canvasId: 'c', update: Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)) }], 2);
      // `one` compacts with only what it knows: the base, which it says is the first row.
      const [baseRow] = (await one.loadUpdates('c')).rows!;
      const row = await one.compact('c', base, new Set([baseRow!]));
      const stored = await one.loadUpdates('c');
      expect(stored.rows).toHaveLength(1);
      const check = new Y.Doc();
      Y.applyUpdate(check, stored.updates[0]!);
      expect(check.getText('title').toString()).toBe('basis en meer');
      // It merged a row it did not hold, so the new row is not the caller's alone: a second
      // compaction with what the caller then counts as covered keeps " en meer" too.
      expect(row).toBe(0);
      await one.compact('c', base, new Set(row ? [row] : []));
      const second = new Y.Doc();
      Y.applyUpdate(second, (await one.loadUpdates('c')).updates[0]!);
      expect(second.getText('title').toString()).toBe('basis en meer');
      // Told nothing, it merges every row: still nothing lost.
      await one.compact('c', base);
      const again = new Y.Doc();
      Y.applyUpdate(again, (await one.loadUpdates('c')).updates[0]!);
      expect(again.getText('title').toString()).toBe('basis en meer');
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });
});
