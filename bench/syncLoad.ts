// The sync-latency harness: N rooms x M real y-websocket clients against any y-websocket
// server, one writer per room at a fixed rate, delivery latency measured at the receivers.
//
//   tsx bench/syncLoad.ts --url ws://127.0.0.1:1234/collab [--token T] [--stip]
//       [--rooms 100] [--clients 10] [--rate 5] [--seconds 20] [--warmup 3] [--cpu-pgid PID]
//       [--cpu-tree PID]
//
// --url may list several servers of one store, comma-separated (Stip processes on one
// PostgreSQL): each room's clients are dealt over them in turn, the writer on the first.
// Rooms are path segments (`${url}/${room}`), the token a query parameter when given. With
// --stip the rooms are Stip canvases created first (POST /api/canvases on the URL's origin),
// each joined with its own editor token. With --cpu-pgid the server's CPU (every process of
// that group, from /proc) is read at the start and end of the measured window; it may list
// several groups, comma-separated, and --cpu-tree adds processes with their children
// (PostgreSQL's postmaster and its backends).
// The last line of output is `RESULT <json>`; `WINDOW START` / `WINDOW END` mark the window.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type * as Y from 'yjs';
import { groupCpuSeconds, treeCpuSeconds } from './lib/procCpu';
import { maxOf, quantile, sleep } from './lib/stats';
import { createCanvas } from './lib/stipApi';
import { connectClient, within, type BenchClient } from './lib/yClient';

export interface SyncLoadResult {
  rooms: number;
  clientsPerRoom: number;
  updatesPerSecond: number;
  windowSeconds: number;
  connectSeconds: number;
  sent: number;
  expectedDeliveries: number;
  deliveries: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** With several --url: the deliveries to clients on another server than the room's writer. */
  elsewhereLatencyMs: { p50: number; p99: number; max: number; deliveries: number } | null;
  serverCpuSeconds: number | null;
  /** The part of serverCpuSeconds that the --cpu-tree processes used (PostgreSQL). */
  treeCpuSeconds: number | null;
  serverCpuPerDeliveryUs: number | null;
  clientLoopDelayP99Ms: number;
  disconnects: number;
}

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    token: { type: 'string' },
    stip: { type: 'boolean', default: false },
    rooms: { type: 'string', default: '100' },
    clients: { type: 'string', default: '10' },
    rate: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    'cpu-pgid': { type: 'string' },
    'cpu-tree': { type: 'string' },
  },
});

const MAP_NAME = 'bench-sync';
const CONNECT_BATCH = 100;

