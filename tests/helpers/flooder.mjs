// A hostile client in its own process: `node tests/helpers/flooder.mjs <ws url> [sockets]`.
// Each socket sends valid Yjs update frames as fast as the socket takes them and, when the
// server closes it, reconnects at once (no backoff, unlike a y-websocket client), until
// stdin closes or SIGTERM. Prints `flooding` once the first socket is open and, at the end,
// one JSON line: { "sent": frames sent, "closes": { "<code>": count } }.
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import WebSocket from 'ws';

const [url, socketsArg] = process.argv.slice(2);
if (!url) {
  process.stderr.write('usage: node flooder.mjs <ws url> [sockets]\n');
  process.exit(2);
}
const SOCKETS = Number(socketsArg ?? 4);
/** Keep this much queued locally at most, so the flooder measures the server, not its own heap. */
const HIGH_WATER = 256 * 1024;
/** Frames per event-loop turn: writes to a local socket rarely queue, so yield to see closes. */
const BATCH = 100;

let stopping = false;
let announced = false;
let sent = 0;
const closes = {};
const open = new Set();

function updateFrame(update) {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

function flood() {
  if (stopping) return;
  const ws = new WebSocket(url);
  // A fresh document per connection: its updates never depend on ones the server dropped.
  const doc = new Y.Doc();
  const text = doc.getText('title');
  doc.on('update', (update) => {
    if (ws.readyState === WebSocket.OPEN) {
      ws.send(updateFrame(update));
      sent += 1;
    }
  });
  const pump = () => {
    if (ws.readyState !== WebSocket.OPEN) return;
    for (let i = 0; i < BATCH && ws.bufferedAmount < HIGH_WATER && ws.readyState === WebSocket.OPEN; i++) {
      text.insert(text.length, 'flood ');
    }
    setImmediate(pump);
  };
  ws.on('open', () => {
    open.add(ws);
    if (!announced) {
      announced = true;
      process.stdout.write('flooding\n');
    }
    pump();
  });
  ws.on('error', () => {});
  ws.on('close', (code) => {
    open.delete(ws);
    doc.destroy();
    if (stopping) return;
    closes[code] = (closes[code] ?? 0) + 1;
    flood();
  });
}

function stop() {
  if (stopping) return;
  stopping = true;
  for (const ws of open) ws.terminate();
  process.stdout.write(`${JSON.stringify({ sent, closes })}\n`);
  setTimeout(() => process.exit(0), 50);
}

process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
for (let i = 0; i < SOCKETS; i++) flood();
