import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { validateCanvasExport } from '../../shared/canvasTransfer';
import { metaMap, pillarsArray, subtitleText, titleText, zoneFragment } from '../../shared/docLayout';
import { canvasSchema } from '../../shared/editorSchema';
import { isAllowedHref } from '../../shared/linkHref';
import type { CanvasExport } from '../../shared/exportFormat';
import { connectClient, waitFor } from '../helpers/collabClient';
import { exportText, readPdf, readPdfLinks } from '../helpers/pdfText';
import { startTestServer, type TestServer } from '../helpers/testServer';

function element(name: string, attrs: Record<string, string>, ...children: (Y.XmlElement | Y.XmlText)[]): Y.XmlElement {
  const node = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  node.insert(0, children);
  return node;
}

function text(value: string, marks?: Record<string, unknown>): Y.XmlText {
  const node = new Y.XmlText();
  node.insert(0, value, marks);
  return node;
}

/** Every node type, attribute name and link target in a zone's JSON. */
function inventory(value: unknown, found = { types: new Set<string>(), attrs: new Set<string>(), hrefs: [] as string[] }) {
  if (Array.isArray(value)) value.forEach((v) => inventory(v, found));
  else if (value && typeof value === 'object') {
    const node = value as { type?: unknown; attrs?: Record<string, unknown>; marks?: { type: string; attrs?: { href?: string } }[] };
    if (typeof node.type === 'string') found.types.add(node.type);
    for (const key of Object.keys(node.attrs ?? {})) found.attrs.add(key);
    for (const mark of node.marks ?? []) if (mark.type === 'link') found.hrefs.push(String(mark.attrs?.href));
    for (const [key, child] of Object.entries(value)) if (key !== 'attrs' && key !== 'marks') inventory(child, found);
  }
  return found;
}

describe('content written by a raw Yjs client, skipping the editor', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('is cleaned by export, Markdown and the PDF: valid export, text stays text, no javascript: link', async () => {
    const canvas = await server.createCanvas({ template: 'blank' });
    const raw = connectClient(server.url, canvas.id, canvas.tokens.editor);
    await raw.synced;
    const doc = raw.doc;
    doc.transact(() => {
      titleText(doc).insert(0, '<img src=x onerror=window.__pwned=1>');
      subtitleText(doc).insert(0, '<script>alert("sub")</script>');
      metaMap(doc).set('language', 'javascript:alert(1)');
      zoneFragment(doc, 'horizon').insert(0, [
        element('script', { src: 'https://evil.example/x.js' }, text('alert("script")')),
        element('paragraph', { onerror: 'alert(1)', style: 'color:red' }, text('Gewone zin')),
        element('paragraph', {}, text('Klik hier', { link: { href: 'javascript:alert(1)' }, bold: {} }), text(' en '), text('veilig', { link: { href: 'https://stip.example.org/plan' } })),
        element('iframe', { src: 'javascript:alert(2)' }, text('in een iframe')),
        element('heading', { level: '1' }, text('Kop')),
      ]);
      zoneFragment(doc, 'obstacles').insert(0, [element('img', { src: 'x', onerror: 'alert(3)' }), element('bulletList', {}, element('listItem', {}, element('paragraph', {}, text('data', { link: { href: 'data:text/html,<b>x</b>' } }))))]);
      zoneFragment(doc, 'actions').insert(0, [element('table', {}, element('tableRow', {}, element('tableCell', { onclick: 'x' }, element('script', {}, text('in een cel')))))]);
      const pillar = new Y.Map<unknown>();
      pillarsArray(doc).push([pillar]);
      pillar.set('id', '<b>');
      pillar.set('title', new Y.Text('<svg onload=alert(4)>'));
      const body = new Y.XmlFragment();
      pillar.set('body', body);
      body.insert(0, [element('style', {}, text('body{display:none}')), element('paragraph', {}, text('pijlertekst'))]);
    });
    await waitFor(() => server.rooms.get(canvas.id)?.readMeta().title.startsWith('<img') === true, 3000, 'hostile content on the server');

    const response = await fetch(`${server.url}/api/canvases/${canvas.id}/export?token=${canvas.tokens.viewer}`);
    expect(response.status).toBe(200);
    const exported = (await response.json()) as CanvasExport;
    const check = validateCanvasExport(exported);
    expect(check.ok ? 'valid' : check.message).toBe('valid');

    const zones = [exported.horizon, exported.obstacles, exported.actions, ...exported.pillars.map((p) => p.body)];
    const found = inventory(zones);
    const allowed = new Set(Object.keys(canvasSchema().nodes));
    expect([...found.types].filter((type) => !allowed.has(type))).toEqual([]);
    expect([...found.attrs].filter((attr) => /^on|^src$|^style$/i.test(attr))).toEqual([]);
    expect(found.hrefs).toEqual(['https://stip.example.org/plan']);
    expect(found.hrefs.every(isAllowedHref)).toBe(true);
    // Text stays text: the title and what the dropped elements held, as literal characters.
    expect(exported.title).toBe('<img src=x onerror=window.__pwned=1>');
    expect(exported.subtitle).toBe('<script>alert("sub")</script>');
    expect(exported.language).toBe('nl');
    expect(exported.pillars.at(-1)!.title).toBe('<svg onload=alert(4)>');
    const words = exportText(exported);
    for (const kept of ['Gewone zin', 'Klik hier', 'veilig', 'in een iframe', 'Kop', 'data', 'pijlertekst']) expect(words).toContain(kept);

    const pdf = await fetch(`${server.url}/api/canvases/${canvas.id}/pdf?token=${canvas.tokens.viewer}`);
    expect(pdf.status).toBe(200);
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    const facts = await readPdf(bytes);
    expect(facts.pages).toBe(1);
    const squashed = facts.text.replace(/[\s\u200b]+/g, '');
    expect(squashed).toContain('<imgsrc=xonerror=window.__pwned=1>');
    expect(squashed).toContain('Klikhier');
    // The one allowed link is a link in the PDF too; the javascript: and data: ones are not.
    expect(await readPdfLinks(bytes)).toEqual(['https://stip.example.org/plan']);

    // The Markdown export: rendered by a Markdown renderer with HTML allowed, no tag or
    // handler of the content survives, the text does, and the only link is the https one.
    const markdown = await (await fetch(`${server.url}/api/canvases/${canvas.id}/export?format=markdown&token=${canvas.tokens.viewer}`)).text();
    const html = new MarkdownIt({ html: true }).render(markdown);
    expect(html).not.toMatch(/<(script|iframe|img|svg)\b/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son\w+=/i);
    expect(html).toContain('&lt;img src=x onerror=window.__pwned=1&gt;');
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual(['https://stip.example.org/plan']);
    for (const kept of ['Gewone zin', 'Klik hier', 'pijlertekst']) expect(html).toContain(kept);
    raw.destroy();
  });
});
