import type { IncomingHttpHeaders } from 'node:http';
import type { CanvasTokens } from '../storage/Storage';

/** The origin links are built on: PUBLIC_URL, else the request's own origin. */
export function requestOrigin(
  publicUrl: string | undefined,
  trustProxy: boolean,
  headers: IncomingHttpHeaders | Headers,
  encrypted: boolean,
): string {
  if (publicUrl) return publicUrl;
  const get = (name: string): string | undefined => {
    const value = headers instanceof Headers ? headers.get(name) : headers[name];
    const first = Array.isArray(value) ? value[0] : value;
    return first?.split(',')[0]?.trim() || undefined;
  };
  const proto = (trustProxy && get('x-forwarded-proto')) || (encrypted ? 'https' : 'http');
  const host = (trustProxy && get('x-forwarded-host')) || get('host') || 'localhost';
  return `${proto}://${host}`;
}

/** Absolute share links; the token travels in the fragment so it never reaches logs or Referers. */
export function canvasLinks(origin: string, id: string, tokens: CanvasTokens) {
  return {
    facilitator: `${origin}/c/${id}#token=${tokens.facilitator}`,
    editor: `${origin}/c/${id}#token=${tokens.editor}`,
    viewer: `${origin}/c/${id}#token=${tokens.viewer}`,
    present: `${origin}/c/${id}/present#token=${tokens.facilitator}`,
  };
}
