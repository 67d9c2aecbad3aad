/**
 * Sent with every response. A response that brings its own Content-Security-Policy (the
 * published page, which may be framed by EMBED_ORIGINS) brings its own framing rules too: it
 * gets neither this CSP nor X-Frame-Options.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
};

const FRAMING = new Set(['Content-Security-Policy', 'X-Frame-Options']);

/**
 * The security headers a response gets, as name and value: all of them, or, for a response with
 * a policy of its own (`ownPolicy`), all but the CSP and X-Frame-Options. The HTTP app's
 * middleware adds them to every response; a download written straight to the socket
 * (transport/downloads.ts) writes them itself.
 */
export function securityHeaders(ownPolicy: boolean): [string, string][] {
  return Object.entries(SECURITY_HEADERS).filter(([name]) => !ownPolicy || !FRAMING.has(name));
}
