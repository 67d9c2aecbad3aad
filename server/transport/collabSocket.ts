import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { CANVAS_ID_PATTERN } from '../../shared/api';
import { CloseCode } from '../../shared/protocol';
import type { Access, CanvasService } from '../CanvasService';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { OVER_RATE_REASON } from '../rooms/Room';
import type { RoomManager } from '../rooms/RoomManager';
import type { RoomSocket } from '../rooms/RoomSocket';
import { ConnectionGate } from './ConnectionGate';
import { Cooldowns } from './Cooldowns';
import { requestOrigin } from './links';
import { SlicedQueue } from './SlicedQueue';

const COLLAB_PATH = /^\/collab\/([^/?#]*)$/;
/**
 * WebSocket handshakes (a SHA-1, the 101 response and a WebSocket object each) run for at most
 * this long per event-loop turn: after a restart every client is back at once, and 185 of them
 * in one turn took 70 ms here, with /healthz and every loaded room waiting behind them.
 */
const HANDSHAKE_BUDGET_MS = 8;
/** A connection closed for flooding is no longer read, and cut off after this if it lingers. */
const CLOSE_GRACE_MS = 1000;
/** On shutdown, how long clients have to answer the close frame before their sockets are cut. */
const SHUTDOWN_GRACE_MS = 500;

interface Upgrade {
  request: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  url: URL;
}

/** A socket waiting for its handshake has no other error listener; an unhandled error would end the process. */
const ignoreError = () => {};
/** ws.send's options, made once: every delivered update is a send. */
const BINARY = { binary: true } as const;

interface Deps {
  config: Config;
  logger: Logger;
  canvases: CanvasService;
  rooms: RoomManager;
}

/**
 * `ws(s)://host/collab/<id>?token=...`: the y-websocket protocol. The upgrade is always
 * accepted and then closed with a code: a refused upgrade looks like 1006 to the client,
 * which would retry forever.
 */
export function attachCollab(server: HttpServer, deps: Deps): { close(): Promise<void> } {
  const { config, logger } = deps;
  // ws closes oversized frames itself (1009); StipWebSocket turns that into 4413.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxFrameBytes,
    perMessageDeflate: false,
    WebSocket: StipWebSocket,
  });
  const perIp = new Map<string, number>();
  const cooldowns = new Cooldowns();
  const gate = new ConnectionGate(config, {
    isLoaded: (id) => deps.rooms.get(id) !== undefined,
    load: (id) => deps.rooms.open(id),
  });

  const handshakes = new SlicedQueue<Upgrade>(HANDSHAKE_BUDGET_MS, ({ request, socket, head, url }) => {
    socket.off('error', ignoreError);
    if (socket.destroyed) return;
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, socket, request, url));
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://stip.invalid');
    if (!COLLAB_PATH.test(url.pathname) || request.headers.upgrade?.toLowerCase() !== 'websocket') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (handshakes.size + gate.pending >= config.maxPendingUpgrades) {
      // Accepted and closed with a code, never refused with a status (see the module comment).
      wss.handleUpgrade(request, socket, head, (ws) => {
        ws.on('error', ignoreError);
        ws.close(CloseCode.overloaded.code, 'server busy, try again later');
      });
      return;
    }
    socket.on('error', ignoreError);
    handshakes.push({ request, socket, head, url });
  };

  /** Counts a connection against its address until it closes; returns the address's count. */
  const countPerIp = (ws: WebSocket, ip: string): number => {
    const count = (perIp.get(ip) ?? 0) + 1;
    perIp.set(ip, count);
    // `on`, not `once`: 'close' comes once anyway, and `once` wraps the listener in two more objects.
    ws.on('close', () => {
      const left = (perIp.get(ip) ?? 1) - 1;
      if (left <= 0) perIp.delete(ip);
      else perIp.set(ip, left);
    });
    return count;
  };

  // The listeners an idle connection keeps live for hours are made in small functions of their
  // own (countPerIp, holdUntilCooledDown, join): a closure keeps its whole scope, and a closure
  // made here would keep the upgrade request (headers and all) for the connection's lifetime.
  const onConnection = (ws: WebSocket, tcp: Duplex, request: IncomingMessage, url: URL) => {
    ws.on('error', ignoreError);
    // Nothing is read until the connection is checked and joined; then frames flow again.
    ws.pause();
    const ip = clientIp(request, config.trustProxy);
    if (countPerIp(ws, ip) > config.maxConnectionsPerIp) {
      refuse(ws, { code: CloseCode.overloaded.code, reason: 'too many connections from this address' });
      return;
    }
    const id = canvasIdOf(url);
    const cooldownKey = `${ip} ${id}`;
    const wait = cooldowns.remaining(cooldownKey);
    if (wait > 0) {
      holdUntilCooledDown(ws, wait);
      return;
    }
    let access: Extract<Access, { ok: true }> | null = null;
    gate.enqueue({
      canvasId: id,
      get open() {
        return ws.readyState === ws.OPEN;
      },
      check: async () => {
        access = await checkAccess(ws, request, id, url);
        return access !== null;
      },
      join: () => join(ws, tcp, id, access!, url.searchParams.get('stip') === '1', cooldownKey),
      refuse: (code) => refuse(ws, code),
    });
  };

  /** Origin, then unknown id (4404), then token (4401); the connection closes itself on failure. */
  const checkAccess = async (ws: WebSocket, request: IncomingMessage, id: string, url: URL): Promise<Extract<Access, { ok: true }> | null> => {
    if (!originAllowed(request, config)) {
      refuse(ws, CloseCode.forbiddenOrigin);
      return null;
    }
    const access = CANVAS_ID_PATTERN.test(id)
      ? await deps.canvases.access(id, url.searchParams.get('token') ?? undefined)
      : ({ ok: false, reason: 'not_found' } as const);
    if (access.ok) return access;
    if (ws.readyState !== ws.OPEN) return null;
    const code = access.reason === 'not_found' ? CloseCode.notFound : CloseCode.unauthorized;
    // Only a well-formed id is logged: a mistaken link may put a token where the id goes.
    logger.debug('collab connection refused', { canvas: CANVAS_ID_PATTERN.test(id) ? id : '(malformed)', code: code.code });
    refuse(ws, code);
    return null;
  };

  const join = (ws: WebSocket, tcp: Duplex, id: string, access: Extract<Access, { ok: true }>, stip: boolean, cooldownKey: string) => {
    // The gate joins only once the room is loaded.
    const room = deps.rooms.get(id)!;
    const socket = new WsRoomSocket(ws, tcp, cooldowns, cooldownKey);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (ws.readyState !== ws.OPEN) return;
      if (!isBinary) {
        ws.close(CloseCode.malformed.code, 'text frames are not part of the protocol');
        return;
      }
      room.receive(socket, toUint8Array(data));
    });
    ws.on('close', () => room.leave(socket));
    room.join(socket, { role: access.role, stip });
    ws.resume();
    logger.debug('collab connection opened', { canvas: id, role: access.role });
  };

  server.on('upgrade', onUpgrade);
  return {
    /**
     * Stops accepting, then waits (at most SHUTDOWN_GRACE_MS) for the clients to answer the
     * close frames the rooms sent. Cutting a socket whose client is still typing would reset
     * it, and the client would lose the close frame: 1006 instead of 1012.
     */
    async close() {
      server.off('upgrade', onUpgrade);
      for (const { socket } of handshakes.close()) socket.destroy();
      gate.close();
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

/** The canvas id of a collab URL; a broken %-escape is an unknown canvas, not a crash. */
function canvasIdOf(url: URL): string {
  try {
    return decodeURIComponent(COLLAB_PATH.exec(url.pathname)?.[1] ?? '');
  } catch {
    return '';
  }
}

/** Closes a connection not yet joined; it is read again so the close handshake can finish. */
function refuse(ws: WebSocket, code: { code: number; reason: string }): void {
  ws.resume();
  ws.close(code.code, code.reason);
}

/**
 * Closes without reading anything more: the close frame goes out, and the socket is cut once
 * the client had time to see it (its own close frame waits, unread, behind whatever it sent).
 */
function closeUnread(ws: WebSocket, code: number, reason: string): void {
  ws.pause();
  ws.close(code, reason);
  setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
}

/** ws's socket, except that an oversized frame closes with the contract's 4413 (ws says 1009). */
class StipWebSocket extends WebSocket {
  override close(code?: number, reason?: string | Buffer): void {
    if (code === 1009) super.close(CloseCode.tooLarge.code, 'frame too large');
    else super.close(code, reason);
  }
}

const uncork = (socket: WsRoomSocket) => socket.uncork();

/** Held unread for the rest of its cool-down, then closed: it cannot spin on reconnects. */
function holdUntilCooledDown(ws: WebSocket, wait: number): void {
  const timer = setTimeout(() => closeUnread(ws, CloseCode.overloaded.code, 'cooling down after a flood'), wait);
  timer.unref();
  ws.once('close', () => clearTimeout(timer));
}

/**
 * A joined connection as its room sees it: methods on a prototype, not closures per connection.
 * Everything sent to it in one callback (a room's stored updates and awareness of one turn go
 * out together) leaves in one write: the TCP socket is corked at the first message and uncorked
 * when the callback is done. In a room of 50 that is a system call per receiver per turn
 * instead of one per message, and fewer wake-ups for every client.
 */
class WsRoomSocket implements RoomSocket {
  private corked = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly tcp: Duplex,
    private readonly cooldowns: Cooldowns,
    private readonly cooldownKey: string,
  ) {}

  send(message: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (!this.corked) {
      this.corked = true;
      this.tcp.cork();
      process.nextTick(uncork, this);
    }
    this.ws.send(message, BINARY);
  }

  /** Called once per corked callback (see the class comment). */
  uncork(): void {
    this.corked = false;
    this.tcp.uncork();
  }

  close(code: number, reason: string): void {
    if (code !== CloseCode.overloaded.code || reason !== OVER_RATE_REASON) {
      this.ws.close(code, reason);
      return;
    }
    // Over its rate: not read any more, and reconnecting at once gets it nowhere. (A client
    // too slow to read is not struck: others behind its address may join.)
    this.cooldowns.strike(this.cooldownKey);
    closeUnread(this.ws, code, reason);
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }
}

/**
 * A copy that owns its ArrayBuffer. lib0's decoder reads `arr.buffer` at an offset, so a view
 * into ws's pooled buffer would let a lying length prefix read neighbouring bytes instead of
 * failing.
 */
function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  return new Uint8Array(data);
}

function clientIp(request: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return request.socket.remoteAddress ?? 'unknown';
}

/** No Origin header (a non-browser client) is allowed; a browser must come from us. */
function originAllowed(request: IncomingMessage, config: Config): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  const own = requestOrigin(undefined, config.trustProxy, request.headers, Boolean((request.socket as { encrypted?: boolean }).encrypted));
  const allowed = new Set([own, ...config.allowedOrigins]);
  if (config.publicUrl) allowed.add(new URL(config.publicUrl).origin);
  try {
    const host = new URL(origin).host;
    // The page and the socket share host:port; the scheme may differ behind a proxy.
    if (host === request.headers.host) return true;
  } catch {
    return false;
  }
  return allowed.has(origin);
}
