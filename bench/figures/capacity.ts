import path from 'node:path';
import { startChild, waitForOutput, type BenchChild } from '../lib/children';
import type { CreatedCanvas } from '../../shared/api';
import { atMost, info, type Figure } from '../lib/figures';
import { tempDir } from '../lib/servers';
import { sleep } from '../lib/stats';
import { createCanvas } from '../lib/stipApi';
import { connectClient, within, type BenchClient } from '../lib/yClient';
import type { HeapReport } from '../servers/heapReport';

const GROUP = '5 capacity';
const ROOMS = 100;
const EXTRA_PER_ROOM = 10;
const ROOM_IDLE_MS = 500;
const KiB = 1024;

/**
 * Heap of the server (after forced GC, reported by the server process itself) with 100 loaded
 * rooms of one client each, with ten more idle clients in each, and once every client has left
 * and the rooms have unloaded; twice, so the second cycle is measured against a warm baseline.
 */
export async function capacity(log: (line: string) => void): Promise<Figure[]> {
  const server = startChild('stip (in-process, --expose-gc)', process.execPath, ['--expose-gc', '--import', 'tsx', path.resolve('bench/servers/stipInProcess.ts')], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: tempDir('stip-bench-capacity-'),
      LOG_LEVEL: 'warn',
      MAX_CONNECTIONS_PER_IP: '100000',
      MAX_CANVASES_PER_IP_PER_HOUR: '100000',
      MAX_DUPLICATES_PER_CANVAS_PER_HOUR: '100000',
      ROOM_IDLE_MS: String(ROOM_IDLE_MS),
    },
  });
  const clients: BenchClient[] = [];
  try {
    const httpUrl = (await waitForOutput(server, /Stip is running at (http:\/\/[^\s]+)/))[1]!;
    const wsBase = `${httpUrl.replace(/^http/, 'ws')}/collab`;
    const canvases: CreatedCanvas[] = [];
    for (let i = 0; i <= ROOMS; i++) canvases.push(await createCanvas(httpUrl, { title: `Capacity ${i}` }));
    const [warm, ...rooms] = canvases;

    let n = 0;
    const join = async (canvas: CreatedCanvas) => {
      const client = connectClient(wsBase, canvas.id, canvas.tokens.editor);
      // As the editor does: a name and a colour in the awareness state.
      client.provider.awareness.setLocalStateField('user', { name: `Deelnemer ${n++}`, color: '#1f77b4' });
      clients.push(client);
      await within(client.synced, 30_000, 'capacity join');
      return client;
    };
    const settle = () => sleep(300);
    const leaveAll = async () => {
      for (const client of clients) client.destroy();
      clients.length = 0;
      await waitUnloaded(server);
      await settle();
    };
    // One full cycle: 100 rooms of one client, ten more clients in each, everyone leaves.
    const cycle = async () => {
      for (const room of rooms) await join(room);
      await settle();
      const loaded = await heap(server);
      if (loaded.loadedRooms !== ROOMS) throw new Error(`${loaded.loadedRooms} rooms loaded, expected ${ROOMS}`);
      for (let i = 0; i < EXTRA_PER_ROOM; i++) await Promise.all(rooms.map((room) => join(room)));
      await settle();
      const full = await heap(server);
      await leaveAll();
      return { loaded, full, after: await heap(server) };
    };

    (await join(warm!)).destroy();
    await leaveAll();
    const cold = await heap(server);
    // The first cycle compiles and caches what the server needs (JIT code is heap too); the
    // second is measured against the state the first left behind.
    const first = await cycle();
    const second = await cycle();
    const base = first.after;
    const { loaded, full, after } = second;

    const extra = ROOMS * EXTRA_PER_ROOM;
    const perConnection = (full.heapUsed - loaded.heapUsed) / extra;
    const perConnectionOffHeap = (full.external - loaded.external) / extra;
    const perRoom = (loaded.heapUsed - base.heapUsed) / ROOMS - perConnection;
    const residual = after.heapUsed - base.heapUsed;
    // GC noise is a few hundred KiB either way; a leak of 1 KiB per connection would be 1.1 MiB.
    const returned = (1 - residual / (full.heapUsed - base.heapUsed)) * 100;
    const mib = (b: number) => (b / 2 ** 20).toFixed(2);
    log(
      `  heap (MiB): start ${mib(cold.heapUsed)}; cycle 1: ${mib(first.loaded.heapUsed)} / ${mib(first.full.heapUsed)} / ${mib(first.after.heapUsed)}; ` +
        `cycle 2: ${mib(loaded.heapUsed)} / ${mib(full.heapUsed)} / ${mib(after.heapUsed)} (${ROOMS} rooms / +${extra} clients / all gone)`,
    );
    await server.stop();
    const reference = await referencePerConnection();
    return [
      atMost(GROUP, 'server heap per idle connection', perConnection / KiB, 'KiB', 5, undefined, `${extra} connections with a name in awareness; +${(perConnectionOffHeap / KiB).toFixed(1)} KiB off-heap`),
      info(GROUP, 'server heap per loaded room (blank canvas)', perRoom / KiB, 'KiB', `${ROOMS} rooms`),
      {
        group: GROUP,
        name: 'heap returned once every room unloaded',
        value: returned,
        unit: '%',
        target: '>= 95 % of the peak, 0 rooms loaded',
        targetValue: 95,
        met: returned >= 95 && after.loadedRooms === 0,
        note: `${(residual / KiB).toFixed(0)} KiB above the warm baseline of a peak +${mib(full.heapUsed - base.heapUsed)} MiB (${ROOMS} rooms, ${ROOMS + extra} clients); ${after.loadedRooms} rooms loaded`,
      },
      info(GROUP, 'reference server heap per idle connection', reference / KiB, 'KiB', 'same clients, for comparison'),
      info(GROUP, 'heap kept after the first cycle (warm-up)', (first.after.heapUsed - cold.heapUsed) / KiB, 'KiB', 'compiled code and caches; not repeated in the second cycle if nothing leaks'),
    ];
  } finally {
    for (const client of clients) client.destroy();
    await server.stop();
  }
}

