import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType } from '../../shared/protocol';
import { zoneFragment } from '../../shared/docLayout';
import { checkUpdate } from '../../server/rooms/updateCheck';
import { paragraph } from '../../tests/helpers/editorEdits';
import { SimulatedWorld } from '../../tests/helpers/roomSimulation';
import { atMost, info, type Figure } from '../lib/figures';
import { median } from '../lib/stats';

const GROUP = '8 judging an update';
const SIZES = [1_000, 2_500, 5_000, 10_000];
const REPEATS = 7;

/**
 * How long the server takes to judge a paste of n paragraphs (issue 14: "a 10,000-paragraph
 * paste is decided in milliseconds, linear in its size"): Yjs's decode of the update, the
 * check alone (can Yjs integrate it whole and consistently?), and the whole receive (decode, check, apply, the session guard,
 * the commit to SQLite). In process, on the server's own RoomManager and a real SQLite file:
 * this measures CPU per update, not the network.
 */
export async function judgeUpdates(log: (line: string) => void): Promise<Figure[]> {
  const decodeMs = new Map<number, number>();
  const checkMs = new Map<number, number>();
  const receiveMs = new Map<number, number>();
  for (const size of SIZES) {
    const decodes: number[] = [];
    const checks: number[] = [];
    const receives: number[] = [];
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      const world = await SimulatedWorld.create();
      try {
        const editor = world.addClient('editor');
        editor.connect();
        while (editor.deliverOne());
        await world.commit();
        editor.receiveAll();
        while (editor.deliverOne());
        await world.commit();
        const before = Y.encodeStateVector(editor.doc);
        const texts = Array.from({ length: size }, (_, i) => `Regel ${i + 1} van de geplakte tekst`);
        // Not sent yet: the paste is measured on its own, as one update.
        editor.disconnect();
        zoneFragment(editor.doc, 'obstacles').insert(0, texts.map(paragraph));
        const update = Y.encodeStateAsUpdate(editor.doc, before);
        const room = world.room;
        let started = performance.now();
        const decoded = Y.decodeUpdate(update);
        decodes.push(performance.now() - started);
        started = performance.now();
        const verdict = checkUpdate(room.doc, decoded);
        checks.push(performance.now() - started);
        if (verdict.incomplete !== null) throw new Error(`an honest paste was judged ${verdict.incomplete}`);
        editor.connect();
        editor.outbox = [];
        editor.write(syncUpdate(update));
        started = performance.now();
        editor.deliverOne();
        await world.commit();
        receives.push(performance.now() - started);
        if (zoneFragment(room.doc, 'obstacles').length < size) throw new Error('the paste did not arrive whole');
      } finally {
        await world.dispose();
      }
    }
    decodeMs.set(size, median(decodes));
    checkMs.set(size, median(checks));
    receiveMs.set(size, median(receives));
    log(`  ${size} paragraphs: Yjs's decode ${median(decodes).toFixed(2)} ms, check ${median(checks).toFixed(2)} ms, whole receive ${median(receives).toFixed(1)} ms (median of ${REPEATS})`);
  }
  const largest = SIZES.at(-1)!;
  const smallest = SIZES[0]!;
  // Linear: time per paragraph at the largest size within 2x of the smallest's.
  const perBlock = (times: Map<number, number>, size: number) => times.get(size)! / size;
  const growth = perBlock(receiveMs, largest) / perBlock(receiveMs, smallest);
  return [
    atMost(GROUP, `check of a ${largest.toLocaleString('en')}-paragraph paste`, checkMs.get(largest)!, 'ms', 50),
    atMost(GROUP, `whole receive of a ${largest.toLocaleString('en')}-paragraph paste`, receiveMs.get(largest)!, 'ms', 1000),
    atMost(GROUP, `time per paragraph at ${largest.toLocaleString('en')} vs ${smallest.toLocaleString('en')} (linear = 1)`, growth, 'x', 2),
    info(GROUP, `Yjs's own decode of the ${largest.toLocaleString('en')}-paragraph paste (part of the whole receive)`, decodeMs.get(largest)!, 'ms'),
    info(GROUP, `check of a ${smallest.toLocaleString('en')}-paragraph paste`, checkMs.get(smallest)!, 'ms'),
  ];
}

function syncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}
