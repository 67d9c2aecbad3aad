// Times a Stip server from a process of its own, which does nothing else: round trips writer ->
// server -> reader in a small room, one every 50 ms, and, when asked, `/healthz` every 50 ms.
// The bench process also starts children, reads their output and holds its figures; its garbage
// collections (up to 80 ms, measured) would otherwise be timed as the server's.
// Usage: tsx prober.ts <http url> <ws base> <canvas id> <editor token> <viewer token>. Prints
// "ready" once both clients are synced. Commands on stdin, one a line:
//   mark [healthz]  forget the samples so far and time from now (and probe /healthz if asked);
//   take            print "take <n> <json>": { trips: [ms after the mark, ms][], healthz: ms[] }
//                   since the mark, and stop probing /healthz.
import readline from 'node:readline';
import { HttpProbe } from '../lib/probe';
import { sleep } from '../lib/stats';
import { connectClient, within } from '../lib/yClient';

const [httpUrl, wsBase, id, editorToken, viewerToken] = process.argv.slice(2);
if (!httpUrl || !wsBase || !id || !editorToken || !viewerToken) throw new Error('usage: prober.ts <http url> <ws base> <id> <editor token> <viewer token>');

const writer = connectClient(wsBase, id, editorToken);
const reader = connectClient(wsBase, id, viewerToken);
await within(Promise.all([writer.synced, reader.synced]), 10_000, 'probe clients sync');

const sentAt = new Map<number, number>();
let markedAt = performance.now();
let trips: [number, number][] = [];
let health: HttpProbe | null = null;
let takes = 0;

reader.doc.getMap<number>('probe').observe((event) => {
  const now = performance.now();
  for (const key of event.keysChanged) {
    const sent = sentAt.get(Number(key));
    sentAt.delete(Number(key));
    if (sent !== undefined && sent >= markedAt) trips.push([sent - markedAt, now - sent]);
  }
});

void (async () => {
  for (let i = 0; ; i++) {
    sentAt.set(i, performance.now());
    writer.doc.getMap<number>('probe').set(String(i), i);
    await sleep(50);
  }
})();

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, option] = line.trim().split(/\s+/);
  if (command === 'mark') {
    markedAt = performance.now();
    trips = [];
    if (option === 'healthz') {
      health = new HttpProbe(`${httpUrl}/healthz`, 50);
      health.start();
    }
  } else if (command === 'take') {
    const taken = trips;
    trips = [];
    void (health?.stop() ?? Promise.resolve(null)).then((stats) => {
      health = null;
      takes += 1;
      console.log(`take ${takes} ${JSON.stringify({ trips: taken, healthz: stats?.values ?? [] })}`);
    });
  }
});
process.stdin.on('end', () => {
  writer.destroy();
  reader.destroy();
  process.exit(0);
});
console.log('ready');
