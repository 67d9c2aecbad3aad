import type { Hono } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { CANVAS_ID_PATTERN } from '../../shared/api';
import type { CanvasService } from '../CanvasService';
import type { DownloadPool } from '../downloads/DownloadPool';
import { sendMade } from './downloads';

type Env = { Bindings: HttpBindings };

interface Deps {
  canvases: CanvasService;
  downloads: DownloadPool;
  /** Origins whose pages may frame the published page (EMBED_ORIGINS); none: no page may. */
  embedOrigins: readonly string[];
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The published page's Content-Security-Policy: nothing but its own inline styles, the house
 * style's fonts from this server and its logo as a data: image, no script at all, and framed
 * only by the EMBED_ORIGINS (the one page Stip lets anyone frame).
 */
export function publishedPagePolicy(embedOrigins: readonly string[]): string {
  const ancestors = embedOrigins.length > 0 ? embedOrigins.join(' ') : "'none'";
  return `default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`;
}

const NOT_FOUND = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Niet gevonden · Not found</title></head>
<body><main><h1>Deze pagina bestaat niet (meer)</h1><p lang="en">This page does not exist (any more).</p></main></body></html>
`;

/**
 * `GET /p/:id/:token`: a canvas's published page, read-only HTML of its A4 made by a download
 * worker from the canvas's current state. The token is checked against the store on every
 * request (several processes may share it; a revoke holds at once) and the page is never
 * cached, so a revoked or moved address answers 404 from that moment.
 */
export function registerPublishedPage(app: Hono<Env>, deps: Deps): void {
  const { canvases, downloads, embedOrigins } = deps;
  const policy = publishedPagePolicy(embedOrigins);
  const headers = {
    'Content-Security-Policy': policy,
    'Cache-Control': 'no-store',
    // Without EMBED_ORIGINS, browsers that know only X-Frame-Options refuse to frame it too.
    ...(embedOrigins.length === 0 ? { 'X-Frame-Options': 'DENY' } : {}),
  };

  app.get('/p/:id/:token', async (c) => {
    const id = c.req.param('id');
    const token = c.req.param('token');
    const canvas = CANVAS_ID_PATTERN.test(id) && TOKEN_PATTERN.test(token) ? await canvases.published(id, token) : null;
    if (!canvas) return c.html(NOT_FOUND, 404, headers);
    const page = await downloads.run('page', () => canvases.downloadSource(canvas.id));
    return sendMade(c, page, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
  });
}
