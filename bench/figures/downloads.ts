import fs from 'node:fs';
import { bigListCanvas } from '../../tests/helpers/bigCanvas';
import { startChild, TSX, waitForOutput } from '../lib/children';
import { atMost, info, type Figure } from '../lib/figures';
import { startStip, type StipUnderTest } from '../lib/servers';
import { maxOf, median, quantile, sleep } from '../lib/stats';
import { createCanvas, importCanvasOverHttp } from '../lib/stipApi';

const GROUP = '9 downloads';
const ITEMS = 100_000;
const PARALLEL = 20;
/** Long enough for a p99 of several hundred round trips, not of the two slowest. */
const QUIET_MS = 20_000;
const SETTLE_MS = 5000;
/** The PDF of 100,000 items takes minutes: the bench's deadline keeps the section short. */
const DEADLINE_MS = 10_000;

/** What the prober measured since its mark: round trips ([ms after the mark, ms]) and /healthz (ms). */
interface Taken {
  trips: [number, number][];
  healthz: number[];
}

/** The `n` slowest round trips, as "ms at s" after the mark: where to look in a server's profile. */
function slowest(trips: [number, number][], n = 6): string {
  return [...trips]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([at, ms]) => `${ms.toFixed(0)} ms at ${(at / 1000).toFixed(1)} s`)
    .join(', ');
}

