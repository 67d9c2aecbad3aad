// Keeps a canvas's room loaded on a Stip server, as a person watching it would, from a process of
// its own: a viewer of a 100,000-item canvas holds a document of a hundred megabytes or more,
// whose garbage collections must not land in the process that times another room.
// Usage: tsx viewer.ts <ws base> <canvas id> <token>. Once synced, prints one JSON line: the
// encoded state's bytes and five timings of Y.encodeStateAsUpdate (ms); then stays until killed.
import * as Y from 'yjs';
import { connectClient, within } from '../lib/yClient';

const [wsBase, id, token] = process.argv.slice(2);
if (!wsBase || !id || !token) throw new Error('usage: viewer.ts <ws base> <id> <token>');

const viewer = connectClient(wsBase, id, token);
await within(viewer.synced, 120_000, 'viewer of the big canvas sync');
const bytes = Y.encodeStateAsUpdate(viewer.doc).byteLength;
const encodeMs: number[] = [];
for (let i = 0; i < 5; i++) {
  const started = performance.now();
  Y.encodeStateAsUpdate(viewer.doc);
  encodeMs.push(performance.now() - started);
}
console.log(JSON.stringify({ bytes, encodeMs }));
process.on('SIGTERM', () => {
  viewer.destroy();
  process.exit(0);
});
