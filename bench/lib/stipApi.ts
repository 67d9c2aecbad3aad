import type { CreatedCanvas, CreateCanvasRequest } from '../../shared/api';
import type { CanvasExport } from '../../shared/exportFormat';

/** POST /api/canvases; returns the 201 body. */
export async function createCanvas(httpUrl: string, body: CreateCanvasRequest = {}): Promise<CreatedCanvas> {
  return postCreated(`${httpUrl}/api/canvases`, body);
}

/** POST /api/canvases/import; returns the 201 body. */
export async function importCanvasOverHttp(httpUrl: string, data: CanvasExport): Promise<CreatedCanvas> {
  return postCreated(`${httpUrl}/api/canvases/import`, data);
}

async function postCreated(url: string, body: unknown): Promise<CreatedCanvas> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST ${new URL(url).pathname}: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedCanvas;
}
