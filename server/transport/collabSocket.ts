import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData } from 'ws';
import { CloseCode } from '../../shared/protocol';
import type { CanvasService } from '../CanvasService';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { RoomManager } from '../rooms/RoomManager';
import { Admission, COLLAB_PATH, ignoreError, type Admitted } from './Admission';
import { SlicedQueue } from './SlicedQueue';
import { StipWebSocket, WsRoomSocket, toUint8Array } from './WsRoomSocket';

/**
 * WebSocket handshakes (a SHA-1, the 101 response and a WebSocket object each) run for at most
 * this long per event-loop turn: after a restart every client is back at once, and 185 of them
 * in one turn took 70 ms here, with /healthz and every loaded room waiting behind them.
 */
const HANDSHAKE_BUDGET_MS = 8;
/** On shutdown, how long clients have to answer the close frame before their sockets are cut. */
const SHUTDOWN_GRACE_MS = 500;

interface Upgrade {
  request: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  url: URL;
}

interface Deps {
  config: Config;
  logger: Logger;
  canvases: CanvasService;
  rooms: RoomManager;
}

/**
 * `ws(s)://host/collab/<id>?token=...`: the y-websocket protocol. Upgrades are handshaken a few
 * per event-loop turn, admitted (Admission) and joined to their room through a WsRoomSocket.
 * The upgrade is always accepted and then closed with a code: a refused upgrade looks like
 * 1006 to the client, which would retry forever.
 */
export function attachCollab(server: HttpServer, deps: Deps): { stopAccepting(): void; close(): Promise<void> } {
  const { config, logger } = deps;
  // ws closes oversized frames itself (1009); StipWebSocket turns that into 4413.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxFrameBytes,
    perMessageDeflate: false,
    WebSocket: StipWebSocket,
  });

  const join = ({ ws, tcp, canvasId, role, stip, cooldownKey }: Admitted) => {
    // The gate joins only once the room is loaded.
    const room = deps.rooms.get(canvasId)!;
    const socket = new WsRoomSocket(ws, tcp, admission.cooldowns, cooldownKey);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (ws.readyState !== ws.OPEN) return;
      if (!isBinary) {
        ws.close(CloseCode.textFrame.code, CloseCode.textFrame.reason);
        return;
      }
      room.receive(socket, toUint8Array(data));
    });
    ws.on('close', () => room.leave(socket));
    room.join(socket, { role, stip });
    ws.resume();
    logger.debug('collab connection opened', { canvas: canvasId, role });
  };

  const admission = new Admission(
    config,
    logger,
    deps.canvases,
    {
      isLoaded: (id) => deps.rooms.get(id) !== undefined,
      load: (id) => deps.rooms.open(id),
    },
    join,
  );

  const handshakes = new SlicedQueue<Upgrade>(HANDSHAKE_BUDGET_MS, ({ request, socket, head, url }) => {
    socket.off('error', ignoreError);
    if (socket.destroyed) return;
    wss.handleUpgrade(request, socket, head, (ws) => admission.admit(ws, socket, request, url));
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://stip.invalid');
    if (!COLLAB_PATH.test(url.pathname) || request.headers.upgrade?.toLowerCase() !== 'websocket') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (handshakes.size + admission.pending >= config.maxPendingUpgrades) {
      // Accepted and closed with a code, never refused with a status (see the function comment).
      wss.handleUpgrade(request, socket, head, (ws) => {
        ws.on('error', ignoreError);
        ws.close(CloseCode.busy.code, CloseCode.busy.reason);
      });
      return;
    }
    socket.on('error', ignoreError);
    handshakes.push({ request, socket, head, url });
  };

  server.on('upgrade', onUpgrade);
  const stopAccepting = () => {
    server.off('upgrade', onUpgrade);
    for (const { socket } of handshakes.close()) socket.destroy();
    admission.close();
  };
  return {
    /** No new connection is taken or joined from now on (before the rooms close). */
    stopAccepting,
    /**
     * Stops accepting, then waits (at most SHUTDOWN_GRACE_MS) for the clients to answer the
     * close frames the rooms sent. Cutting a socket whose client is still typing would reset
     * it, and the client would lose the close frame: 1006 instead of 1012.
     */
    async close() {
      stopAccepting();
      const closing = [...wss.clients].filter((client) => client.readyState === client.CLOSING);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(closing.map((client) => new Promise((resolve) => client.once('close', resolve)))),
        new Promise((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS))),
      ]);
      clearTimeout(timer);
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
