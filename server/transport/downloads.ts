import type { Context } from 'hono';
import { canvasToMarkdown } from '../../shared/canvasMarkdown';
import type { CanvasExport } from '../../shared/exportFormat';
import type { RenderedPdf } from '../pdf/PdfRenderer';
import { HttpError } from './httpErrors';

/** Sends an export as JSON, or as Markdown with `?format=markdown`; both as a download. */
export function sendExport(c: Context, data: CanvasExport, fileName: string): Response {
  const format = c.req.query('format') ?? 'json';
  if (format === 'markdown') {
    c.header('Content-Disposition', `attachment; filename="${fileName}.md"`);
    return c.body(canvasToMarkdown(data), 200, { 'Content-Type': 'text/markdown; charset=utf-8' });
  }
  if (format !== 'json') {
    throw new HttpError('bad_request', `Unknown export format "${format.slice(0, 40)}"; use json or markdown.`);
  }
  c.header('Content-Disposition', `attachment; filename="${fileName}.json"`);
  return c.json(data);
}

/** Sends a rendered PDF as a download named `<fileName>.pdf`. */
export function sendPdf(c: Context, rendered: RenderedPdf, fileName: string): Response {
  return c.body(rendered.bytes as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${fileName}.pdf"`,
    'Cache-Control': 'no-store',
    'X-Stip-Type-Scale': rendered.scale.toFixed(3),
  });
}