async function main(): Promise<void> {
  if (!args.url) throw new Error('--url ws://host:port/path is required');
  const urls = args.url.split(',').map((u) => u.trim().replace(/\/+$/, ''));
  const roomCount = Number(args.rooms);
  const perRoom = Number(args.clients);
  const rate = Number(args.rate);
  const windowMs = Number(args.seconds) * 1000;
  const warmupMs = Number(args.warmup) * 1000;
  const pids = (list: string | undefined) => (list ? list.split(',').map(Number) : []);
  const [cpuGroups, cpuTrees] = [pids(args['cpu-pgid']), pids(args['cpu-tree'])];
  const measureCpu = cpuGroups.length + cpuTrees.length > 0;
  const serverCpu = () => ({
    groups: cpuGroups.reduce((sum, pgid) => sum + groupCpuSeconds(pgid), 0),
    trees: cpuTrees.reduce((sum, pid) => sum + treeCpuSeconds(pid), 0),
  });
  if (![roomCount, perRoom, rate, windowMs, warmupMs].every((n) => Number.isFinite(n) && n >= 0) || perRoom < 2) {
    throw new Error('--rooms, --clients (at least 2), --rate, --seconds and --warmup must be numbers');
  }

  const rooms = await roomList(urls[0]!, roomCount);
  const clients: BenchClient[][] = [];
  const latencies = new Float64Array(Math.ceil((rate * (windowMs + warmupMs + 5000)) / 1000) * roomCount * perRoom + 16);
  let recorded = 0;
  const elsewhere = new Float64Array(urls.length > 1 ? latencies.length : 0);
  let recordedElsewhere = 0;
  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.POSITIVE_INFINITY;
  let disconnects = 0;
  const now = () => performance.timeOrigin + performance.now();

  // Connect everyone first, in batches, so the window measures steady state only.
  const connectStart = performance.now();
  try {
    for (let r = 0; r < rooms.length; r++) clients.push([]);
    const all: { room: number; index: number }[] = [];
    for (let r = 0; r < rooms.length; r++) for (let i = 0; i < perRoom; i++) all.push({ room: r, index: i });
    for (let b = 0; b < all.length; b += CONNECT_BATCH) {
      const batch = all.slice(b, b + CONNECT_BATCH).map(({ room, index }) => {
        const server = index % urls.length;
        const client = connectClient(urls[server]!, rooms[room]!.name, rooms[room]!.token);
        // No awareness: y-websocket 3 clients re-send every awareness update they receive, which
        // a bare relay would multiply by the room size; this figure is about document updates.
        // Set before the socket opens, so nothing is sent.
        client.provider.awareness.setLocalState(null);
        clients[room]![index] = client;
        if (index > 0) {
          // A receiver: every key the writer sets carries the writer's send time.
          const map = client.doc.getMap<number>(MAP_NAME);
          map.observe((event: Y.YMapEvent<number>) => {
            const at = now();
            for (const key of event.keysChanged) {
              const sentAt = map.get(key);
              if (sentAt === undefined || sentAt < windowStart || sentAt > windowEnd) continue;
              if (recorded < latencies.length) latencies[recorded++] = at - sentAt;
              if (server !== 0 && recordedElsewhere < elsewhere.length) elsewhere[recordedElsewhere++] = at - sentAt;
            }
          });
        }
        client.provider.on('status', ({ status }: { status: string }) => {
          if (status === 'disconnected') disconnects += 1;
        });
        return client.synced;
      });
      await within(Promise.all(batch), 60_000, `sync of clients ${b}-${b + batch.length}`);
    }
    const connectSeconds = (performance.now() - connectStart) / 1000;

    // One writer per room, the rooms' phases spread evenly over the period.
    const periodMs = 1000 / rate;
    const timers: NodeJS.Timeout[] = [];
    let sent = 0;
    let sentInWindow = 0;
    rooms.forEach((_, r) => {
      const writer = clients[r]![0]!;
      const map = writer.doc.getMap<number>(MAP_NAME);
      let seq = 0;
      const write = () => {
        const at = now();
        map.set(String(seq++), at);
        sent += 1;
        if (at >= windowStart && at <= windowEnd) sentInWindow += 1;
      };
      timers.push(
        setTimeout(() => {
          write();
          timers.push(setInterval(write, periodMs));
        }, (r * periodMs) / rooms.length),
      );
    });

    await sleep(warmupMs);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const cpuStart = serverCpu();
    windowStart = now();
    process.stdout.write('WINDOW START\n');
    await sleep(windowMs);
    windowEnd = now();
    for (const timer of timers) clearTimeout(timer);
    // Let the last updates arrive before reading the server's CPU.
    await sleep(500);
    const cpuEnd = serverCpu();
    process.stdout.write('WINDOW END\n');
    loop.disable();

    const measured = latencies.subarray(0, recorded);
    const treeCpu = cpuEnd.trees - cpuStart.trees;
    const serverCpuSeconds = measureCpu ? cpuEnd.groups - cpuStart.groups + treeCpu : null;
    const measuredElsewhere = elsewhere.subarray(0, recordedElsewhere);
    const result: SyncLoadResult = {
      rooms: rooms.length,
      clientsPerRoom: perRoom,
      updatesPerSecond: rate * rooms.length,
      windowSeconds: windowMs / 1000,
      connectSeconds,
      sent,
      expectedDeliveries: sentInWindow * (perRoom - 1),
      deliveries: recorded,
      latencyMs: { p50: quantile(measured, 0.5), p99: quantile(measured, 0.99), max: maxOf(measured) },
      elsewhereLatencyMs:
        urls.length > 1
          ? { p50: quantile(measuredElsewhere, 0.5), p99: quantile(measuredElsewhere, 0.99), max: maxOf(measuredElsewhere), deliveries: recordedElsewhere }
          : null,
      serverCpuSeconds,
      treeCpuSeconds: cpuTrees.length > 0 ? treeCpu : null,
      serverCpuPerDeliveryUs: serverCpuSeconds === null || recorded === 0 ? null : (serverCpuSeconds / recorded) * 1e6,
      clientLoopDelayP99Ms: loop.percentile(99) / 1e6,
      disconnects,
    };
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  } finally {
    for (const room of clients) for (const client of room) client?.destroy();
  }
}

/** The rooms to load: Stip canvases created over HTTP, or plain names. */
async function roomList(url: string, count: number): Promise<{ name: string; token?: string }[]> {
  if (!args.stip) {
    const run = Math.random().toString(36).slice(2, 8);
    return Array.from({ length: count }, (_, i) => ({ name: `bench-${run}-${i}`, token: args.token }));
  }
  const origin = new URL(url);
  const httpOrigin = `${origin.protocol === 'wss:' ? 'https' : 'http'}://${origin.host}`;
  const rooms: { name: string; token?: string }[] = [];
  for (let i = 0; i < count; i++) {
    const created = await createCanvas(httpOrigin, { title: `Bench ${i}` });
    rooms.push({ name: created.id, token: created.tokens.editor });
  }
  return rooms;
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`syncLoad failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
