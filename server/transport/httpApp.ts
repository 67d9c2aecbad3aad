import fs from 'node:fs';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import { serveStatic } from '@hono/node-server/serve-static';
import type { HttpBindings } from '@hono/node-server';
import { CANVAS_ID_PATTERN, createCanvasSchema, duplicateSchema, lockSchema } from '../../shared/api';
import { describeZodError } from '../../shared/exportFormat';
import { validateCanvasExport } from '../../shared/canvasTransfer';
import { MAX_LOGO_BYTES, toBase64 } from '../../shared/styleValues';
import { normaliseLogo } from '../style/logoImage';
import type { CanvasService } from '../CanvasService';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { DownloadPool } from '../downloads/DownloadPool';
import { CreationQuotas } from '../quotas/CreationQuotas';
import type { CanvasRecord } from '../storage/Storage';
import { clientIp } from './clientAddress';
import { HttpError, INTERNAL_ERROR, answerFor, errorResponse } from './httpErrors';
import { canvasLinks, lanAddress, requestOrigin, shareOrigin } from './links';
import { exportKind, serveDownload, type AttachmentKind } from './downloads';
import { securityHeaders } from './securityHeaders';
import { registerPublishedPage } from './publishedPage';
import { registerVersionRoutes } from './versionRoutes';

type Env = { Bindings: HttpBindings };

/** Logos drawn at once (POST .../logo); one more gets 429 rate_limited. */
const MAX_LOGOS_AT_ONCE = 2;

const CANVAS_PATH = /^\/api\/canvases\/([A-Za-z0-9_-]{22})(?:\/|$)/;

