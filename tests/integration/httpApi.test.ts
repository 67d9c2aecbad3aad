import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, canvasInfoSchema, createdCanvasSchema } from '../../shared/api';
import { EXPORT_FORMAT } from '../../shared/exportFormat';
import { exampleCanvas } from '../../shared/templates';
import { startTestServer, type TestServer } from '../helpers/testServer';

describe('the HTTP API', () => {
  let server: TestServer;
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const get = (path: string, token?: string) =>
    fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    server = await startTestServer({ MAX_BODY_BYTES: '65536', PUBLIC_URL: 'https://stip.example.org/' });
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('answers /healthz', async () => {
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('creates a canvas with three tokens and absolute links on PUBLIC_URL, token in the fragment', async () => {
    const response = await post('/api/canvases', JSON.stringify({ title: 'Visie 2027', template: 'blank', language: 'en' }));
    expect(response.status).toBe(201);
    const body = createdCanvasSchema.parse(await response.json());
    expect(body.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(body.title).toBe('Visie 2027');
    for (const token of Object.values(body.tokens)) expect(token).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(new Set(Object.values(body.tokens)).size).toBe(3);
    expect(body.links.editor).toBe(`https://stip.example.org/c/${body.id}#token=${body.tokens.editor}`);
    expect(body.links.present).toBe(`https://stip.example.org/c/${body.id}/present#token=${body.tokens.facilitator}`);

    const info = canvasInfoSchema.parse(await (await get(`/api/canvases/${body.id}`, body.tokens.viewer)).json());
    expect(info).toMatchObject({ id: body.id, title: 'Visie 2027', language: 'en', role: 'viewer', locked: false });
    const viaQuery = await fetch(`${server.url}/api/canvases/${body.id}?token=${body.tokens.editor}`);
    expect((await viaQuery.json()).role).toBe('editor');
  });

  it('exports a blank canvas with blank zones and a header row in the action plan', async () => {
    const created = createdCanvasSchema.parse(await (await post('/api/canvases', '{}')).json());
    const exported = await (await get(`/api/canvases/${created.id}/export`, created.tokens.viewer)).json();
    expect(exported.format).toBe(EXPORT_FORMAT);
    expect(exported.language).toBe('nl');
    expect(exported.horizon).toEqual({ type: 'doc', content: [] });
    expect(exported.obstacles).toEqual({ type: 'doc', content: [] });
    expect(exported.pillars).toHaveLength(3);
    const table = exported.actions.content[0];
    expect(table.type).toBe('table');
    expect(JSON.stringify(table.content[0])).toContain('Wanneer');
  });

  it('imports an export and exports it back unchanged, table included', async () => {
    const example = exampleCanvas('nl');
    const imported = await post('/api/canvases/import', JSON.stringify(example));
    expect(imported.status).toBe(201);
    const created = createdCanvasSchema.parse(await imported.json());
    const first = await (await get(`/api/canvases/${created.id}/export`, created.tokens.editor)).json();
    expect(first.title).toBe(example.title);
    expect(first.actions.content[0].type).toBe('table');
    expect(first.actions.content[0].content).toHaveLength(6);

    const again = createdCanvasSchema.parse(await (await post('/api/canvases/import', JSON.stringify(first))).json());
    const second = await (await get(`/api/canvases/${again.id}/export`, again.tokens.editor)).json();
    expect(second).toEqual(first);
  });

  it('rejects an import with an unknown node type, naming it, and stores nothing', async () => {
    const bad = { format: EXPORT_FORMAT, horizon: { type: 'doc', content: [{ type: 'heading', content: [{ type: 'text', text: 'x' }] }] } };
    const response = await post('/api/canvases/import', JSON.stringify(bad));
    expect(response.status).toBe(400);
    const body = apiErrorSchema.parse(await response.json());
    expect(body.error.code).toBe('invalid_import');
    expect(body.error.message).toContain('heading');
  });

  it('rejects unknown top-level keys, a table outside the action plan and javascript: links', async () => {
    const cases = [
      { format: EXPORT_FORMAT, extra: 1 },
      { format: EXPORT_FORMAT, obstacles: { type: 'doc', content: [{ type: 'table', content: [] }] } },
      {
        format: EXPORT_FORMAT,
        horizon: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] },
      },
      { title: 'no format' },
      [],
    ];
    for (const bad of cases) {
      const response = await post('/api/canvases/import', JSON.stringify(bad));
      expect(response.status, JSON.stringify(bad)).toBe(400);
      expect(apiErrorSchema.parse(await response.json()).error.code).toBe('invalid_import');
    }
  });

  it('answers broken JSON with 400 in the error shape', async () => {
    for (const path of ['/api/canvases', '/api/canvases/import']) {
      const response = await post(path, '{"title": ');
      expect(response.status).toBe(400);
      expect(apiErrorSchema.parse(await response.json()).error.code).toBe('bad_request');
    }
    const wrongType = await post('/api/canvases', JSON.stringify({ template: 'fancy' }));
    expect(wrongType.status).toBe(400);
    expect((await wrongType.json()).error.message).toContain('template');
  });

  it('answers a body over MAX_BODY_BYTES with 413', async () => {
    const response = await post('/api/canvases/import', JSON.stringify({ format: EXPORT_FORMAT, title: 'x'.repeat(70_000) }));
    expect(response.status).toBe(413);
    expect(apiErrorSchema.parse(await response.json()).error.code).toBe('too_large');
  });

  it('answers 404 for an unknown canvas whatever the token, and 401 for a wrong token', async () => {
    const created = createdCanvasSchema.parse(await (await post('/api/canvases', '{}')).json());
    const unknown = await get('/api/canvases/AAAAAAAAAAAAAAAAAAAAAA', created.tokens.facilitator);
    expect(unknown.status).toBe(404);
    expect(apiErrorSchema.parse(await unknown.json()).error.code).toBe('not_found');
    const wrong = await get(`/api/canvases/${created.id}`, created.tokens.facilitator.slice(0, -1) + 'A');
    expect(wrong.status).toBe(401);
    expect(apiErrorSchema.parse(await wrong.json()).error.code).toBe('unauthorized');
    expect((await get(`/api/canvases/${created.id}/export`)).status).toBe(401);
  });

  it('sends Referrer-Policy: no-referrer', async () => {
    const response = await get('/healthz');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
