// The y-websocket reference server, @y/websocket-server 0.1.1 (the last release on yjs 13):
// its own bin in a few lines, on a free loopback port, printing the URL the bench waits for.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';
import { answerHeapRequests } from './heapReport';

const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('okay');
});
wss.on('connection', setupWSConnection);
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`reference server listening at http://127.0.0.1:${port}\n`);
});
answerHeapRequests();
process.on('SIGTERM', () => process.exit(0));
