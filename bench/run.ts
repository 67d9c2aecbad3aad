// `npm run bench`: Stip's performance figures against their targets (issues 8 and 3).
// Every server runs as a child process group of its own; clients run outside it. Prints a
// table and writes bench-results/latest.json. `--only sync,pdf,...` runs some sections.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { killAllChildren } from './lib/children';
import { failed, formatTable, type Figure } from './lib/figures';
import { machineBusyPercent, othersBusy } from './lib/procCpu';
import { removeTempDirs } from './lib/servers';
import { bigRoom } from './figures/bigRoom';
import { capacity } from './figures/capacity';
import { clientLoad } from './figures/clientLoad';
import { coldOpen } from './figures/coldOpen';
import { downloads } from './figures/downloads';
import { joinBigCanvas } from './figures/joinBigCanvas';
import { judgeUpdates } from './figures/judgeUpdates';
import { pdfRender } from './figures/pdfRender';
import { postgresOpen, postgresSync } from './figures/postgres';
import { syncLatency } from './figures/syncLatency';

const SECTIONS = ['sync', 'pdf', 'cold', 'join', 'capacity', 'bigroom', 'client', 'judge', 'downloads', 'postgres', 'postgres-open'] as const;
type Section = (typeof SECTIONS)[number];

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    seconds: { type: 'string', default: '20' },
    out: { type: 'string', default: 'bench-results/latest.json' },
  },
});

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const only = args.only ? (args.only.split(',').map((s) => s.trim()) as Section[]) : [...SECTIONS];
  const unknown = only.filter((s) => !SECTIONS.includes(s));
  if (unknown.length > 0) throw new Error(`unknown section ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  const seconds = Number(args.seconds);
  // Anything else running here (a test run, a browser) moves every figure: measure it first.
  const busyBefore = await machineBusyPercent(2000);
  log(`Machine busy before the bench: ${busyBefore.toFixed(0)} % of ${os.cpus().length} cores${busyBefore > 15 ? ' -- something else is running; figures will be noisy' : ''}.`);
  const started = Date.now();
  const figures: Figure[] = [];
  const sectionLoad: Partial<Record<Section, number>> = {};
  const sections: Record<Section, { title: string; run: () => Promise<Figure[]> }> = {
    sync: { title: '1 sync under load', run: () => syncLatency({ rooms: 100, clients: 10, rate: 5, seconds, warmup: 3 }, log) },
    pdf: { title: '2 PDF', run: () => pdfRender(log) },
    cold: { title: '3 cold open', run: () => coldOpen(log) },
    join: { title: '4 join a big canvas', run: () => joinBigCanvas(log) },
    capacity: { title: '5 capacity', run: () => capacity(log) },
    bigroom: { title: '6 one big room', run: () => bigRoom(log) },
    client: { title: '7 client', run: () => clientLoad(log) },
    judge: { title: '8 judging an update', run: () => judgeUpdates(log) },
    downloads: { title: '9 downloads', run: () => downloads(log) },
    // Section 1's shape, scaled down so three setups take about a minute and a half (issue 18).
    postgres: { title: '10 postgres', run: () => postgresSync({ rooms: 30, clients: 6, rate: 5, seconds, warmup: 3 }, log) },
    'postgres-open': { title: '10b cold open, join and reconnect storm, SQLite and PostgreSQL', run: () => postgresOpen(log) },
  };
  for (const section of SECTIONS) {
    if (!only.includes(section)) continue;
    const { title, run } = sections[section];
    const sectionStart = Date.now();
    const others = othersBusy();
    log(`\n== ${title}`);
    try {
      figures.push(...(await run()));
    } catch (error) {
      log(`  failed: ${(error as Error).stack ?? String(error)}`);
      figures.push(failed(title, 'section', error));
    } finally {
      killAllChildren();
      removeTempDirs();
    }
    // Only children the bench has stopped count as its own, so this is exact once the section is over.
    const othersPercent = others.stop();
    sectionLoad[section] = othersPercent;
    log(`  (${((Date.now() - sectionStart) / 1000).toFixed(1)} s; other processes used ${othersPercent.toFixed(0)} % of the machine meanwhile)`);
  }
  const durationSeconds = (Date.now() - started) / 1000;
  const busyAfter = await machineBusyPercent(1000);
  log(`\n${formatTable(figures)}\n`);
  const load = Object.entries(sectionLoad).map(([name, percent]) => `${name} ${percent.toFixed(0)} %`).join(', ');
  log(`Other processes on this machine: ${busyBefore.toFixed(0)} % before the bench, ${busyAfter.toFixed(0)} % after; during the sections: ${load} (of ${os.cpus().length} cores).`);
  const judged = figures.filter((f) => f.met !== null);
  const missed = judged.filter((f) => f.met === false);
  log(`${judged.length - missed.length}/${judged.length} targets met; bench took ${durationSeconds.toFixed(0)} s.`);

  const out = path.resolve(args.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const cpus = os.cpus();
  fs.writeFileSync(
    out,
    `${JSON.stringify(
      {
        ranAt: new Date(started).toISOString(),
        durationSeconds,
        machine: { cpus: cpus.length, model: cpus[0]?.model ?? 'unknown', memoryGiB: os.totalmem() / 2 ** 30, node: process.version, platform: `${os.platform()} ${os.release()}` },
        otherProcessesPercent: { before: busyBefore, after: busyAfter, sections: sectionLoad },
        sections: only,
        figures,
        met: judged.length - missed.length,
        judged: judged.length,
      },
      null,
      2,
    )}\n`,
  );
  log(`Wrote ${path.relative(process.cwd(), out)}.`);
  return 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllChildren();
    removeTempDirs();
    process.exit(130);
  });
}
process.on('exit', () => {
  killAllChildren();
  removeTempDirs();
});

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    killAllChildren();
    process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