function heap(server: BenchChild): Promise<HeapReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not report its heap')), 30_000);
    server.child.once('message', (report: HeapReport) => {
      clearTimeout(timer);
      resolve(report);
    });
    server.child.send({ type: 'heap' });
  });
}

async function waitUnloaded(server: BenchChild): Promise<void> {
  await sleep(ROOM_IDLE_MS);
  for (let i = 0; i < 50; i++) {
    if ((await heap(server)).loadedRooms === 0) return;
    await sleep(200);
  }
  throw new Error('rooms stayed loaded after every client left');
}

/** The same idle clients against the reference server: its heap per connection, for comparison. */
async function referencePerConnection(): Promise<number> {
  const server = startChild('reference (--expose-gc)', process.execPath, ['--expose-gc', '--import', 'tsx', path.resolve('bench/servers/referenceServer.ts')], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env },
  });
  const clients: BenchClient[] = [];
  try {
    const httpUrl = (await waitForOutput(server, /listening at (http:\/\/[^\s]+)/))[1]!;
    const wsBase = `${httpUrl.replace(/^http/, 'ws')}/collab`;
    let n = 0;
    const join = async (room: string) => {
      const client = connectClient(wsBase, room);
      client.provider.awareness.setLocalStateField('user', { name: `Deelnemer ${n++}`, color: '#1f77b4' });
      clients.push(client);
      await within(client.synced, 30_000, 'reference join');
    };
    const rooms = Array.from({ length: ROOMS }, (_, i) => `capacity-${i}`);
    for (const room of rooms) await join(room);
    await sleep(300);
    const loaded = await heap(server);
    for (let i = 0; i < EXTRA_PER_ROOM; i++) await Promise.all(rooms.map((room) => join(room)));
    await sleep(300);
    const full = await heap(server);
    return (full.heapUsed - loaded.heapUsed) / (ROOMS * EXTRA_PER_ROOM);
  } finally {
    for (const client of clients) client.destroy();
    await server.stop();
  }
}
