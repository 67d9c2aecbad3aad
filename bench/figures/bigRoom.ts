import path from 'node:path';
import * as Y from 'yjs';
import type { CreatedCanvas } from '../../shared/api';
import { addPillar, pillarsArray, zoneFragment } from '../../shared/docLayout';
import type { ConnectCommand, EditorsDone, TypeCommand } from '../bigRoomEditors';
import { startChild, type BenchChild } from '../lib/children';
import { atMost, info, type Figure } from '../lib/figures';
import { groupCpuSeconds } from '../lib/procCpu';
import { startReference, startStip, type ServerUnderTest } from '../lib/servers';
import { maxOf, quantile } from '../lib/stats';
import { createCanvas } from '../lib/stipApi';
import { connectClient, within } from '../lib/yClient';

const GROUP = '6 one big room';
const EDITORS = 50;
const PROCESSES = 2;
const KEYS_PER_SECOND = 3;
const WARMUP_MS = 2000;
const WINDOW_MS = 15_000;

interface BigRoomRun {
  latencies: number[];
  expected: number;
  cpuSeconds: number;
  loopDelayP99Ms: number;
  disconnects: number;
  converged: boolean;
  identical: number;
  serverAgrees: boolean | null;
}

/**
 * 50 editors in one canvas (in two client processes), each typing 3 characters a second into
 * a paragraph of its own, spread over the horizon, obstacles and five pillar zones, moving its
 * caret (awareness) with every key as the editor does. Latency: a keystroke's send time to
 * each of the other 49 documents having applied it. At the end every document, and the
 * server's export, must be equal. The reference server under the same clients, same run,
 * shows what the client processes allow. (Not the bare relay: y-websocket 3 clients re-send
 * every awareness update they receive, and a relay that does not drop repeats by clock
 * multiplies them by the room size.)
 */
export async function bigRoom(log: (line: string) => void): Promise<Figure[]> {
  const reference = await startReference();
  let floor: BigRoomRun;
  try {
    floor = await runBigRoom(reference, null);
  } finally {
    await reference.stop();
  }
  log(`  reference: p99 ${quantile(floor.latencies, 0.99).toFixed(1)} ms, client loop delay p99 ${floor.loopDelayP99Ms.toFixed(0)} ms`);
  const server = await startStip();
  let run: BigRoomRun;
  try {
    const canvas = await createCanvas(server.httpUrl, { title: 'Grote sessie' });
    run = await runBigRoom(server, canvas);
  } finally {
    await server.stop();
  }
  const { latencies, expected, converged, identical, serverAgrees } = run;
  log(
    `  Stip: ${latencies.length}/${expected} deliveries, p99 ${quantile(latencies, 0.99).toFixed(1)} ms, client loop delay p99 ${run.loopDelayP99Ms.toFixed(0)} ms, ` +
      `${run.disconnects} disconnects; ${identical}/${EDITORS} documents identical (server ${serverAgrees ? 'agrees' : 'DIFFERS'})`,
  );
  const percent = (r: BigRoomRun) => (r.cpuSeconds / (WINDOW_MS / 1000)) * 100;
  return [
    atMost(GROUP, `Stip p99 latency, ${EDITORS} editors x ${KEYS_PER_SECOND} keys/s`, quantile(latencies, 0.99), 'ms', 30, undefined, `${latencies.length}/${expected} deliveries, ${run.disconnects} disconnects; client loop delay p99 ${run.loopDelayP99Ms.toFixed(0)} ms`),
    info(GROUP, 'Stip p50 latency', quantile(latencies, 0.5), 'ms'),
    info(GROUP, 'Stip max latency', maxOf(latencies), 'ms'),
    info(GROUP, 'reference server p99 latency (same clients)', quantile(floor.latencies, 0.99), 'ms', `p50 ${quantile(floor.latencies, 0.5).toFixed(1)} ms; client loop delay p99 ${floor.loopDelayP99Ms.toFixed(0)} ms`),
    {
      group: GROUP,
      name: 'documents identical at the end',
      value: identical,
      unit: `/ ${EDITORS}`,
      target: `${EDITORS} / ${EDITORS}, and the server's`,
      targetValue: EDITORS,
      met: converged && identical === EDITORS && serverAgrees === true,
      note: `state vectors ${converged ? 'equal' : 'DIFFER'}; server export ${serverAgrees ? 'equal' : 'DIFFERS'}`,
    },
    info(GROUP, 'Stip server CPU', percent(run), '% core', `reference ${percent(floor).toFixed(0)} % core`),
  ];
}

