import {
  apiErrorSchema,
  canvasInfoSchema,
  createdCanvasSchema,
  logoResultSchema,
  restoreResultSchema,
  shareLinksSchema,
  versionListSchema,
  versionSchema,
  type CanvasInfo,
  type CreateCanvasRequest,
  type CreatedCanvas,
  type ErrorCode,
  type LogoResult,
  type RestoreResult,
  type ShareLinks,
  type VersionInfo,
} from '../../../shared/api';
import type { CanvasExport } from '../../../shared/exportFormat';
import { styleExportSchema, type CanvasStyle } from '../../../shared/houseStyle';
import { saveBlob } from './saveBlob';

/** An API failure with the server's code, or `network` when the server was not reached. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode | 'network',
    message: string,
    /** The server's Retry-After, in seconds (a quota says when its window frees). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Fetches; a failure becomes an ApiFailure with the server's code (or `network`). */
async function send(path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiFailure('network', 'The server could not be reached.');
  }
  if (!response.ok) {
    const error = apiErrorSchema.safeParse(await response.json().catch(() => null));
    const retryAfter = Number(response.headers.get('retry-after') ?? NaN);
    throw error.success
      ? new ApiFailure(error.data.error.code, error.data.error.message, Number.isFinite(retryAfter) ? retryAfter : undefined)
      : new ApiFailure('bad_request', `The server answered ${response.status}.`);
  }
  return response;
}

async function request<T>(path: string, init: RequestInit, parse: (body: unknown) => T): Promise<T> {
  const response = await send(path, init);
  return parse(response.status === 204 ? null : await response.json());
}

/** A call on one canvas with the link's token (in a header, never in the URL). */
function onCanvas(id: string, token: string, path = '', init: RequestInit = {}): [string, RequestInit] {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return [`/api/canvases/${encodeURIComponent(id)}${path}`, { ...init, headers }];
}

export function createCanvas(body: CreateCanvasRequest): Promise<CreatedCanvas> {
  return request(
    '/api/canvases',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    (b) => createdCanvasSchema.parse(b),
  );
}

export function getCanvas(id: string, token: string): Promise<CanvasInfo> {
  return request(...onCanvas(id, token), (b) => canvasInfoSchema.parse(b));
}

export function setLocked(id: string, token: string, locked: boolean): Promise<CanvasInfo> {
  return request(...onCanvas(id, token, '', { method: 'PATCH', body: JSON.stringify({ locked }) }), (b) => canvasInfoSchema.parse(b));
}

export function getLinks(id: string, token: string): Promise<ShareLinks> {
  return request(...onCanvas(id, token, '/links'), (b) => shareLinksSchema.parse(b));
}

/** A new link for a role; for `published`, publishes the canvas or gives its page a new address. */
export function rotateLink(id: string, token: string, role: 'editor' | 'viewer' | 'published'): Promise<ShareLinks> {
  return request(...onCanvas(id, token, `/links/${role}/rotate`, { method: 'POST' }), (b) => shareLinksSchema.parse(b));
}

/** Takes the published page down: its address answers 404 at once. */
export function unpublish(id: string, token: string): Promise<ShareLinks> {
  return request(...onCanvas(id, token, '/links/published', { method: 'DELETE' }), (b) => shareLinksSchema.parse(b));
}

export async function deleteCanvas(id: string, token: string): Promise<void> {
  await send(...onCanvas(id, token, '', { method: 'DELETE' }));
}

export function duplicateCanvas(id: string, token: string, title: string): Promise<CreatedCanvas> {
  return request(...onCanvas(id, token, '/duplicate', { method: 'POST', body: JSON.stringify({ title }) }), (b) => createdCanvasSchema.parse(b));
}

/** The logo file (SVG or PNG) as the server draws it: a PNG, base64. */
export function uploadLogo(id: string, token: string, file: Blob): Promise<LogoResult> {
  const [path, init] = onCanvas(id, token, '/logo', { method: 'POST' });
  return request(path, { ...init, body: file, headers: { ...(init.headers as Record<string, string>), 'content-type': 'application/octet-stream' } }, (b) =>
    logoResultSchema.parse(b),
  );
}

/** The installation's house style (STYLE_DIR). */
export function getInstallationStyle(): Promise<CanvasStyle> {
  return request('/api/style', {}, (b) => styleExportSchema.parse(b));
}

/** `POST /api/canvases/import` with a file's parsed JSON. */
export function importCanvasFile(data: unknown): Promise<CreatedCanvas> {
  return request(
    '/api/canvases/import',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) },
    (b) => createdCanvasSchema.parse(b),
  );
}

export function listVersions(id: string, token: string): Promise<VersionInfo[]> {
  return request(...onCanvas(id, token, '/versions'), (b) => versionListSchema.parse(b).versions);
}

export function saveVersion(id: string, token: string, name: string, by: string | undefined): Promise<VersionInfo> {
  return request(...onCanvas(id, token, '/versions', { method: 'POST', body: JSON.stringify({ name, by }) }), (b) => versionSchema.parse(b));
}

export function restoreVersion(id: string, token: string, versionId: string, by: string | undefined): Promise<RestoreResult> {
  return request(
    ...onCanvas(id, token, `/versions/${encodeURIComponent(versionId)}/restore`, { method: 'POST', body: JSON.stringify({ by }) }),
    (b) => restoreResultSchema.parse(b),
  );
}

/** A version's content, checked like an import (it is rendered in the page). */
export async function versionExport(id: string, token: string, versionId: string): Promise<CanvasExport> {
  // The checker comes with the version preview, not with the editor's first download.
  const [{ validateCanvasExport }, body] = await Promise.all([
    import('../../../shared/canvasTransfer'),
    request(...onCanvas(id, token, `/versions/${encodeURIComponent(versionId)}/export`), (b) => b),
  ]);
  const result = validateCanvasExport(body);
  if (!result.ok) throw new ApiFailure('bad_request', result.message);
  return result.value;
}

/**
 * Downloads a file the API serves as an attachment (`/export`, `/versions/:v/pdf`, ...). It is
 * fetched with the token in a header, so the token never appears in a URL.
 */
export async function downloadFromApi(id: string, token: string, path: string): Promise<void> {
  const response = await send(...onCanvas(id, token, path));
  const disposition = response.headers.get('content-disposition') ?? '';
  saveBlob(await response.blob(), /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'stip-canvas');
}
