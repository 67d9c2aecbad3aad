import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { VERSION_ID_PATTERN, restoreVersionSchema, saveVersionSchema } from '../../shared/api';
import { describeZodError } from '../../shared/exportFormat';
import type { Access, CanvasService } from '../CanvasService';
import type { Logger } from '../logger';
import type { DownloadPool } from '../downloads/DownloadPool';
import { exportKind, serveDownload, type AttachmentKind } from './downloads';
import { HttpError } from './httpErrors';

type Env = { Bindings: HttpBindings };
type Granted = Extract<Access, { ok: true }>;

interface Deps {
  canvases: CanvasService;
  downloads: DownloadPool;
  logger: Logger;
  /** Checks the id and token (404, 401) and, when asked, the facilitator role (403). */
  access: (c: Context<Env>, required?: 'any' | 'facilitator') => Promise<Granted>;
  readJson: (c: Context<Env>, emptyIsOk: boolean) => Promise<unknown>;
  limit: MiddlewareHandler;
}

/** Named versions (`/versions...`): list, save, preview (export, PDF, Word) and restore. */
export function registerVersionRoutes(app: Hono<Env>, deps: Deps): void {
  const { canvases, downloads, logger, access, readJson, limit } = deps;

  const versionOf = async (c: Context<Env>, canvasId: string) => {
    const versionId = c.req.param('v') ?? '';
    const found = VERSION_ID_PATTERN.test(versionId) ? await canvases.versionSnapshot(canvasId, versionId) : null;
    if (!found) throw new HttpError('not_found', 'This canvas has no version with this id.');
    return found;
  };

  app.get('/api/canvases/:id/versions', async (c) => {
    const { canvas } = await access(c);
    return c.json({ versions: await canvases.listVersions(canvas.id) });
  });

  app.post('/api/canvases/:id/versions', limit, async (c) => {
    const { canvas } = await access(c, 'facilitator');
    const parsed = saveVersionSchema.safeParse(await readJson(c, false));
    if (!parsed.success) throw new HttpError('bad_request', describeZodError(parsed.error));
    const version = await canvases.saveVersion(canvas.id, parsed.data.name, parsed.data.by ?? 'facilitator');
    logger.info('version saved', { canvas: canvas.id, version: version.id });
    return c.json(version, 201);
  });

  /** A version's export, PDF or Word file, made by a download worker from the stored JSON. */
  const download = async (c: Context<Env>, kind: (c: Context<Env>) => AttachmentKind) => {
    const { canvas } = await access(c);
    let version = '';
    const read = async () => {
      const { info, snapshot } = await versionOf(c, canvas.id);
      version = info.name;
      return { snapshot };
    };
    return serveDownload(c, downloads, kind(c), read, (title) => `${title} ${version}`);
  };

  app.get('/api/canvases/:id/versions/:v/export', (c) => download(c, exportKind));

  app.get('/api/canvases/:id/versions/:v/pdf', (c) => download(c, () => 'pdf'));

  app.get('/api/canvases/:id/versions/:v/docx', (c) => download(c, () => 'docx'));

  app.post('/api/canvases/:id/versions/:v/restore', limit, async (c) => {
    const { canvas } = await access(c, 'facilitator');
    const parsed = restoreVersionSchema.safeParse((await readJson(c, true)) ?? {});
    if (!parsed.success) throw new HttpError('bad_request', describeZodError(parsed.error));
    const versionId = c.req.param('v');
    const result = VERSION_ID_PATTERN.test(versionId) ? await canvases.restoreVersion(canvas.id, versionId, parsed.data.by ?? 'facilitator') : null;
    if (!result) throw new HttpError('not_found', 'This canvas has no version with this id.');
    logger.info('version restored', { canvas: canvas.id, version: versionId, saved: result.saved.id });
    return c.json(result);
  });
}
