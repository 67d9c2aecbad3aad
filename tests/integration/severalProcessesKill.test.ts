import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CreatedCanvas } from '../../shared/api';
import { connectClient, waitFor, type CollabClient } from '../helpers/collabClient';
import { newDatabaseUrl, openPostgres } from '../helpers/postgres';
import { rawState } from '../helpers/roomSimulation';
import { spawnServer, type ServerProcess } from '../helpers/serverProcess';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy';
import { connectTrackedClient, type TrackedClient } from '../helpers/trackedClient';
import { postCanvas } from '../helpers/testServer';

/** Updates each writer sends; one writer per process, each into its own root array. */
const UPDATES = 400;

/**
 * Two Stip processes on one PostgreSQL, as two machines behind a load balancer (a TCP proxy
 * here). One is killed with SIGKILL while clients on both type; the proxy sends the dead one's
 * clients to the survivor, as a load balancer's health check would, and y-websocket reconnects.
 */
describe('kill -9 of one of two processes on one PostgreSQL', () => {
  const processes: ServerProcess[] = [];
  const clients: CollabClient[] = [];
  let proxy: TcpProxy | undefined;
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await proxy?.close();
    for (const p of processes) {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        p.child.kill('SIGKILL');
        await p.exited;
      }
    }
  });

  it('loses nothing the dead one confirmed, moves its clients to the survivor, and a restarted one rejoins', async () => {
    const url = await newDatabaseUrl();
    const env = { DATABASE_URL: url, MAX_MESSAGES_PER_SECOND: '100000' };
    const [one, two] = await Promise.all([spawnServer(env), spawnServer(env)]);
    processes.push(one!, two!);
    const port = (p: ServerProcess) => Number(new URL(p.url).port);
    proxy = await startTcpProxy(port(one!));
    const canvas: CreatedCanvas = await postCanvas(proxy.url);

    const track = <T extends CollabClient>(client: T): T => {
      clients.push(client);
      return client;
    };
    // Through the proxy (process one, then the survivor), and straight to process two.
    const writerOne: TrackedClient = track(connectTrackedClient(proxy.url, canvas.id, canvas.tokens.editor));
    const readerOne = track(connectClient(proxy.url, canvas.id, canvas.tokens.viewer));
    const writerTwo: TrackedClient = track(connectTrackedClient(two!.url, canvas.id, canvas.tokens.editor));
    const readerTwo = track(connectClient(two!.url, canvas.id, canvas.tokens.viewer));
    const all = [writerOne, readerOne, writerTwo, readerTwo];
    await Promise.all(all.map((c) => c.synced));
    await waitFor(() => writerOne.tracker.allStored, 5000, 'the first writer’s step 2 confirmed');

    let killed = false;
    let confirmedMessages = 0;
    let seenByReaders: number[] = [];
    const kill = () => {
      if (killed) return;
      killed = true;
      one!.child.kill('SIGKILL');
      proxy!.target = port(two!);
      confirmedMessages = writerOne.stipMessages.reduce((max, m) => (m.type === 'stored' ? Math.max(max, m.clock) : max), 0);
      seenByReaders = [...new Set([...readerOne.doc.getArray<number>('one').toArray(), ...readerTwo.doc.getArray<number>('one').toArray()])];
    };
    // Both type in bursts; the kill lands halfway, with updates in flight on process one.
    const logOne = writerOne.doc.getArray<number>('one');
    const logTwo = writerTwo.doc.getArray<number>('two');
    for (let i = 0; i < UPDATES; i++) {
      logOne.push([i]);
      logTwo.push([i]);
      if (i === UPDATES / 2) kill();
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await one!.exited).toBe('SIGKILL');

    // What process one had confirmed is in PostgreSQL, whatever the clients send again later.
    const confirmedValues = Array.from({ length: Math.max(0, confirmedMessages - 1) }, (_, i) => i);
    expect(confirmedValues.length).toBeGreaterThan(0);
    const store = await openPostgres(url);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, Y.mergeUpdates((await store.loadUpdates(canvas.id)).updates));
    await store.close();
    const storedOne = new Set(stored.getArray<number>('one').toArray());
    expect(confirmedValues.filter((v) => !storedOne.has(v))).toEqual([]);

    // The dead one's clients reconnect through the proxy to the survivor; everyone converges.
    await waitFor(() => writerOne.provider.wsconnected && readerOne.provider.wsconnected, 15_000, 'the moved clients to reconnect');
    const same = () => all.every((c) => JSON.stringify(rawState(c.doc)) === JSON.stringify(rawState(writerTwo.doc)));
    await waitFor(same, 20_000, 'all four documents identical');
    const every = Array.from({ length: UPDATES }, (_, i) => i);
    expect(readerTwo.doc.getArray<number>('one').toArray().sort((x, y) => x - y)).toEqual(every);
    expect(readerOne.doc.getArray<number>('two').toArray()).toEqual(every);
    const final = new Set(readerTwo.doc.getArray<number>('one').toArray());
    expect(seenByReaders.filter((v) => !final.has(v))).toEqual([]);

    // A restarted process rejoins: it serves the canvas as it is, and its clients' edits reach
    // the survivor's, without the survivor restarting.
    const again = await spawnServer(env);
    processes.push(again);
    const late = track(connectClient(again.url, canvas.id, canvas.tokens.editor));
    await late.synced;
    expect(rawState(late.doc)).toEqual(rawState(writerTwo.doc));
    late.doc.getText('title').insert(0, 'Na de herstart ');
    await waitFor(() => readerTwo.doc.getText('title').toString().startsWith('Na de herstart '), 5000, 'the restarted process’s edit on the survivor');
    console.log(
      `kill -9 of one of two processes: writer on it had ${confirmedValues.length} of ${UPDATES} confirmed at the kill, readers had seen ${seenByReaders.length}; all ${UPDATES} + ${UPDATES} present after reconnecting`,
    );
  });
});

describe('a DATABASE_URL that cannot be used', () => {
  /** Runs server/main.ts as `npm start` would; its exit code and what it printed. */
  const start = (env: Record<string, string>) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.once('exit', (code) => resolve({ code, output }));
    });

  it('stops start-up with one sentence: unreachable, wrong database, not a PostgreSQL URL', async () => {
    const unreachable = await start({ DATABASE_URL: 'postgres://stip:geheim@127.0.0.1:1/stip' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.output.trim()).toBe('Stip cannot start: PostgreSQL at 127.0.0.1:1/stip cannot be reached: nothing accepts connections there (ECONNREFUSED).');

    const serverUrl = new URL(await newDatabaseUrl());
    serverUrl.pathname = '/no_such_database';
    const missing = await start({ DATABASE_URL: serverUrl.toString() });
    expect(missing.code).toBe(1);
    expect(missing.output.trim()).toMatch(/^Stip cannot start: PostgreSQL at 127\.0\.0\.1:\d+\/no_such_database cannot be reached: database "no_such_database" does not exist\.$/);

    const wrong = await start({ DATABASE_URL: 'mysql://stip:geheim@localhost/stip' });
    expect(wrong.code).toBe(1);
    expect(wrong.output.trim()).toBe(
      'Stip cannot start: DATABASE_URL must be a PostgreSQL URL such as postgres://stip:secret@db.example.org:5432/stip (got "mysql://…@localhost/stip").',
    );
    // The password is never printed.
    expect(unreachable.output + missing.output + wrong.output).not.toContain('geheim');
  });
});
