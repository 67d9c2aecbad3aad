import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { pdfFileName } from '../../shared/pdf/pdfFileName';
import type { CanvasSource, Download, DownloadKind, DownloadPool, MadeContent } from '../downloads/DownloadPool';
import { HttpError } from './httpErrors';
import { securityHeaders } from './securityHeaders';

/** The kinds sent as a file to keep (the published page is sent as a page, by its route). */
export type AttachmentKind = Exclude<DownloadKind, 'page'>;

/** How each kind of download goes out: its file extension and headers. */
const SENT: Record<AttachmentKind, { extension: string; headers: (download: Download) => Record<string, string> }> = {
  json: { extension: 'json', headers: () => ({ 'Content-Type': 'application/json' }) },
  markdown: { extension: 'md', headers: () => ({ 'Content-Type': 'text/markdown; charset=utf-8' }) },
  docx: {
    extension: 'docx',
    headers: () => ({ 'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Cache-Control': 'no-store' }),
  },
  pdf: {
    extension: 'pdf',
    headers: (download) => ({
      'Content-Type': 'application/pdf',
      'Cache-Control': 'no-store',
      'X-Stip-Type-Scale': (download.meta.scale ?? 1).toFixed(3),
    }),
  },
};

/** The kind an export route asks for: JSON, or Markdown with `?format=markdown` (400 otherwise). */
export function exportKind(c: Context): AttachmentKind {
  const format = c.req.query('format') ?? 'json';
  if (format === 'json' || format === 'markdown') return format;
  throw new HttpError('bad_request', `Unknown export format "${format.slice(0, 40)}"; use json or markdown.`);
}

/** A download goes out in pieces of this size, one write each, as the socket takes them. */
const CHUNK_BYTES = 64 * 1024;

type Env = { Bindings: HttpBindings };

/**
 * Writes `chunk` to the response and resolves once the socket has taken it (true), or once the
 * response is gone (false): whoever downloads it closed the connection.
 */
function written(outgoing: ServerResponse, chunk: Uint8Array): Promise<boolean> {
  if (outgoing.destroyed || outgoing.writableEnded) return Promise.resolve(false);
  return new Promise((resolve) => {
    const gone = () => resolve(false);
    outgoing.once('close', gone);
    outgoing.write(chunk, (error) => {
      outgoing.off('close', gone);
      resolve(!error);
    });
  });
}

/**
 * Writes a made file's bytes in `CHUNK_BYTES` pieces, the next once the socket took the last: a
 * 7 MB export is a hundred short writes between the rooms' messages, not one long one. A
 * temporary file (a large one) is read into one buffer, reused for every piece, and deleted as
 * soon as it is open, so it is gone however the response ends. Resolves with the bytes the
 * socket took.
 */
async function writeContent(outgoing: ServerResponse, content: MadeContent): Promise<number> {
  if ('bytes' in content) {
    const { bytes } = content;
    let offset = 0;
    while (offset < bytes.byteLength && (await written(outgoing, bytes.subarray(offset, offset + CHUNK_BYTES)))) offset += CHUNK_BYTES;
    return Math.min(offset, bytes.byteLength);
  }
  const file = await fs.promises.open(content.file, 'r').finally(() => fs.promises.rm(content.file, { force: true }));
  try {
    const buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
    let sent = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0 || !(await written(outgoing, buffer.subarray(0, bytesRead)))) return sent;
      sent += bytesRead;
    }
  } finally {
    await file.close();
  }
}

/**
 * Sends a made file with status 200, `headers` and the security headers, written straight to
 * the socket rather than through a web stream (which cost an adapter and a buffer per piece
 * on the rooms' event loop). A file that cannot be read to its length cuts the connection: the
 * Content-Length already sent tells the browser the file is incomplete.
 */
export async function sendMade(c: Context<Env>, download: Download, headers: Record<string, string>): Promise<Response> {
  const { outgoing } = c.env;
  const { content } = download;
  const length = 'bytes' in content ? content.bytes.byteLength : content.size;
  outgoing.writeHead(200, {
    ...Object.fromEntries(securityHeaders('Content-Security-Policy' in headers)),
    ...headers,
    'Content-Length': String(length),
  });
  const sent = await writeContent(outgoing, content).catch(() => -1);
  if (sent === length) outgoing.end();
  else outgoing.destroy();
  return new Response(null, { headers: RESPONSE_ALREADY_SENT.headers });
}

/** Sends a made download as an attachment named after `name` (a title; made safe here). */
function sendDownload(c: Context<Env>, kind: AttachmentKind, download: Download, name: string): Promise<Response> {
  const { extension, headers } = SENT[kind];
  return sendMade(c, download, {
    ...headers(download),
    'Content-Disposition': `attachment; filename="${pdfFileName(name)}.${extension}"`,
  });
}

/**
 * Answers a download route: the pool's queue first (429 when full), then `read` hands over the
 * canvas as bytes, a worker makes the file (503 past its deadline, 500 when it fails), and it
 * goes out named `name(title)`.
 */
export async function serveDownload(
  c: Context<Env>,
  pool: DownloadPool,
  kind: AttachmentKind,
  read: () => CanvasSource | Promise<CanvasSource>,
  name: (title: string) => string = (title) => title,
): Promise<Response> {
  const made = await pool.run(kind, read);
  return sendDownload(c, kind, made, name(made.title));
}