/** One run of the big room against `server`; `canvas` when it is Stip (its tokens, and the export to compare). */
export async function runBigRoom(server: ServerUnderTest, canvas: CreatedCanvas | null, keysPerSecond = KEYS_PER_SECOND): Promise<BigRoomRun> {
  const room = canvas?.id ?? `big-room-${Date.now()}`;
  const token = canvas?.tokens.editor;
  const children: BenchChild[] = [];
  const setup = connectClient(server.wsBase, room, token);
  try {
    await within(setup.synced, 30_000, 'setup sync');
    for (let p = 0; p < PROCESSES; p++) {
      children.push(
        startChild(`big room editors ${p}`, process.execPath, ['--import', 'tsx', path.resolve('bench/bigRoomEditors.ts')], {
          stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
          env: { ...process.env },
        }),
      );
    }
    const ask = <T>(child: BenchChild, message: ConnectCommand | TypeCommand, answer: string, ms: number) =>
      within(
        new Promise<T>((resolve, reject) => {
          const onMessage = (m: { type: string }) => {
            if (m.type !== answer) return;
            child.child.off('message', onMessage);
            resolve(m as T);
          };
          child.child.on('message', onMessage);
          void child.exited.then((code) => reject(new Error(`${child.name} exited (${code}):\n${child.output().slice(-1500)}`)));
          child.child.send(message);
        }),
        ms,
        `${child.name}: ${answer}`,
      );
    // Everyone connects first, then the setup client adds the paragraphs (five pillars, 50 paragraphs).
    await Promise.all(
      children.map((child, p) =>
        ask(child, { type: 'connect', wsBase: server.wsBase, room, token, editors: range(EDITORS).filter((e) => e % PROCESSES === p), total: EDITORS }, 'connected', 60_000),
      ),
    );
    setup.doc.transact(() => {
      for (let i = pillarsArray(setup.doc).length; i < 5; i++) addPillar(setup.doc, `bench-pillar-${i}`, `Pijler ${i + 1}`);
      const zones = [zoneFragment(setup.doc, 'horizon'), zoneFragment(setup.doc, 'obstacles'), ...pillarsArray(setup.doc).toArray().map((p) => p.get('body') as Y.XmlFragment)];
      for (let e = 0; e < EDITORS; e++) {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText()]);
        zones[e % zones.length]!.push([paragraph]);
      }
    });
    const startAt = performance.timeOrigin + performance.now() + 1500;
    const windowStart = startAt + WARMUP_MS;
    const windowEnd = windowStart + WINDOW_MS;
    const cpuAt = async (at: number) => {
      await new Promise((r) => setTimeout(r, Math.max(0, at - (performance.timeOrigin + performance.now()))));
      return groupCpuSeconds(server.child.pgid);
    };
    const typing = children.map((child) =>
      ask<EditorsDone>(child, { type: 'type', keysPerSecond, startAt, windowStart, windowEnd }, 'done', WARMUP_MS + WINDOW_MS + 40_000),
    );
    const cpuStart = await cpuAt(windowStart);
    const cpuEnd = await cpuAt(windowEnd);
    const results = await Promise.all(typing);

    // Join sends and receives across processes: latency per (keystroke, receiving document).
    const sentAt = new Map<string, number>();
    let keysInWindow = 0;
    for (const r of results) {
      for (let i = 0; i < r.sends.length; i += 3) {
        const at = r.sends[i + 2]!;
        if (at < windowStart || at > windowEnd) continue;
        sentAt.set(`${r.sends[i]}:${r.sends[i + 1]}`, at);
        keysInWindow += 1;
      }
    }
    const latencies: number[] = [];
    for (const r of results) {
      for (let i = 0; i < r.receives.length; i += 3) {
        const at = sentAt.get(`${r.receives[i]}:${r.receives[i + 1]}`);
        if (at !== undefined) latencies.push(r.receives[i + 2]! - at);
      }
    }
    const docs = results.flatMap((r) => r.docs);
    const converged = docs.every((d) => d.vector === docs[0]!.vector);
    const identical = docs.filter((d) => d.content === docs[0]!.content).length;
    let serverAgrees: boolean | null = null;
    if (canvas) {
      const response = await fetch(`${server.httpUrl}/api/canvases/${canvas.id}/export`, { headers: { authorization: `Bearer ${canvas.tokens.viewer}` } });
      serverAgrees = JSON.stringify(await response.json()) === docs[0]!.content;
    }
    return {
      latencies,
      expected: keysInWindow * (EDITORS - 1),
      cpuSeconds: cpuEnd - cpuStart,
      loopDelayP99Ms: Math.max(...results.map((r) => r.loopDelayP99Ms)),
      disconnects: results.reduce((n, r) => n + r.disconnects, 0),
      converged,
      identical,
      serverAgrees,
    };
  } finally {
    setup.destroy();
    await Promise.all(children.map((child) => child.stop()));
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
