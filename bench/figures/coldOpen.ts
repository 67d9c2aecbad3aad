import * as Y from 'yjs';
import type { CreatedCanvas } from '../../shared/api';
import { zoneFragment } from '../../shared/docLayout';
import { SQLITE, type Backend } from '../lib/backends';
import { atMost, info, type Figure } from '../lib/figures';
import { startStip, tempDir } from '../lib/servers';
import { median, sleep, until } from '../lib/stats';
import { createCanvas } from '../lib/stipApi';
import { connectClient, within } from '../lib/yClient';

const GROUP = '3 cold open';
const UPDATES = 100_000;
/** Smaller stores, opened before and after the server's own compaction, to show how load time grows. */
const SCALING = [2_500, 5_000, 10_000];
const AFTER_REPEATS = 5;
const ROOM_IDLE_MS = 300;
/** How long the 100k "before" open may take before the bench gives up on it. */
const BEFORE_CAP_MS = 30_000;
/** How long the server's compaction of the 100k rows on unload may take before the bench gives up on it. */
const COMPACT_CAP_MS = 60_000;

/**
 * Single-character updates, each one stored row, as a typist leaves them (one paragraph in
 * the horizon zone typed one key at a time). They depend only on their own client, so the
 * same rows can be appended to any canvas.
 */
function typedUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = 424242;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  doc.transact(() => {
    paragraph.insert(0, [text]);
    zoneFragment(doc, 'horizon').insert(0, [paragraph]);
    text.insert(0, 'a');
  });
  const letters = 'abcdefghijklmnopqrstuvwxyz ';
  for (let i = 1; i < count; i++) text.insert(i, letters[i % letters.length]!);
  doc.destroy();
  return updates;
}

/**
 * A canvas whose store (SQLite, or PostgreSQL for section 10b) holds 100,000 stored single-character updates (written while the
 * server is stopped), opened by a new y-websocket client: connect to synced, before and after
 * the server's own compaction (when the room unloads). The scaling rows show how the load time
 * grows with the row count.
 */
