import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { pdfFileName } from '../../shared/pdf/pdfFileName';
import type { CanvasSource, Download, DownloadKind, DownloadPool } from '../downloads/DownloadPool';
import { HttpError } from './httpErrors';

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

/**
 * The bytes as a stream of `CHUNK_BYTES` views (no copies). The server writes a piece, waits
 * until the socket drains, then writes the next: a 7 MB export is many short writes between
 * the rooms' messages, not one long write (on loopback, one 7 MB write held the event loop
 * for tens of milliseconds).
 */
function inChunks(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(bytes.subarray(offset, offset + CHUNK_BYTES));
      offset += CHUNK_BYTES;
      if (offset >= bytes.byteLength) controller.close();
    },
  });
}

/**
 * A made file as a response body, and its length. A temporary file (a large one) is read in
 * `CHUNK_BYTES` pieces as the socket takes them, and deleted as soon as it is open: it is gone
 * when the response ends, is cut off, or is never read.
 */
export function downloadBody(download: Download): { body: ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer>; length: number } {
  const { content } = download;
  if ('bytes' in content) {
    const { bytes } = content;
    return { body: bytes.byteLength > CHUNK_BYTES ? inChunks(bytes) : (bytes as Uint8Array<ArrayBuffer>), length: bytes.byteLength };
  }
  const stream = fs.createReadStream(content.file, { highWaterMark: CHUNK_BYTES });
  const remove = () => fs.rm(content.file, { force: true }, () => {});
  stream.once('open', remove);
  stream.once('error', remove);
  return { body: Readable.toWeb(stream) as ReadableStream<Uint8Array>, length: content.size };
}

/** Sends a made download as an attachment named after `name` (a title; made safe here). */
function sendDownload(c: Context, kind: AttachmentKind, download: Download, name: string): Response {
  const { extension, headers } = SENT[kind];
  const { body, length } = downloadBody(download);
  return c.body(body, 200, {
    ...headers(download),
    'Content-Length': String(length),
    'Content-Disposition': `attachment; filename="${pdfFileName(name)}.${extension}"`,
  });
}

/**
 * Answers a download route: the pool's queue first (429 when full), then `read` hands over the
 * canvas as bytes, a worker makes the file (503 past its deadline, 500 when it fails), and it
 * goes out named `name(title)`.
 */
export async function serveDownload(
  c: Context,
  pool: DownloadPool,
  kind: AttachmentKind,
  read: () => CanvasSource | Promise<CanvasSource>,
  name: (title: string) => string = (title) => title,
): Promise<Response> {
  const made = await pool.run(kind, read);
  return sendDownload(c, kind, made, name(made.title));
}
