// A share of the big room's editors in a process of their own (bench/figures/bigRoom.ts runs
// two of these, so the 50 y-websocket clients get both cores the server leaves them).
// Driven over IPC:
//   parent -> {type: 'connect', ...}  child connects its editors, answers {type: 'connected'}
//   parent -> {type: 'type', ...}     child types on schedule, then answers {type: 'done', ...}
// Times are wall-clock milliseconds with sub-millisecond precision
// (performance.timeOrigin + performance.now()), comparable across the bench's processes.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { exportCanvas } from '../shared/canvasTransfer';
import { pillarsArray, readPillar, zoneFragment } from '../shared/docLayout';
import { sleep, until } from './lib/stats';
import { connectClient, within, type BenchClient } from './lib/yClient';

export interface ConnectCommand {
  type: 'connect';
  wsBase: string;
  room: string;
  token?: string;
  /** Editor numbers (0-based) this process runs, out of `total`. */
  editors: number[];
  total: number;
}

export interface TypeCommand {
  type: 'type';
  keysPerSecond: number;
  /** Wall-clock ms: typing starts here (each editor at its own phase), measuring from windowStart to windowEnd. */
  startAt: number;
  windowStart: number;
  windowEnd: number;
}

export interface EditorsDone {
  type: 'done';
  /** Flat triples: client id, clock after the keystroke, send time. */
  sends: number[];
  /** Flat triples: client id, clock, time the receiving document had applied it. */
  receives: number[];
  loopDelayP99Ms: number;
  disconnects: number;
  /** Per document: state vector (base64) and content (the export JSON). */
  docs: { vector: string; content: string }[];
}

const now = () => performance.timeOrigin + performance.now();
const ZONES = 7;

const zonesOf = (doc: Y.Doc): Y.XmlFragment[] => [
  zoneFragment(doc, 'horizon'),
  zoneFragment(doc, 'obstacles'),
  ...pillarsArray(doc)
    .toArray()
    .map((p, i) => readPillar(p, i).body!),
];

/** Each editor types into the paragraph the setup made for it: editor e is number floor(e / ZONES) of zone e % ZONES. */
function paragraphOf(doc: Y.Doc, editor: number, total: number): Y.XmlText {
  const zone = zonesOf(doc)[editor % ZONES]!;
  const inZone = Math.ceil((total - (editor % ZONES)) / ZONES);
  return (zone.get(zone.length - inZone + Math.floor(editor / ZONES)) as Y.XmlElement).get(0) as Y.XmlText;
}

let clients: { editor: number; client: BenchClient }[] = [];
let connect: ConnectCommand;
let disconnects = 0;
const receives: number[] = [];
const sends: number[] = [];

async function onConnect(command: ConnectCommand): Promise<void> {
  connect = command;
  clients = command.editors.map((editor) => {
    const client = connectClient(command.wsBase, command.room, command.token);
    client.provider.awareness.setLocalStateField('user', { name: `Deelnemer ${editor + 1}`, color: '#2ca02c' });
    client.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'disconnected') disconnects += 1;
    });
    client.doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.local) return;
      const at = now();
      for (const [clientId, clock] of tr.afterState) {
        if (clock !== tr.beforeState.get(clientId)) receives.push(clientId, clock, at);
      }
    });
    return { editor, client };
  });
  await within(Promise.all(clients.map((c) => c.client.synced)), 30_000, 'editors sync');
  process.send!({ type: 'connected' });
}

async function onType(command: TypeCommand): Promise<void> {
  const paragraphs = (doc: Y.Doc) => zonesOf(doc).reduce((n, z) => n + z.length, 0);
  await until(() => clients.every(({ client }) => zonesOf(client.doc).length === ZONES && paragraphs(client.doc) >= connect.total), 10_000, 'the setup paragraphs');
  const period = 1000 / command.keysPerSecond;
  const letters = 'abcdefghijklmnopqrstuvwxyz ';
  const timers: NodeJS.Timeout[] = [];
  for (const { editor, client } of clients) {
    const text = paragraphOf(client.doc, editor, connect.total);
    let typed = 0;
    const type = () => {
      const at = now();
      if (at > command.windowEnd) return;
      text.insert(text.length, letters[(editor + typed++) % letters.length]!);
      sends.push(client.doc.clientID, Y.getState(client.doc.store, client.doc.clientID), at);
      // The editor moves its caret with every key: an awareness update, as Tiptap's caret sends.
      const caret = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, text.length)) as unknown;
      client.provider.awareness.setLocalStateField('cursor', { anchor: caret, head: caret });
    };
    const firstAt = command.startAt + (editor * period) / connect.total;
    timers.push(
      setTimeout(() => {
        type();
        timers.push(setInterval(type, period));
      }, Math.max(0, firstAt - now())),
    );
  }
  const loop = monitorEventLoopDelay({ resolution: 10 });
  await sleep(Math.max(0, command.windowStart - now()));
  loop.enable();
  await sleep(Math.max(0, command.windowEnd - now()));
  loop.disable();
  for (const timer of timers) clearTimeout(timer);
  // Settle: until this process's documents agree and have stopped changing for a second.
  const vector = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString('base64');
  let last = '';
  let stableSince = now();
  const settleEnd = now() + 10_000;
  while (now() < settleEnd) {
    const vectors = clients.map(({ client }) => vector(client.doc));
    const joined = vectors.join();
    if (joined !== last) {
      last = joined;
      stableSince = now();
    } else if (now() - stableSince > 1000 && vectors.every((v) => v === vectors[0])) break;
    await sleep(100);
  }
  const done: EditorsDone = {
    type: 'done',
    sends,
    receives,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    disconnects,
    docs: clients.map(({ client }) => ({ vector: vector(client.doc), content: JSON.stringify(exportCanvas(client.doc)) })),
  };
  process.send!(done);
}

if (!process.send) throw new Error('run from bench/figures/bigRoom.ts (needs an IPC channel)');
process.on('message', (message: ConnectCommand | TypeCommand) => {
  const step = message.type === 'connect' ? onConnect(message) : onType(message);
  step.catch((error: Error) => {
    process.stderr.write(`bigRoomEditors failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
});
process.on('disconnect', () => {
  for (const { client } of clients) client.destroy();
  process.exit(0);
});
