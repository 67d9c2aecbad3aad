// The floor: a relay that decodes nothing. It answers sync step 1 with an empty sync step 2
// (so y-websocket clients count as synced) and forwards every other frame, untouched, to the
// other connections of the same room (the URL path). No document, no storage.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

// [sync, step 2, a 2-byte update, the empty update (no structs, empty delete set)]
const EMPTY_SYNC_STEP_2 = Buffer.from([0, 1, 2, 0, 0]);

const rooms = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('okay');
});

server.on('upgrade', (request, socket, head) => {
  const room = (request.url ?? '/').split('?')[0]!;
  wss.handleUpgrade(request, socket, head, (ws) => {
    let peers = rooms.get(room);
    if (!peers) rooms.set(room, (peers = new Set()));
    const members = peers;
    members.add(ws);
    ws.on('error', () => {});
    ws.on('message', (data: RawData) => {
      const frame = data as Buffer;
      if (frame[0] === 0 && frame[1] === 0) {
        ws.send(EMPTY_SYNC_STEP_2);
        return;
      }
      for (const peer of members) if (peer !== ws && peer.readyState === peer.OPEN) peer.send(frame);
    });
    ws.on('close', () => {
      members.delete(ws);
      if (members.size === 0) rooms.delete(room);
    });
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`bare relay listening at http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
