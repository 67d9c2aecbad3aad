import fs from 'node:fs';
import { bigListCanvas } from '../../tests/helpers/bigCanvas';
import { startChild, TSX, waitForOutput } from '../lib/children';
import { atMost, info, type Figure } from '../lib/figures';
import { HttpProbe } from '../lib/probe';
import { startStip, type StipUnderTest } from '../lib/servers';
import { maxOf, median, quantile, sleep } from '../lib/stats';
import { createCanvas, importCanvasOverHttp } from '../lib/stipApi';
import { connectClient, within } from '../lib/yClient';

const GROUP = '9 downloads';
const ITEMS = 100_000;
const PARALLEL = 20;
/** Long enough for a p99 of several hundred round trips, not of the two slowest. */
const QUIET_MS = 20_000;
const SETTLE_MS = 5000;
/** The PDF of 100,000 items takes minutes: the bench's deadline keeps the section short. */
const DEADLINE_MS = 10_000;

/** One round trip: when it was sent (performance.now()) and how long it took. */
interface RoundTrip {
  at: number;
  ms: number;
}

/** The `n` slowest round trips, as "ms at s" after `start`: where to look in a server's profile. */
function slowest(trips: RoundTrip[], start: number, n = 6): string {
  return [...trips]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, n)
    .map((trip) => `${trip.ms.toFixed(0)} ms at ${((trip.at - start) / 1000).toFixed(1)} s`)
    .join(', ');
}

/** Round trips writer -> server -> reader in a small room, one every 50 ms, until stopped. */
async function roomProbe(server: StipUnderTest) {
  const canvas = await createCanvas(server.httpUrl, { title: 'Elders' });
  const writer = connectClient(server.wsBase, canvas.id, canvas.tokens.editor);
  const reader = connectClient(server.wsBase, canvas.id, canvas.tokens.viewer);
  await within(Promise.all([writer.synced, reader.synced]), 10_000, 'probe clients sync');
  const sentAt = new Map<number, number>();
  let samples: RoundTrip[] = [];
  reader.doc.getMap<number>('probe').observe((event) => {
    const now = performance.now();
    for (const key of event.keysChanged) {
      const sent = sentAt.get(Number(key));
      if (sent !== undefined) samples.push({ at: sent, ms: now - sent });
    }
  });
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      sentAt.set(i, performance.now());
      writer.doc.getMap<number>('probe').set(String(i), i);
      await sleep(50);
    }
  })();
  return {
    /** The round trips since the last take. */
    take(): RoundTrip[] {
      const taken = samples;
      samples = [];
      return taken;
    },
    async stop() {
      running = false;
      await loop;
      writer.destroy();
      reader.destroy();
    },
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
 * the big canvas not loaded (its stored rows go to the workers), then with a viewer in it (the
 * workers read the stored rows once the room's updates are stored). `/healthz` is probed all
 * along. The downloads are asked for and received, and the viewer is, by processes of their own
 * (as by other people's machines), so the bench process times the other room without receiving
 * 40 files or holding the big document itself.
 */
export async function downloads(log: (line: string) => void): Promise<Figure[]> {
  const server = await startStip({ MAX_BODY_BYTES: String(64 * 1024 * 1024), DOWNLOAD_TIMEOUT_MS: String(DEADLINE_MS) });
  const figures: Figure[] = [];
  try {
    const { big, exportMiB } = await importBig(server);
    const probe = await roomProbe(server);
    // The server settles after the import (its garbage collected) before quiet is measured.
    await sleep(SETTLE_MS);
    probe.take();
    await sleep(QUIET_MS);
    const quiet = probe.take().map((trip) => trip.ms);
    const quietP99 = quantile(quiet, 0.99);
    log(`  other room quiet: p50 ${median(quiet).toFixed(1)} ms, p99 ${quietP99.toFixed(1)} ms (${quiet.length} round trips)`);
    figures.push(info(GROUP, 'other room round trip, quiet, p50', median(quiet), 'ms'), info(GROUP, 'other room round trip, quiet, p99', quietP99, 'ms'));

    const burst = async (label: string) => {
      const health = new HttpProbe(`${server.httpUrl}/healthz`, 50);
      health.start();
      probe.take();
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
      const trips = probe.take();
      const rooms = trips.map((trip) => trip.ms);
      const healthz = await health.stop();
      const counts = new Map<string, number>();
      for (const outcome of outcomes) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
      const answers = [...counts].sort().map(([outcome, n]) => `${n} x ${outcome}`).join(', ');
      const p99 = quantile(rooms, 0.99);
      log(`  ${label}: ${answers} in ${seconds.toFixed(1)} s; other room p50 ${median(rooms).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${maxOf(rooms).toFixed(0)} ms (${rooms.length}); /healthz p99 ${healthz.p99.toFixed(0)} ms, max ${healthz.max.toFixed(0)} ms (${healthz.samples})`);
      log(`    slowest round trips: ${slowest(trips, started)}`);
      figures.push(
        info(GROUP, `${label}: other room round trip, p50`, median(rooms), 'ms', `${rooms.length} round trips in ${seconds.toFixed(0)} s`),
        atMost(GROUP, `${label}: other room round trip, p99`, p99, 'ms', 2 * quietP99, `<= 2 x quiet p99 (${(2 * quietP99).toFixed(1)} ms)`, `max ${maxOf(rooms).toFixed(0)} ms`),
        atMost(GROUP, `${label}: /healthz max`, healthz.max, 'ms', 200, undefined, `p99 ${healthz.p99.toFixed(0)} ms; ${answers}`),
      );
    };

    await burst('20 exports + 20 PDFs, canvas not loaded');
    const viewer = startChild('viewer', TSX, ['bench/servers/viewer.ts', server.wsBase, big.id, big.tokens.viewer]);
    const joined = JSON.parse((await waitForOutput(viewer, /^\{.*\}$/m, 120_000))[0]) as { bytes: number; encodeMs: number[] };
    log(`  ${ITEMS} list items: ${(joined.bytes / 2 ** 20).toFixed(2)} MiB encoded, ${exportMiB.toFixed(1)} MiB of export JSON`);
    figures.push(
      info(GROUP, 'big canvas, encoded', joined.bytes / 2 ** 20, 'MiB', `${ITEMS} list items`),
      info(GROUP, 'Y.encodeStateAsUpdate of it (once per change, then cached)', median(joined.encodeMs), 'ms', 'median of 5, in the viewer process'),
    );
    // Let the server settle after loading the room (its garbage collected) before the second burst.
    await sleep(SETTLE_MS);
    await burst('same, canvas loaded (a viewer in it)');
    await viewer.stop();
    await probe.stop();
    return figures;
  } finally {
    await server.stop();
  }
}
