import type { IncomingMessage } from 'node:http';

/**
 * The client's address, for per-address limits (WebSocket connections, canvases per hour): the
 * socket's, or with TRUST_PROXY the first X-Forwarded-For entry.
 */
export function clientIp(request: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return request.socket.remoteAddress ?? 'unknown';
}