/** The HTTP API and the built client. */
export function createHttpApp(deps: { config: Config; logger: Logger; canvases: CanvasService; downloads: DownloadPool }) {
  const { config, logger, canvases, downloads } = deps;
  const app = new Hono<Env>();

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    for (const [name, value] of securityHeaders(c.res.headers.has('Content-Security-Policy'))) c.header(name, value);
    // The route pattern, never the URL: a query string may carry `?token=`, and a mistaken
    // link may put a token in the path.
    logger.debug('http', {
      method: c.req.method,
      route: routePath(c),
      canvas: CANVAS_PATH.exec(c.req.path)?.[1],
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });

  // Every domain error answers by the one table (httpErrors.ts); anything else is a fault, logged.
  app.onError((error, c) => {
    const answer = answerFor(error);
    if (answer) return errorResponse(c, answer);
    logger.error('request failed', { method: c.req.method, route: routePath(c), error: error.message });
    return errorResponse(c, INTERNAL_ERROR);
  });

  app.get('/healthz', (c) => c.json({ ok: true }));

  const limit = bodyLimit({
    maxSize: config.maxBodyBytes,
    onError: (c) => errorResponse(c, { code: 'too_large', message: `The request body is larger than ${config.maxBodyBytes} bytes.` }),
  });

  // Canvases made per client address (and duplicates per canvas) per hour, before any work.
  const quotas = new CreationQuotas(config);
  const admitNewCanvas = (c: Context<Env>, source?: string) => quotas.admit(clientIp(c.env.incoming, config.trustProxy), source);

  const origin = (c: Context<Env>) =>
    config.publicUrl ?? shareOrigin(requestOrigin(config.trustProxy, c.req.raw.headers, isEncrypted(c)), config.host, lanAddress);

  const created = (c: Context<Env>, record: CanvasRecord) =>
    c.json(
      { id: record.id, title: record.title, tokens: record.tokens, links: canvasLinks(origin(c), record.id, record.tokens, record.published) },
      201,
    );

  app.post('/api/canvases', limit, async (c) => {
    admitNewCanvas(c);
    const body = await readJson(c, true);
    const parsed = createCanvasSchema.safeParse(body ?? {});
    if (!parsed.success) throw new HttpError('bad_request', describeZodError(parsed.error));
    const { template, language, title } = parsed.data;
    const record = await canvases.create(canvases.fromTemplate(template, language, title));
    logger.info('canvas created', { canvas: record.id, template, language });
    return created(c, record);
  });

  app.post('/api/canvases/import', limit, async (c) => {
    admitNewCanvas(c);
    const body = await readJson(c, false);
    const result = validateCanvasExport(body);
    if (!result.ok) throw new HttpError('invalid_import', `Not a valid Stip export: ${result.message}`);
    const record = await canvases.create(result.value);
    logger.info('canvas imported', { canvas: record.id });
    return created(c, record);
  });

  const access = async (c: Context<Env>, required: 'any' | 'facilitator' = 'any') => {
    const id = c.req.param('id') ?? '';
    const header = c.req.header('authorization');
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? c.req.query('token');
    const result = CANVAS_ID_PATTERN.test(id) ? await canvases.access(id, token) : ({ ok: false, reason: 'not_found' } as const);
    if (!result.ok) {
      throw result.reason === 'not_found'
        ? new HttpError('not_found', 'There is no canvas with this id.')
        : new HttpError('unauthorized', 'This link is not (or no longer) valid for this canvas.');
    }
    if (required === 'facilitator' && result.role !== 'facilitator') {
      throw new HttpError('forbidden', 'Only the facilitator link may do this.');
    }
    return result;
  };

  const linksOf = (c: Context<Env>, record: CanvasRecord) => ({
    tokens: record.tokens,
    links: canvasLinks(origin(c), record.id, record.tokens, record.published),
  });

  app.patch('/api/canvases/:id', limit, async (c) => {
    const { canvas } = await access(c, 'facilitator');
    const parsed = lockSchema.safeParse(await readJson(c, false));
    if (!parsed.success) throw new HttpError('bad_request', describeZodError(parsed.error));
    const updated = await canvases.setLocked(canvas.id, parsed.data.locked);
    logger.info(parsed.data.locked ? 'canvas locked' : 'canvas unlocked', { canvas: canvas.id });
    return c.json(canvases.info(updated, 'facilitator'));
  });

  app.delete('/api/canvases/:id', async (c) => {
    const { canvas } = await access(c, 'facilitator');
    await canvases.delete(canvas.id);
    logger.info('canvas deleted', { canvas: canvas.id });
    return c.body(null, 204);
  });

  app.get('/api/canvases/:id/links', async (c) => {
    const { canvas } = await access(c, 'facilitator');
    return c.json(linksOf(c, canvas));
  });

  app.post('/api/canvases/:id/links/:role/rotate', async (c) => {
    const { canvas } = await access(c, 'facilitator');
    const role = c.req.param('role');
    if (role === 'published') {
      // Publishes the canvas, or gives its published page a new address (the old one is gone).
      const updated = await canvases.publish(canvas.id);
      logger.info(canvas.published ? 'published page moved' : 'canvas published', { canvas: canvas.id });
      return c.json(linksOf(c, updated));
    }
    if (role !== 'editor' && role !== 'viewer') {
      throw new HttpError('bad_request', 'Only the editor, viewer and published links can be rotated.');
    }
    const updated = await canvases.rotate(canvas.id, role);
    logger.info('link rotated', { canvas: canvas.id, role });
    return c.json(linksOf(c, updated));
  });

  app.delete('/api/canvases/:id/links/published', async (c) => {
    const { canvas } = await access(c, 'facilitator');
    const updated = await canvases.unpublish(canvas.id);
    logger.info('canvas unpublished', { canvas: canvas.id });
    return c.json(linksOf(c, updated));
  });

  app.get('/api/canvases/:id', async (c) => {
    const { canvas, role } = await access(c);
    return c.json(canvases.info(canvas, role));
  });

  // Downloads are made by workers from the canvas as bytes, once the pool has room for them.
  const download = async (c: Context<Env>, kind: (c: Context<Env>) => AttachmentKind) => {
    const { canvas } = await access(c);
    return serveDownload(c, downloads, kind(c), () => canvases.downloadSource(canvas.id));
  };

  app.get('/api/canvases/:id/export', (c) => download(c, exportKind));

  app.post('/api/canvases/:id/duplicate', limit, async (c) => {
    const { canvas } = await access(c, 'facilitator');
    admitNewCanvas(c, canvas.id);
    const parsed = duplicateSchema.safeParse((await readJson(c, true)) ?? {});
    if (!parsed.success) throw new HttpError('bad_request', describeZodError(parsed.error));
    const record = await canvases.duplicate(canvas.id, parsed.data.title || undefined);
    logger.info('canvas duplicated', { canvas: record.id, from: canvas.id });
    return created(c, record);
  });

  registerVersionRoutes(app, { canvases, downloads, logger, access, readJson, limit });

  // The installation's house style (STYLE_DIR): the home page shows it; new canvases get it.
  app.get('/api/style', (c) => c.json(canvases.defaultStyle));

  // A logo for the house style dialog: the SVG or PNG sent as the body, drawn anew as a PNG
  // (logoImage.ts). Nothing is stored here: the facilitator's page puts the PNG in the document,
  // where the server checks it again (GuardedApply).
  const logoLimit = bodyLimit({
    maxSize: MAX_LOGO_BYTES,
    onError: (c) => errorResponse(c, { code: 'too_large', message: `A logo may be at most ${MAX_LOGO_BYTES / 1024} KB.` }),
  });
  // Drawing takes a thread of libuv's pool: at most MAX_LOGOS_AT_ONCE at a time, in this process.
  let drawing = 0;
  app.post('/api/canvases/:id/logo', logoLimit, async (c) => {
    const { canvas } = await access(c, 'facilitator');
    // The body first: a body cut off past the limit (413) never settles its read, and must not hold a slot.
    const upload = new Uint8Array(await c.req.arrayBuffer());
    if (drawing >= MAX_LOGOS_AT_ONCE) throw new HttpError('rate_limited', 'Other logos are being drawn; try again in a moment.');
    drawing += 1;
    try {
      const logo = await normaliseLogo(upload);
      logger.info('logo drawn', { canvas: canvas.id, width: logo.width, height: logo.height });
      return c.json({ logo: toBase64(logo.png), width: logo.width, height: logo.height });
    } finally {
      drawing -= 1;
    }
  });

  app.get('/api/canvases/:id/pdf', (c) => download(c, () => 'pdf'));

  app.get('/api/canvases/:id/docx', (c) => download(c, () => 'docx'));

  app.all('/api/*', (c) => errorResponse(c, { code: 'not_found', message: 'No such API route.' }));

  registerPublishedPage(app, { canvases, downloads, embedOrigins: config.embedOrigins });

  serveClient(app, config, logger);
  return app;
}

