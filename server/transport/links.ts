import type { IncomingHttpHeaders } from 'node:http';
import os from 'node:os';
import type { CanvasTokens } from '../storage/Storage';

/** The request's own origin (behind a trusted proxy, the one the browser used). */
export function requestOrigin(trustProxy: boolean, headers: IncomingHttpHeaders | Headers, encrypted: boolean): string {
  const get = (name: string): string | undefined => {
    const value = headers instanceof Headers ? headers.get(name) : headers[name];
    const first = Array.isArray(value) ? value[0] : value;
    return first?.split(',')[0]?.trim() || undefined;
  };
  const proto = (trustProxy && get('x-forwarded-proto')) || (encrypted ? 'https' : 'http');
  const host = (trustProxy && get('x-forwarded-host')) || get('host') || 'localhost';
  return `${proto}://${host}`;
}

/**
 * Absolute share links; the token travels in the fragment so it never reaches logs or Referers.
 * The published page is the exception: it is rendered by the server without JavaScript, so its
 * token is in the path (it grants reading the A4 and nothing else); null while not published.
 */
export function canvasLinks(origin: string, id: string, tokens: CanvasTokens, published: string | null) {
  return {
    published: published === null ? null : publishedLink(origin, id, published),
    facilitator: `${origin}/c/${id}#token=${tokens.facilitator}`,
    editor: `${origin}/c/${id}#token=${tokens.editor}`,
    viewer: `${origin}/c/${id}#token=${tokens.viewer}`,
    present: `${origin}/c/${id}/present#token=${tokens.facilitator}`,
  };
}

/** The address of a canvas's published page. */
export function publishedLink(origin: string, id: string, token: string): string {
  return `${origin}/p/${id}/${token}`;
}

/** HOST values that make the server listen on every interface. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The origin of links and QR codes when no PUBLIC_URL is set: the request's, except when the
 * server listens on every interface (HOST=0.0.0.0) and the page was opened on the machine
 * itself (localhost): a link to localhost is useless to the phones in the room, so the
 * machine's LAN address takes its place (same port).
 */
export function shareOrigin(origin: string, host: string, lanAddress: () => string | null): string {
  if (!WILDCARD_HOSTS.has(host)) return origin;
  const url = new URL(origin);
  if (!LOOPBACK_HOST.test(url.hostname)) return origin;
  const address = lanAddress();
  if (!address) return origin;
  url.hostname = address;
  return url.origin;
}

/** Private ranges first, the usual home and venue Wi-Fi (192.168/16) before 10/8 and 172.16/12. */
const PREFERENCE = [/^192\.168\./, /^10\./, /^172\.(1[6-9]|2\d|3[01])\./];

/** This machine's IPv4 address on the local network, or null when it has none. */
export function lanAddress(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): string | null {
  const candidates = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((info) => info.family === 'IPv4' && !info.internal && !info.address.startsWith('169.254.'))
    .map((info) => info.address);
  const rank = (address: string) => {
    const index = PREFERENCE.findIndex((pattern) => pattern.test(address));
    return index < 0 ? PREFERENCE.length : index;
  };
  return candidates.sort((a, b) => rank(a) - rank(b))[0] ?? null;
}
