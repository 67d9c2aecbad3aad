import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { CANVAS_ID_PATTERN } from '../../shared/api';
import { CloseCode, type CloseCodeEntry, type Role } from '../../shared/protocol';
import type { Access, CanvasService } from '../CanvasService';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { ConnectionGate, type RoomLoader } from './ConnectionGate';
import { clientIp } from './clientAddress';
import { Cooldowns } from './Cooldowns';
import { requestOrigin } from './links';
import { closeUnread } from './WsRoomSocket';

export const COLLAB_PATH = /^\/collab\/([^/?#]*)$/;

/** A connection let in: what its room needs to know of it. */
export interface Admitted {
  ws: WebSocket;
  tcp: Duplex;
  canvasId: string;
  role: Role;
  /** It asked for Stip's own messages (`stip=1`). */
  stip: boolean;
  /** Its address and canvas: the key of its cool-down if it floods. */
  cooldownKey: string;
}

/** A socket waiting for its handshake has no other error listener; an unhandled error would end the process. */
export const ignoreError = () => {};

/** PostgreSQL answers each admission check after a round trip: this many wait for it at once. */
const CHECKS_AT_ONCE_OVER_NETWORK = 16;

/**
 * Who may join a room, and when: connections per address, the cool-down of an address that
 * flooded the canvas, the Origin, then the canvas id and the token, checked a few at a time
 * between other work (ConnectionGate). A refused connection is closed with its code; an
 * admitted one is handed to `join`, unread until then.
 */
export class Admission {
  readonly cooldowns = new Cooldowns();
  private readonly perIp = new Map<string, number>();
  private readonly gate: ConnectionGate;

  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly canvases: CanvasService,
    rooms: RoomLoader,
    private readonly join: (admitted: Admitted) => void,
  ) {
    this.gate = new ConnectionGate({ ...config, checksAtOnce: config.databaseUrl ? CHECKS_AT_ONCE_OVER_NETWORK : 1 }, rooms);
  }

  /** Connections upgraded and not yet joined. */
  get pending(): number {
    return this.gate.pending;
  }

  // The listeners an idle connection keeps live for hours are made in small methods of their
  // own (countPerIp, holdUntilCooledDown, and the room's join): a closure keeps its whole scope,
  // and a closure made in `admit` would keep the upgrade request (headers and all) for the
  // connection's lifetime.
  admit(ws: WebSocket, tcp: Duplex, request: IncomingMessage, url: URL): void {
    ws.on('error', ignoreError);
    // Nothing is read until the connection is checked and joined; then frames flow again.
    ws.pause();
    const ip = clientIp(request, this.config.trustProxy);
    if (this.countPerIp(ws, ip) > this.config.maxConnectionsPerIp) {
      refuse(ws, CloseCode.tooManyFromAddress);
      return;
    }
    const id = canvasIdOf(url);
    const cooldownKey = `${ip} ${id}`;
    const wait = this.cooldowns.remaining(cooldownKey);
    if (wait > 0) {
      holdUntilCooledDown(ws, wait);
      return;
    }
    let role: Role | null = null;
    const stip = url.searchParams.get('stip') === '1';
    this.gate.enqueue({
      canvasId: id,
      get open() {
        return ws.readyState === ws.OPEN;
      },
      check: async () => {
        role = await this.checkAccess(ws, request, id, url);
        return role !== null;
      },
      join: () => this.join({ ws, tcp, canvasId: id, role: role!, stip, cooldownKey }),
      refuse: (code) => refuse(ws, code),
    });
  }

  /** Drops everything queued (the server is closing). */
  close(): void {
    this.gate.close();
  }

  /** Counts a connection against its address until it closes; returns the address's count. */
  private countPerIp(ws: WebSocket, ip: string): number {
    const perIp = this.perIp;
    const count = (perIp.get(ip) ?? 0) + 1;
    perIp.set(ip, count);
    // `on`, not `once`: 'close' comes once anyway, and `once` wraps the listener in two more objects.
    ws.on('close', () => {
      const left = (perIp.get(ip) ?? 1) - 1;
      if (left <= 0) perIp.delete(ip);
      else perIp.set(ip, left);
    });
    return count;
  }

  /** Origin, then unknown id (4404), then token (4401); the connection closes itself on failure. */
  private async checkAccess(ws: WebSocket, request: IncomingMessage, id: string, url: URL): Promise<Role | null> {
    if (!originAllowed(request, this.config)) {
      refuse(ws, CloseCode.forbiddenOrigin);
      return null;
    }
    const access: Access = CANVAS_ID_PATTERN.test(id)
      ? await this.canvases.access(id, url.searchParams.get('token') ?? undefined)
      : { ok: false, reason: 'not_found' };
    if (access.ok) return access.role;
    if (ws.readyState !== ws.OPEN) return null;
    const code = access.reason === 'not_found' ? CloseCode.notFound : CloseCode.unauthorized;
    // Only a well-formed id is logged: a mistaken link may put a token where the id goes.
    this.logger.debug('collab connection refused', { canvas: CANVAS_ID_PATTERN.test(id) ? id : '(malformed)', code: code.code });
    refuse(ws, code);
    return null;
  }
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
function refuse(ws: WebSocket, code: CloseCodeEntry): void {
  ws.resume();
  ws.close(code.code, code.reason);
}

/** Held unread for the rest of its cool-down, then closed: it cannot spin on reconnects. */
function holdUntilCooledDown(ws: WebSocket, wait: number): void {
  const timer = setTimeout(() => closeUnread(ws, CloseCode.coolingDown), wait);
  timer.unref();
  ws.once('close', () => clearTimeout(timer));
}

/** No Origin header (a non-browser client) is allowed; a browser must come from us. */
function originAllowed(request: IncomingMessage, config: Config): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  const own = requestOrigin(config.trustProxy, request.headers, Boolean((request.socket as { encrypted?: boolean }).encrypted));
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
