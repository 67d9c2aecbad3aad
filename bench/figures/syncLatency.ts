import readline from 'node:readline';
import { startChild, TSX } from '../lib/children';
import { atMost, info, type Figure } from '../lib/figures';
import { HttpProbe } from '../lib/probe';
import { startReference, startRelay, startStip, type ServerUnderTest } from '../lib/servers';
import type { SyncLoadResult } from '../syncLoad';

const GROUP = '1 sync under load';

export interface SyncLatencyOptions {
  rooms: number;
  clients: number;
  rate: number;
  seconds: number;
  warmup: number;
}

export interface Run {
  server: string;
  load: SyncLoadResult;
  probe: { p50: number; p99: number; max: number; samples: number };
}

/**
 * 100 rooms x 10 y-websocket clients, one writer per room at 5 updates/s, against the bare
 * relay, the reference server and Stip, one after the other in the same run. The clients run
 * in their own process (bench/syncLoad.ts); the server's CPU comes from /proc of its group.
 */
export async function syncLatency(options: SyncLatencyOptions, log: (line: string) => void): Promise<Figure[]> {
  const runs: Run[] = [];
  for (const start of [startRelay, startReference, () => startStip()]) {
    const server = await start();
    try {
      log(`  ${server.label}: ${options.rooms} rooms x ${options.clients} clients, ${options.rate}/s per room, ${options.seconds} s`);
      runs.push(await runLoad(loadTarget(server), options));
      const run = runs[runs.length - 1]!;
      log(
        `    p50 ${run.load.latencyMs.p50.toFixed(1)} ms, p99 ${run.load.latencyMs.p99.toFixed(1)} ms, ` +
          `CPU/delivery ${run.load.serverCpuPerDeliveryUs?.toFixed(1)} us, ${run.load.deliveries}/${run.load.expectedDeliveries} delivered`,
      );
    } finally {
      await server.stop();
    }
  }
  const [relay, reference, stip] = runs as [Run, Run, Run];
  const figures: Figure[] = [];
  for (const run of [stip, reference, relay]) {
    const l = run.load;
    const isStip = run === stip;
    if (isStip) {
      figures.push(atMost(GROUP, 'Stip p99 latency', l.latencyMs.p99, 'ms', reference.load.latencyMs.p99, `<= reference (${reference.load.latencyMs.p99.toFixed(1)} ms)`));
    } else {
      figures.push(info(GROUP, `${run.server} p99 latency`, l.latencyMs.p99, 'ms', 'floor, same run'));
    }
    figures.push(info(GROUP, `${run.server} p50 latency`, l.latencyMs.p50, 'ms'));
    figures.push(info(GROUP, `${run.server} max latency`, l.latencyMs.max, 'ms'));
    const cpu = l.serverCpuPerDeliveryUs;
    if (isStip) {
      const limit = (relay.load.serverCpuPerDeliveryUs ?? Number.NaN) * 1.15;
      figures.push(atMost(GROUP, 'Stip server CPU per delivered update', cpu, 'us', limit, `<= 1.15 x relay (${limit.toFixed(1)} us)`, `${l.serverCpuSeconds?.toFixed(2)} s CPU for ${l.deliveries} deliveries`));
    } else {
      figures.push(info(GROUP, `${run.server} server CPU per delivered update`, cpu, 'us', `${l.serverCpuSeconds?.toFixed(2)} s CPU for ${l.deliveries} deliveries`));
    }
    figures.push(info(GROUP, `${run.server} event-loop lag (HTTP probe p99)`, run.probe.p99, 'ms', `max ${run.probe.max.toFixed(1)} ms over ${run.probe.samples} probes`));
    if (isStip) {
      figures.push({
        group: GROUP,
        name: 'Stip deliveries',
        value: l.deliveries,
        unit: '',
        target: `= ${l.expectedDeliveries} expected`,
        targetValue: l.expectedDeliveries,
        met: l.deliveries === l.expectedDeliveries && l.disconnects === 0,
        note: `${l.disconnects} disconnects; client loop delay p99 ${l.clientLoopDelayP99Ms.toFixed(1)} ms`,
      });
    }
  }
  return figures;
}

/** What the clients of one run connect to, and whose CPU counts. */
export interface LoadTarget {
  label: string;
  /** One or more servers of one store; each room's clients are dealt over them. */
  wsBases: string[];
  /** Probed every 50 ms in the window (the first server's). */
  probeUrl: string;
  /** Create the rooms as Stip canvases and join with their tokens. */
  stip: boolean;
  /** Process groups (the servers') whose CPU counts. */
  cpuGroups: number[];
  /** Processes whose CPU counts with their children's (PostgreSQL's postmaster). */
  cpuTrees?: number[];
}

export function loadTarget(server: ServerUnderTest): LoadTarget {
  return {
    label: server.label,
    wsBases: [server.wsBase],
    probeUrl: `${server.httpUrl}${server.probePath}`,
    stip: server.label === 'Stip',
    cpuGroups: [server.child.pgid],
  };
}

/** One run of bench/syncLoad.ts against `target`, in a process of its own. */
export async function runLoad(target: LoadTarget, options: SyncLatencyOptions): Promise<Run> {
  const args = [
    'bench/syncLoad.ts',
    '--url', target.wsBases.join(','),
    '--rooms', String(options.rooms),
    '--clients', String(options.clients),
    '--rate', String(options.rate),
    '--seconds', String(options.seconds),
    '--warmup', String(options.warmup),
    '--cpu-pgid', target.cpuGroups.join(','),
  ];
  if (target.cpuTrees && target.cpuTrees.length > 0) args.push('--cpu-tree', target.cpuTrees.join(','));
  if (target.stip) args.push('--stip');
  const load = startChild(`syncLoad (${target.label})`, TSX, args, { env: { ...process.env } });
  const probe = new HttpProbe(target.probeUrl);
  let result: SyncLoadResult | null = null;
  const lines = readline.createInterface({ input: load.child.stdout! });
  lines.on('line', (line) => {
    if (line === 'WINDOW START') probe.start();
    else if (line === 'WINDOW END') void probe.stop();
    else if (line.startsWith('RESULT ')) result = JSON.parse(line.slice('RESULT '.length)) as SyncLoadResult;
  });
  const timeout = setTimeout(() => void load.stop(), (options.seconds + options.warmup + 120) * 1000);
  const code = await load.exited;
  clearTimeout(timeout);
  const probeResult = await probe.stop();
  if (code !== 0 || !result) throw new Error(`syncLoad against ${target.label} failed (${code}):\n${load.output().slice(-2000)}`);
  return { server: target.label, load: result, probe: probeResult };
}