/** The prober (bench/servers/prober.ts), in a small room of its own, and its commands. */
async function startProber(server: StipUnderTest) {
  const canvas = await createCanvas(server.httpUrl, { title: 'Elders' });
  const prober = startChild('prober', TSX, ['bench/servers/prober.ts', server.httpUrl, server.wsBase, canvas.id, canvas.tokens.editor, canvas.tokens.viewer], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  await waitForOutput(prober, /^ready$/m);
  let takes = 0;
  return {
    /** Times from now on, with /healthz too when asked. */
    mark(healthz = false) {
      prober.child.stdin?.write(healthz ? 'mark healthz\n' : 'mark\n');
    },
    /** What was measured since the mark (and /healthz stops). */
    async take(): Promise<Taken> {
      takes += 1;
      prober.child.stdin?.write('take\n');
      const line = await waitForOutput(prober, new RegExp(`^take ${takes} (.*)$`, 'm'));
      return JSON.parse(line[1]!) as Taken;
    },
    stop: () => prober.stop(),
  };
}

/**
 * Linux groups each session's processes (autogroup) and shares the CPU between the groups
 * before `nice` counts inside a group. The downloader leads a session of its own, so its nice
 * alone would leave it an equal share beside the server: its group gets the lowest priority too.
 */
function lowestGroupPriority(pid: number): void {
  try {
    fs.writeFileSync(`/proc/${pid}/autogroup`, '19');
  } catch {
    // No autogroup (another OS, or a kernel without it): nice is all there is.
  }
}

/**
 * The big canvas, imported, and the size of its export JSON. Its 100,000 items are made in here
 * and dropped: a bench process that kept them would time the other room through the longer
 * garbage collections of its own heap.
 */
async function importBig(server: StipUnderTest) {
  const data = bigListCanvas(ITEMS, 'Groot canvas');
  const big = await importCanvasOverHttp(server.httpUrl, data);
  return { big, exportMiB: JSON.stringify(data).length / 2 ** 20 };
}

/**
 * A 100,000-item canvas (about 5 MB encoded), imported. Another room's update round trip,
 * quiet, then while 20 exports and 20 PDFs of the big canvas are asked for at once: first with
 * the big canvas not loaded (its stored rows go to the workers), then, after a quiet of its own,
 * with a viewer in it (the workers read the stored rows once the room's updates are stored). `/healthz` is probed all
 * along. The timing, the downloads (asked for and received) and the viewer are each a process
 * of their own (the last two as on other people's machines): the process that times the other
 * room and /healthz does nothing else, so what it measures is the server's.
 */
export async function downloads(log: (line: string) => void): Promise<Figure[]> {
  const server = await startStip({ MAX_BODY_BYTES: String(64 * 1024 * 1024), DOWNLOAD_TIMEOUT_MS: String(DEADLINE_MS) });
  const figures: Figure[] = [];
  try {
    const { big, exportMiB } = await importBig(server);
    const probe = await startProber(server);
    // The server settles after the import (its garbage collected) before quiet is measured.
    await sleep(SETTLE_MS);
    /** Another room's round trips while nothing else happens: what a burst is compared with. */
    const quietly = async (label: string) => {
      probe.mark();
      await sleep(QUIET_MS);
      const quiet = (await probe.take()).trips.map(([, ms]) => ms);
      const p99 = quantile(quiet, 0.99);
      log(`  other room ${label}: p50 ${median(quiet).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (${quiet.length} round trips)`);
      figures.push(info(GROUP, `other room round trip, ${label}, p50`, median(quiet), 'ms'), info(GROUP, `other room round trip, ${label}, p99`, p99, 'ms'));
      return p99;
    };

    const burst = async (label: string, quietP99: number) => {
      probe.mark(true);
      const started = performance.now();
      // Interleaved, so exports and PDFs both get places in the queue; asked by another process.
      const paths = Array.from({ length: PARALLEL * 2 }, (_, i) => (i % 2 === 0 ? 'export' : 'pdf'));
      // At the lowest priority: the people who download use their own machines' CPU, not the
      // server's. At nice 0, on this 2-core machine, receiving 40 files competed with the server
      // and the bench as no real downloader does.
      const downloader = startChild('downloader', 'nice', ['-n', '19', TSX, 'bench/servers/downloader.ts', server.httpUrl, big.id, big.tokens.viewer, ...paths]);
      lowestGroupPriority(downloader.pgid);
      const code = await downloader.exited;
      if (code !== 0) throw new Error(`the downloader ended with ${code}:\n${downloader.output().slice(-2000)}`);
      const outcomes = JSON.parse(downloader.output().trim().split('\n').pop() ?? '[]') as string[];
      const seconds = (performance.now() - started) / 1000;
      const taken = await probe.take();
      const rooms = taken.trips.map(([, ms]) => ms);
      const healthz = { p99: quantile(taken.healthz, 0.99), max: maxOf(taken.healthz), samples: taken.healthz.length };
      const counts = new Map<string, number>();
      for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
      const answers = [...counts].sort().map(([outcome, n]) => `${n} x ${outcome}`).join(', ');
      const p99 = quantile(rooms, 0.99);
      log(`  ${label}: ${answers} in ${seconds.toFixed(1)} s; other room p50 ${median(rooms).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${maxOf(rooms).toFixed(0)} ms (${rooms.length}); /healthz p99 ${healthz.p99.toFixed(0)} ms, max ${healthz.max.toFixed(0)} ms (${healthz.samples})`);
      log(`    slowest round trips: ${slowest(taken.trips)}`);
      figures.push(
        info(GROUP, `${label}: other room round trip, p50`, median(rooms), 'ms', `${rooms.length} round trips in ${seconds.toFixed(0)} s`),
        atMost(GROUP, `${label}: other room round trip, p99`, p99, 'ms', 2 * quietP99, `<= 2 x its quiet p99 (${(2 * quietP99).toFixed(1)} ms)`, `max ${maxOf(rooms).toFixed(0)} ms`),
        atMost(GROUP, `${label}: /healthz max`, healthz.max, 'ms', 200, undefined, `p99 ${healthz.p99.toFixed(0)} ms; ${answers}`),
      );
    };

    await burst('20 exports + 20 PDFs, canvas not loaded', await quietly('quiet'));
    const viewer = startChild('viewer', TSX, ['bench/servers/viewer.ts', server.wsBase, big.id, big.tokens.viewer]);
    const joined = JSON.parse((await waitForOutput(viewer, /^\{.*\}$/m, 120_000))[0]) as { bytes: number; encodeMs: number[] };
    log(`  ${ITEMS} list items: ${(joined.bytes / 2 ** 20).toFixed(2)} MiB encoded, ${exportMiB.toFixed(1)} MiB of export JSON`);
    figures.push(
      info(GROUP, 'big canvas, encoded', joined.bytes / 2 ** 20, 'MiB', `${ITEMS} list items`),
      info(GROUP, 'Y.encodeStateAsUpdate of it (once per change, then cached)', median(joined.encodeMs), 'ms', 'median of 5, in the viewer process'),
    );
    // The server settles after loading the room (its garbage collected). Quiet again, with the
    // big room loaded: a heap of a few hundred megabytes collects more slowly, downloads or not.
    await sleep(SETTLE_MS);
    await burst('same, canvas loaded (a viewer in it)', await quietly('quiet, canvas loaded'));
    await viewer.stop();
    await probe.stop();
    return figures;
  } finally {
    await server.stop();
  }
}
