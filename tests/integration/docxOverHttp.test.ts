import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../shared/api';
import { zoneHeading, ZONES } from '../../shared/zones';
import { connectClient, waitFor } from '../helpers/collabClient';
import { readDocx } from '../helpers/docxReader';
import { startTestServer, type TestServer } from '../helpers/testServer';

const WORD_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('GET /api/canvases/:id/docx and .../versions/:v/docx', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.dispose();
  });

  const get = (path: string, token: string) => fetch(`${server.url}/api/canvases/${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('sends every role the canvas as a Word document, as an attachment named after the title', async () => {
    const canvas = await server.createCanvas({ template: 'example', title: 'Visie 2027: één A4!' });
    for (const role of ['facilitator', 'editor', 'viewer'] as const) {
      const response = await get(`${canvas.id}/docx`, canvas.tokens[role]);
      expect(response.status, role).toBe(200);
      expect(response.headers.get('content-type')).toBe(WORD_TYPE);
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="Visie-2027-een-A4.docx"');
      const docx = readDocx(new Uint8Array(await response.arrayBuffer()));
      expect(docx.paragraphs[0]).toMatchObject({ style: 'Title', text: 'Visie 2027: één A4!' });
      expect(docx.paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual(ZONES.map((zone) => zoneHeading('nl', zone.key)));
      expect(docx.tables[0]!.rows[0]!.header).toBe(true);
    }
  });

  it('holds the live state of a canvas being edited', async () => {
    const canvas = await server.createCanvas({ template: 'blank', language: 'en' });
    const client = connectClient(server.url, canvas.id, canvas.tokens.editor);
    await client.synced;
    client.doc.getText('title').insert(0, 'Just typed');
    await waitFor(() => server.rooms.get(canvas.id)?.readMeta().title === 'Just typed');
    const docx = readDocx(new Uint8Array(await (await get(`${canvas.id}/docx`, canvas.tokens.viewer)).arrayBuffer()));
    expect(docx.paragraphs[0]!.text).toBe('Just typed');
    expect(docx.language).toBe('en-GB');
    client.destroy();
  });

  it('makes the Word document of a version from the version, for every role', async () => {
    const canvas = await server.createCanvas({ template: 'example', title: 'Voor' });
    const saved = await fetch(`${server.url}/api/canvases/${canvas.id}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${canvas.tokens.facilitator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ronde 1' }),
    });
    expect(saved.status).toBe(201);
    const { id: versionId } = (await saved.json()) as { id: string };
    const client = connectClient(server.url, canvas.id, canvas.tokens.editor);
    await client.synced;
    const title = client.doc.getText('title');
    title.delete(0, title.length);
    title.insert(0, 'Na');
    await waitFor(() => server.rooms.get(canvas.id)?.readMeta().title === 'Na');
    for (const role of ['facilitator', 'editor', 'viewer'] as const) {
      const response = await get(`${canvas.id}/versions/${versionId}/docx`, canvas.tokens[role]);
      expect(response.status, role).toBe(200);
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="Voor-Ronde-1.docx"');
      expect(readDocx(new Uint8Array(await response.arrayBuffer())).paragraphs[0]!.text).toBe('Voor');
    }
    client.destroy();
  });

  it('answers 401 for a wrong token and 404 for an unknown canvas or version, in the error shape', async () => {
    const canvas = await server.createCanvas();
    const cases: [string, string, number, string][] = [
      [`${canvas.id}/docx`, 'nope', 401, 'unauthorized'],
      ['AAAAAAAAAAAAAAAAAAAAAA/docx', canvas.tokens.viewer, 404, 'not_found'],
      [`${canvas.id}/versions/AAAAAAAAAAAAAAAA/docx`, canvas.tokens.viewer, 404, 'not_found'],
      [`${canvas.id}/versions/AAAAAAAAAAAAAAAA/docx`, 'nope', 401, 'unauthorized'],
    ];
    for (const [path, token, status, code] of cases) {
      const response = await get(path, token);
      expect(response.status, path).toBe(status);
      expect(apiErrorSchema.parse(await response.json()).error.code).toBe(code);
    }
  });
});
