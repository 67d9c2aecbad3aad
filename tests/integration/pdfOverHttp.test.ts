import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../shared/api';
import { missingWords, readPdf } from '../helpers/pdfText';
import { connectClient, waitFor } from '../helpers/collabClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

const MAX_PDF_QUEUE = 8;

describe('GET /api/canvases/:id/pdf', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ DOWNLOAD_QUEUE: String(MAX_PDF_QUEUE) });
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('sends a one-page A4 PDF as an attachment to every role', async () => {
    const canvas = await server.createCanvas({ template: 'example', title: 'Visie 2027: één A4!' });
    for (const role of ['facilitator', 'editor', 'viewer'] as const) {
      const response = await fetch(`${server.url}/api/canvases/${canvas.id}/pdf`, {
        headers: { authorization: `Bearer ${canvas.tokens[role]}` },
      });
      expect(response.status, role).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="Visie-2027-een-A4.pdf"');
      const facts = await readPdf(new Uint8Array(await response.arrayBuffer()));
      expect(facts.pages).toBe(1);
      expect(facts.width).toBeCloseTo(595.28, 1);
      expect(facts.height).toBeCloseTo(841.89, 1);
      expect(facts.info.Title).toBe('Visie 2027: één A4!');
    }
  });

  it('prints the live state of a canvas being edited', async () => {
    const canvas = await server.createCanvas({ template: 'blank' });
    const client = connectClient(server.url, canvas.id, canvas.tokens.editor);
    await client.synced;
    client.doc.getText('title').insert(0, 'Zojuist getypt');
    await waitFor(() => server.rooms.get(canvas.id)?.readMeta().title === 'Zojuist getypt');
    const response = await fetch(`${server.url}/api/canvases/${canvas.id}/pdf?token=${canvas.tokens.viewer}`);
    const facts = await readPdf(new Uint8Array(await response.arrayBuffer()));
    expect(missingWords('Zojuist getypt', facts.text)).toEqual([]);
    client.destroy();
  });

  it('answers 401 for a wrong token and 404 for an unknown canvas, in the error shape', async () => {
    const canvas = await server.createCanvas();
    const wrong = await fetch(`${server.url}/api/canvases/${canvas.id}/pdf?token=nope`);
    expect(wrong.status).toBe(401);
    expect(apiErrorSchema.parse(await wrong.json()).error.code).toBe('unauthorized');
    const unknown = await fetch(`${server.url}/api/canvases/AAAAAAAAAAAAAAAAAAAAAA/pdf?token=${canvas.tokens.viewer}`);
    expect(unknown.status).toBe(404);
    expect(apiErrorSchema.parse(await unknown.json()).error.code).toBe('not_found');
  });

  it('keeps the rooms answering while PDFs render', async () => {
    const canvas = await server.createCanvas({ template: 'example' });
    const renders = Array.from({ length: 4 }, () => fetch(`${server.url}/api/canvases/${canvas.id}/pdf?token=${canvas.tokens.viewer}`));
    const started = Date.now();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(100);
    for (const response of await Promise.all(renders)) expect(response.status).toBe(200);
  });

  it('refuses PDFs past the queue (429 with Retry-After) instead of letting them wait towards the timeout, and makes the next one after', async () => {
    const canvas = await server.createCanvas({ template: 'example' });
    const pdf = () => fetch(`${server.url}/api/canvases/${canvas.id}/pdf?token=${canvas.tokens.viewer}`);
    const responses = await Promise.all(Array.from({ length: MAX_PDF_QUEUE + 4 }, pdf));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(MAX_PDF_QUEUE);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    const refused = responses.find((r) => r.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(apiErrorSchema.parse(await refused.json()).error.code).toBe('rate_limited');
    // The queue drained: the next request is made.
    expect((await pdf()).status).toBe(200);
  });
});
