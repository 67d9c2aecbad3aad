import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  apiErrorSchema,
  createdCanvasSchema,
  restoreResultSchema,
  versionListSchema,
  versionSchema,
  type CreatedCanvas,
} from '../../shared/api';
import { exportCanvas, importCanvas } from '../../shared/canvasTransfer';
import { addPillar, pillarsArray, readPillar, zoneFragment } from '../../shared/docLayout';
import { EXPORT_FORMAT } from '../../shared/exportFormat';
import { exampleCanvas } from '../../shared/templates';
import { connectClient, waitFor, type CollabClient } from '../helpers/collabClient';
import { exportText, missingWords, readPdf } from '../helpers/pdfText';
import { startTestServer, type TestServer } from '../helpers/testServer';

/** Replaces the horizon's text in a client's document, as an editor would. */
function setHorizon(doc: Y.Doc, text: string): void {
  const fragment = zoneFragment(doc, 'horizon');
  doc.transact(() => {
    fragment.delete(0, fragment.length);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(text)]);
    fragment.insert(0, [paragraph]);
  });
}

const horizonOf = (doc: Y.Doc) => exportText(exportCanvas(doc).horizon);

describe('versions, duplicate, export and delete', () => {
  let server: TestServer;
  const clients: CollabClient[] = [];
  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
  const json = async (response: Response) => {
    const body: unknown = await response.json();
    if (!response.ok) throw new Error(`${response.status}: ${JSON.stringify(body)}`);
    return body;
  };
  const saveVersion = async (canvas: CreatedCanvas, name: string, by?: string) =>
    versionSchema.parse(await json(await api(`/api/canvases/${canvas.id}/versions`, canvas.tokens.facilitator, { method: 'POST', body: JSON.stringify({ name, by }) })));
  const listVersions = async (canvas: CreatedCanvas, token = canvas.tokens.viewer) =>
    versionListSchema.parse(await json(await api(`/api/canvases/${canvas.id}/versions`, token))).versions;
  const connect = (canvas: CreatedCanvas, role: keyof CreatedCanvas['tokens']) => {
    const client = connectClient(server.url, canvas.id, canvas.tokens[role]);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server.dispose();
  });

  it('saves named versions that every role lists (newest first) and previews as an export', async () => {
    const canvas = await server.createCanvas({ template: 'example' });
    const initial = await json(await api(`/api/canvases/${canvas.id}/export`, canvas.tokens.viewer));
    const editor = connect(canvas, 'editor');
    await editor.synced;
    const first = await saveVersion(canvas, 'einde sessie 1', 'Fenna');
    expect(first).toMatchObject({ name: 'einde sessie 1', createdBy: 'Fenna' });
    expect(first.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(Math.abs(Date.parse(first.createdAt) - Date.now())).toBeLessThan(5000);

    setHorizon(editor.doc, 'Tweede sessie: alles anders');
    await waitFor(() => horizonOf(server.rooms.get(canvas.id)!.doc) === 'Tweede sessie: alles anders');
    const second = await saveVersion(canvas, 'einde sessie 2');
    expect(second.createdBy).toBe('facilitator');

    for (const role of ['facilitator', 'editor', 'viewer'] as const) {
      const names = (await listVersions(canvas, canvas.tokens[role])).map((v) => v.name);
      expect(names, role).toEqual(['einde sessie 2', 'einde sessie 1']);
    }
    const preview = await json(await api(`/api/canvases/${canvas.id}/versions/${first.id}/export`, canvas.tokens.viewer));
    expect(preview).toEqual(initial);
    expect(exportText(preview)).toBe(exportText(exampleCanvas('nl')));
    const later = await json(await api(`/api/canvases/${canvas.id}/versions/${second.id}/export`, canvas.tokens.editor));
    expect(exportText((later as { horizon: unknown }).horizon)).toBe('Tweede sessie: alles anders');

    const other = await server.createCanvas();
    const foreign = await api(`/api/canvases/${other.id}/versions/${first.id}/export`, other.tokens.facilitator);
    expect(foreign.status).toBe(404);
    const noName = await api(`/api/canvases/${canvas.id}/versions`, canvas.tokens.facilitator, { method: 'POST', body: '{"name":"  "}' });
    expect(apiErrorSchema.parse(await noName.json()).error.code).toBe('bad_request');
  });

  it('refuses to let an editor or a viewer save or restore a version (403), and keeps the list unchanged', async () => {
    const canvas = await server.createCanvas({ template: 'example' });
    const version = await saveVersion(canvas, 'v1');
    for (const role of ['editor', 'viewer'] as const) {
      const attempts = await Promise.all([
        api(`/api/canvases/${canvas.id}/versions`, canvas.tokens[role], { method: 'POST', body: '{"name":"mijn versie"}' }),
        api(`/api/canvases/${canvas.id}/versions/${version.id}/restore`, canvas.tokens[role], { method: 'POST' }),
        api(`/api/canvases/${canvas.id}/duplicate`, canvas.tokens[role], { method: 'POST' }),
      ]);
      for (const response of attempts) {
        expect(response.status, role).toBe(403);
        expect(apiErrorSchema.parse(await response.json()).error.code).toBe('forbidden');
      }
    }
    expect((await listVersions(canvas)).map((v) => v.name)).toEqual(['v1']);
  });

  it('restores a version as a new change: a connected client sees it, and the automatic version holds the text it replaced', async () => {
    const canvas = await server.createCanvas({ template: 'example' });
    const editor = connect(canvas, 'editor');
    const viewer = connect(canvas, 'viewer');
    await Promise.all([editor.synced, viewer.synced]);
    const original = horizonOf(editor.doc);
    const initial = exportCanvas(editor.doc);
    const pillarIds = pillarsArray(editor.doc).toArray().map((p, i) => readPillar(p, i).id);
    const saved = await saveVersion(canvas, 'einde sessie 1');

    setHorizon(editor.doc, 'Veranderd na de sessie');
    editor.doc.getText('title').insert(0, 'Nieuw: ');
    await waitFor(() => horizonOf(viewer.doc) === 'Veranderd na de sessie', 3000, 'viewer sees the change');

    const restored = restoreResultSchema.parse(
      await json(await api(`/api/canvases/${canvas.id}/versions/${saved.id}/restore`, canvas.tokens.facilitator, { method: 'POST', body: '{"by":"Fenna"}' })),
    );
    expect(restored.restored).toEqual(saved);
    expect(restored.saved).toMatchObject({ name: 'Vóór herstel van “einde sessie 1”', createdBy: 'Fenna' });

    // Both connected clients get the restore live, as a change on top of their history.
    await waitFor(() => horizonOf(editor.doc) === original && horizonOf(viewer.doc) === original, 3000, 'restored text');
    expect(editor.doc.getText('title').toString()).toBe('Digitale dienstverlening 2027');
    expect(exportCanvas(viewer.doc)).toEqual(initial);
    // Untouched pillars keep their ids, so open pillar editors stay as they are.
    expect(pillarsArray(editor.doc).toArray().map((p, i) => readPillar(p, i).id)).toEqual(pillarIds);

    const automatic = await json(await api(`/api/canvases/${canvas.id}/versions/${restored.saved.id}/export`, canvas.tokens.viewer));
    expect(exportText((automatic as { horizon: unknown }).horizon)).toBe('Veranderd na de sessie');
    expect((automatic as { title: string }).title).toBe('Nieuw: Digitale dienstverlening 2027');
    expect((await listVersions(canvas)).map((v) => v.id)).toEqual([restored.saved.id, saved.id]);

    // The restore is stored: a client that joins later and the stored copy agree.
    expect(await json(await api(`/api/canvases/${canvas.id}/export`, canvas.tokens.viewer))).toEqual(initial);
    const late = connect(canvas, 'viewer');
    await late.synced;
    expect(exportCanvas(late.doc)).toEqual(initial);

    // The editor goes on typing after the restore, on top of it.
    setHorizon(editor.doc, 'Na het herstel');
    await waitFor(() => horizonOf(viewer.doc) === 'Na het herstel', 3000, 'edit after restore');

    const unknown = await api(`/api/canvases/${canvas.id}/versions/AAAAAAAAAAAAAAAA/restore`, canvas.tokens.facilitator, { method: 'POST' });
    expect(unknown.status).toBe(404);
  });

  it('restores a canvas that no one has open, stored at once', async () => {
    const canvas = await server.createCanvas({ template: 'blank', title: 'Leeg' });
    const version = await saveVersion(canvas, 'leeg');
    const editor = connect(canvas, 'editor');
    await editor.synced;
    editor.doc.getText('title').delete(0, 4);
    editor.doc.getText('title').insert(0, 'Gevuld');
    addPillarTitles(editor.doc, ['Een', 'Twee']);
    await waitFor(async () => ((await json(await api(`/api/canvases/${canvas.id}/export`, canvas.tokens.viewer))) as { pillars: unknown[] }).pillars.length === 5);
    editor.destroy();
    await waitFor(() => server.rooms.get(canvas.id)?.connectionCount === 0);
    await server.rooms.unload(server.rooms.get(canvas.id)!);
    expect(server.rooms.get(canvas.id)).toBeUndefined();

    await json(await api(`/api/canvases/${canvas.id}/versions/${version.id}/restore`, canvas.tokens.facilitator, { method: 'POST' }));
    const after = (await json(await api(`/api/canvases/${canvas.id}/export`, canvas.tokens.viewer))) as { title: string; pillars: unknown[] };
    expect(after.title).toBe('Leeg');
    expect(after.pillars).toHaveLength(3);
    const info = (await json(await api(`/api/canvases/${canvas.id}`, canvas.tokens.viewer))) as { title: string };
    expect(info.title).toBe('Leeg');
  });

  it('refuses a restore that would grow the canvas past MAX_CANVAS_BYTES (413), and changes nothing', async () => {
    // A limit the example fits in, but not with most of it again: a restore adds the version on top.
    const example = new Y.Doc();
    let n = 0;
    importCanvas(example, exampleCanvas('nl'), () => `p${n++}`);
    const exampleBytes = Y.encodeStateAsUpdate(example).byteLength;
    const small = await startTestServer({ MAX_CANVAS_BYTES: String(Math.round(exampleBytes * 1.3)) });
    try {
      const canvas = await small.createCanvas({ template: 'example' });
      const call = (path: string, init: RequestInit = {}) =>
        fetch(`${small.url}/api/canvases/${canvas.id}${path}`, { ...init, headers: { authorization: `Bearer ${canvas.tokens.facilitator}` } });
      const version = versionSchema.parse(await (await call('/versions', { method: 'POST', body: JSON.stringify({ name: 'begin' }) })).json());
      const editor = connectClient(small.url, canvas.id, canvas.tokens.editor);
      clients.push(editor);
      await editor.synced;
      // The editor empties three zones (deletions take few bytes); the version would bring them back.
      editor.doc.transact(() => {
        for (const zone of ['horizon', 'obstacles', 'actions'] as const) zoneFragment(editor.doc, zone).delete(0, zoneFragment(editor.doc, zone).length);
      });
      await waitFor(async () => JSON.parse(await (await call('/export')).text()).obstacles.content.length === 0);
      const before = await (await call('/export')).text();

      const refused = await call(`/versions/${version.id}/restore`, { method: 'POST' });
      expect(refused.status).toBe(413);
      const error = apiErrorSchema.parse(await refused.json());
      expect(error.error.code).toBe('too_large');
      expect(error.error.message).toMatch(/past the limit/);

      // No automatic version, the same canvas, the editor still connected and unchanged.
      const list = versionListSchema.parse(await (await call('/versions')).json()).versions;
      expect(list.map((v) => v.name)).toEqual(['begin']);
      expect(await (await call('/export')).text()).toBe(before);
      expect(editor.provider.wsconnected).toBe(true);
      expect(JSON.stringify(exportCanvas(editor.doc))).toBe(JSON.stringify(JSON.parse(before)));
    } finally {
      await small.dispose();
      example.destroy();
    }
  });

  it('makes the PDF of a version, not of the canvas as it is now', async () => {
    const canvas = await server.createCanvas({ template: 'example', title: 'Visie 2026' });
    const version = await saveVersion(canvas, 'Einde sessie 1');
    const editor = connect(canvas, 'editor');
    await editor.synced;
    setHorizon(editor.doc, 'Helemaal nieuw doel');
    await waitFor(() => horizonOf(server.rooms.get(canvas.id)!.doc) === 'Helemaal nieuw doel');

    const response = await api(`/api/canvases/${canvas.id}/versions/${version.id}/pdf`, canvas.tokens.viewer);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Visie-2026-Einde-sessie-1.pdf"');
    const facts = await readPdf(new Uint8Array(await response.arrayBuffer()));
    expect(facts.pages).toBe(1);
    expect(missingWords(exportText(exampleCanvas('nl').horizon), facts.text)).toEqual([]);
    expect(facts.text).not.toContain('Helemaal');
  });

  it('duplicates a canvas: new id and links, the same content, the new title', async () => {
    const canvas = await server.createCanvas({ template: 'example', title: 'Visie 2026' });
    const editor = connect(canvas, 'editor');
    await editor.synced;
    setHorizon(editor.doc, 'Live getypt, nog niet opgeslagen als versie');
    await waitFor(() => horizonOf(server.rooms.get(canvas.id)!.doc).startsWith('Live getypt'));

    const response = await api(`/api/canvases/${canvas.id}/duplicate`, canvas.tokens.facilitator, { method: 'POST', body: '{"title":"Visie 2027"}' });
    expect(response.status).toBe(201);
    const copy = createdCanvasSchema.parse(await response.json());
    expect(copy.id).not.toBe(canvas.id);
    expect(copy.title).toBe('Visie 2027');
    for (const role of ['facilitator', 'editor', 'viewer'] as const) expect(copy.tokens[role]).not.toBe(canvas.tokens[role]);
    expect(copy.links.editor).toBe(`${server.url}/c/${copy.id}#token=${copy.tokens.editor}`);

    const source = (await json(await api(`/api/canvases/${canvas.id}/export`, canvas.tokens.viewer))) as Record<string, unknown>;
    const duplicated = (await json(await api(`/api/canvases/${copy.id}/export`, copy.tokens.viewer))) as Record<string, unknown>;
    expect(duplicated).toEqual({ ...source, title: 'Visie 2027' });
    expect((await api(`/api/canvases/${copy.id}`, canvas.tokens.facilitator)).status).toBe(401);
    expect(await listVersions(copy)).toEqual([]);

    const sameTitle = createdCanvasSchema.parse(await json(await api(`/api/canvases/${canvas.id}/duplicate`, canvas.tokens.facilitator, { method: 'POST' })));
    expect(sameTitle.title).toBe('Visie 2026');
  });

  it('exports a live canvas and imports it back equal', async () => {
    const canvas = await server.createCanvas({ template: 'example', language: 'en' });
    const editor = connect(canvas, 'editor');
    await editor.synced;
    setHorizon(editor.doc, 'Edited *live* before the export <b>');
    addPillarTitles(editor.doc, ['Fourth']);
    await waitFor(() => pillarsArray(server.rooms.get(canvas.id)!.doc).length === 4);
    const exported = await json(await api(`/api/canvases/${canvas.id}/export`, canvas.tokens.viewer));
    const imported = createdCanvasSchema.parse(
      await json(await fetch(`${server.url}/api/canvases/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(exported) })),
    );
    const again = await json(await api(`/api/canvases/${imported.id}/export`, imported.tokens.viewer));
    expect(again).toEqual(exported);
    expect((again as { format: string }).format).toBe(EXPORT_FORMAT);
  });

  it('exports the example as Markdown: headings per zone in the canvas language, lists, the action plan as a table', async () => {
    for (const language of ['nl', 'en'] as const) {
      const canvas = await server.createCanvas({ template: 'example', language });
      const response = await api(`/api/canvases/${canvas.id}/export?format=markdown`, canvas.tokens.viewer);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.md"$/);
      const markdown = await response.text();
      await expect(markdown).toMatchFileSnapshot(`./__snapshots__/example-${language}.md`);

      const html = new MarkdownIt().render(markdown);
      const headings = [...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1]);
      expect(headings).toEqual(
        language === 'nl' ? ['Stip aan de horizon', 'Obstakels', 'Strategische pijlers', 'Actieplan'] : ['Dot on the horizon', 'Obstacles', 'Strategic pillars', 'Action plan'],
      );
      expect(html).toContain('<ul>');
      expect(html.match(/<h3>/g)).toHaveLength(3);
      expect(html).toContain(language === 'nl' ? '<th>Actie</th>' : '<th>Action</th>');
      expect(html.match(/<tr>/g)).toHaveLength(6);
      expect(html).toContain('<strong>');
    }
    const canvas = await server.createCanvas({ template: 'example' });
    const version = await saveVersion(canvas, 'md');
    const fromVersion = await api(`/api/canvases/${canvas.id}/versions/${version.id}/export?format=markdown`, canvas.tokens.editor);
    expect(await fromVersion.text()).toBe(await (await api(`/api/canvases/${canvas.id}/export?format=markdown`, canvas.tokens.editor)).text());
    const bad = await api(`/api/canvases/${canvas.id}/export?format=docx`, canvas.tokens.editor);
    expect(bad.status).toBe(400);
  });

  it('escapes Markdown in text and keeps only http, https and mailto links in the Markdown', async () => {
    const hostile = {
      ...exampleCanvas('nl'),
      title: '# Niet *vet* [link](javascript:alert(1)) <script>x</script>',
      horizon: {
        type: 'doc' as const,
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: '- geen lijst | geen tabel _niet cursief_ `code` 1. geen nummer' }] },
          { type: 'paragraph', content: [{ type: 'text', text: '2027. Geen lijst' }, { type: 'hardBreak' }, { type: 'text', text: '---' }] },
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'Zie ' },
              { type: 'text', text: 'de site', marks: [{ type: 'link', attrs: { href: 'https://example.org/a b(c)' } }, { type: 'bold' }] },
              { type: 'text', text: ' en ' },
              { type: 'text', text: 'mail', marks: [{ type: 'link', attrs: { href: 'mailto:team@example.org' } }] },
              { type: 'text', text: ' vet ', marks: [{ type: 'bold' }] },
              { type: 'text', text: 'en schuin', marks: [{ type: 'bold' }, { type: 'italic' }] },
            ],
          },
        ],
      },
    };
    const imported = createdCanvasSchema.parse(
      await json(await fetch(`${server.url}/api/canvases/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hostile) })),
    );
    // A raw Yjs client adds a javascript: link next to the editor's schema; it must not survive.
    const raw = connect(imported, 'editor');
    await raw.synced;
    const obstacles = zoneFragment(raw.doc, 'obstacles');
    raw.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      text.insert(0, 'klik hier', { link: { href: 'javascript:alert(1)' } });
      paragraph.insert(0, [text]);
      obstacles.insert(0, [paragraph]);
    });
    await waitFor(() => exportText(exportCanvas(server.rooms.get(imported.id)!.doc).obstacles).includes('klik hier'));

    const markdown = await (await api(`/api/canvases/${imported.id}/export?format=markdown`, imported.tokens.viewer)).text();
    const html = new MarkdownIt().render(markdown);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<em>niet cursief');
    expect(html).not.toContain('<code>');
    expect(html).not.toContain('href="javascript');
    expect(html).not.toMatch(/<em>vet|<a href="javascript/);
    expect(html).toContain('<h1># Niet *vet* [link](javascript:alert(1)) &lt;script&gt;x&lt;/script&gt;</h1>');
    expect(html).toContain('<p>- geen lijst | geen tabel _niet cursief_ `code` 1. geen nummer</p>');
    expect(html).toContain('<p>2027. Geen lijst<br>\n---</p>');
    expect(html).toContain('<a href="https://example.org/a%20b%28c%29"><strong>de site</strong></a>');
    expect(html).toContain('<a href="mailto:team@example.org">mail</a> <strong>vet</strong> <em><strong>en schuin</strong></em>');
    expect(html).toContain('<p>klik hier</p>');
    expect(html).not.toMatch(/<ol|<hr|<h2>2027/);
  });

  it('deletes a canvas with every row of it (canvas, updates, versions) and closes its connections', async () => {
    const canvas = await server.createCanvas({ template: 'example' });
    const keep = await server.createCanvas({ template: 'example' });
    const editor = connect(canvas, 'editor');
    await editor.synced;
    setHorizon(editor.doc, 'Iets');
    await saveVersion(canvas, 'een');
    await saveVersion(canvas, 'twee');
    await saveVersion(keep, 'blijft');
    await waitFor(async () => (await server.storage.updateStats(canvas.id)).count > 1);

    const rows = async (id: string) => ({
      canvas: (await server.storage.getCanvas(id)) !== null,
      updates: (await server.storage.updateStats(id)).count,
      versions: (await server.storage.listVersions(id)).length,
    });
    expect(await rows(canvas.id)).toMatchObject({ canvas: true, versions: 2 });
    expect((await rows(canvas.id)).updates).toBeGreaterThan(1);

    const deleted = await api(`/api/canvases/${canvas.id}`, canvas.tokens.facilitator, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await editor.closed).toBe(4404);
    expect(await rows(canvas.id)).toEqual({ canvas: false, updates: 0, versions: 0 });
    expect(await rows(keep.id)).toMatchObject({ canvas: true, versions: 1 });
    expect((await api(`/api/canvases/${canvas.id}/versions`, canvas.tokens.facilitator)).status).toBe(404);
  });
});

function addPillarTitles(doc: Y.Doc, titles: string[]): void {
  doc.transact(() => {
    for (const title of titles) addPillar(doc, `p-${title}`, title);
  });
}