function isEncrypted(c: Context<Env>): boolean {
  const socket = c.env?.incoming?.socket as { encrypted?: boolean } | undefined;
  return Boolean(socket?.encrypted);
}

/** Parses a JSON body; broken JSON is a 400 in the documented shape, never a 500. */
async function readJson(c: Context<Env>, emptyIsOk: boolean): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') {
    if (emptyIsOk) return undefined;
    throw new HttpError('bad_request', 'The request body is empty; send JSON.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError('bad_request', 'The request body is not valid JSON.');
  }
}

function serveClient(app: Hono<Env>, config: Config, logger: Logger): void {
  const indexFile = path.join(config.clientDir, 'index.html');
  if (!fs.existsSync(indexFile)) {
    logger.warn('no built client found; run `npm run build` (npm start does this for you)', { dir: config.clientDir });
  } else {
    serveBuiltFiles(app, config);
  }
  // Client-side routes (/, /c/:id, /c/:id/present, ...) all get the app shell.
  app.get('*', (c) => {
    try {
      const html = fs.readFileSync(indexFile, 'utf8');
      c.header('Cache-Control', 'no-cache');
      return c.html(html);
    } catch {
      return c.text('The Stip client is not built. Run `npm run build` or `npm start`.', 503);
    }
  });
}

function serveBuiltFiles(app: Hono<Env>, config: Config): void {
  app.use(
    '/assets/*',
    serveStatic({
      root: path.relative(process.cwd(), config.clientDir) || '.',
      precompressed: true,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  // The service worker: browsers check it for a new version of the app on each visit.
  app.use(
    '/sw.js',
    serveStatic({
      root: path.relative(process.cwd(), config.clientDir) || '.',
      onFound: (_path, c) => {
        c.header('Cache-Control', 'no-cache');
      },
    }),
  );
  app.use('*', serveStatic({ root: path.relative(process.cwd(), config.clientDir) || '.', precompressed: true }));
}