export async function coldOpen(log: (line: string) => void, backend: Backend = SQLITE, group = GROUP): Promise<Figure[]> {
  const dataDir = tempDir('stip-bench-cold-');
  // Compaction only on unload: "before" must see every row.
  const env = { COMPACT_AFTER_UPDATES: '10000000', COMPACT_AFTER_BYTES: String(4096 * 1024 * 1024), ROOM_IDLE_MS: String(ROOM_IDLE_MS), ...backend.env };
  const first = await startStip(env, dataDir);
  let warm: CreatedCanvas, cold100k: CreatedCanvas;
  const scaling: CreatedCanvas[] = [];
  try {
    warm = await createCanvas(first.httpUrl, { title: 'Warm-up' });
    cold100k = await createCanvas(first.httpUrl, { title: 'Cold 100k' });
    for (const n of SCALING) scaling.push(await createCanvas(first.httpUrl, { title: `Cold ${n}` }));
  } finally {
    await first.stop();
  }

  const generated = performance.now();
  const updates = typedUpdates(UPDATES);
  // Written through the storage interface, as rows a long session leaves before compaction.
  const store = await backend.openStore(dataDir);
  try {
    // In batches of 10,000 rows: one statement of 100,000 is more than PostgreSQL's pg client likes to send.
    for (let i = 0; i < UPDATES; i += 10_000) {
      await store.appendUpdates(updates.slice(i, i + 10_000).map((update) => ({ canvasId: cold100k.id, update })), Date.now());
    }
    for (const [i, canvas] of scaling.entries()) {
      await store.appendUpdates(updates.slice(0, SCALING[i]).map((update) => ({ canvasId: canvas.id, update })), Date.now());
    }
  } finally {
    await store.close();
  }
  log(`  ${UPDATES} single-character updates generated and stored (${backend.label}) in ${((performance.now() - generated) / 1000).toFixed(1)} s`);

  const server = await startStip(env, dataDir);
  const reader = await backend.openStore(dataDir);
  const rows = async (id: string) => (await reader.updateStats(id)).count;
  const figures: Figure[] = [];
  try {
    const open = async (canvas: CreatedCanvas, expectLength: number, capMs = 60_000) => {
      const client = connectClient(server.wsBase, canvas.id, canvas.tokens.editor);
      try {
        const syncedAt = await within(client.synced, capMs, 'cold open');
        const length = zoneFragment(client.doc, 'horizon').toString().length;
        if (length < expectLength) throw new Error(`cold open synced ${length} characters, not ${expectLength}`);
        return syncedAt - client.startedAt;
      } finally {
        client.destroy();
      }
    };
    const unloaded = () => sleep(ROOM_IDLE_MS + 300);
    // The first room load of a process pays for compiling its code paths: not a figure.
    await open(warm!, 0);
    await unloaded();

    // How the load time grows with the stored rows, and the server's own compaction.
    const growth: string[] = [];
    const scalingBefore: number[] = [];
    for (const [i, canvas] of scaling.entries()) {
      const n = SCALING[i]!;
      const beforeMs = await open(canvas, n);
      scalingBefore.push(beforeMs);
      await until(async () => (await rows(canvas.id)) === 1, 30_000, 'compaction on unload');
      await unloaded();
      const afterMs = await open(canvas, n);
      growth.push(`${n / 1000}k rows ${beforeMs.toFixed(0)} ms -> compacted ${afterMs.toFixed(0)} ms`);
      figures.push(info(group, `connect to synced, ${n / 1000}k stored updates`, beforeMs, 'ms', `after the server's own compaction: ${afterMs.toFixed(0)} ms`));
    }
    log(`  ${growth.join('; ')}`);
    const [t5k, t10k] = [scalingBefore[1]!, scalingBefore[2]!];
    const exponent = Math.log(t10k / t5k) / Math.log(2);
    const extrapolated = t10k * 10 ** exponent;

    await unloaded();
    let beforeMs: number | null = null;
    try {
      beforeMs = await open(cold100k, UPDATES, BEFORE_CAP_MS);
    } catch {
      beforeMs = null;
    }
    log(`  100k rows, before compaction: ${beforeMs === null ? `no sync within ${BEFORE_CAP_MS / 1000} s` : `${beforeMs.toFixed(0)} ms`}`);
    const compacting = performance.now();
    let compactedSeconds: number | null = null;
    try {
      await until(async () => (await rows(cold100k.id)) === 1, COMPACT_CAP_MS, 'compaction of the 100k canvas on unload');
      compactedSeconds = (performance.now() - compacting) / 1000;
    } catch {
      compactedSeconds = null;
    }
    const compactNote = compactedSeconds === null ? `not one row within ${COMPACT_CAP_MS / 1000} s (${await rows(cold100k.id)} rows then)` : `${ROOM_IDLE_MS} ms idle first`;
    log(`  compaction of the 100k rows after the client left: ${compactedSeconds === null ? compactNote : `${compactedSeconds.toFixed(1)} s (${compactNote})`}`);
    const after: number[] = [];
    if (compactedSeconds !== null) {
      await unloaded();
      for (let i = 0; i < AFTER_REPEATS; i++) {
        after.push(await open(cold100k, UPDATES));
        await unloaded();
      }
      log(`  100k compacted: ${after.map((m) => m.toFixed(0)).join(', ')} ms`);
    }
    figures.unshift(
      info(
        group,
        `connect to synced, ${UPDATES / 1000}k stored updates, before compaction`,
        beforeMs,
        'ms',
        beforeMs === null
          ? `> ${BEFORE_CAP_MS / 1000} s (not synced within the cap); load time ~ rows^${exponent.toFixed(1)} from 5k to 10k, >= ${(extrapolated / 1000).toFixed(0)} s extrapolated`
          : 'the rows applied in one transaction when the room loads',
      ),
      info(group, 'compaction of the 100k rows on unload, until one row is stored', compactedSeconds, 's', compactNote),
      after.length > 0
        ? atMost(group, 'connect to synced, 100k updates after compaction', median(after), 'ms', 100, undefined, `median of ${after.length}, max ${Math.max(...after).toFixed(0)} ms; compacted by the server`)
        : atMost(group, 'connect to synced, 100k updates after compaction', null, 'ms', 100, undefined, 'not measured: the server did not compact the rows'),
    );
    return figures;
  } finally {
    await reader.close();
    await server.stop();
  }
}
