import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, shareLinksSchema, type CreatedCanvas } from '../../shared/api';
import { styleMap } from '../../shared/docLayout';
import { writeStyle } from '../../shared/houseStyle';
import { zoneHeading, ZONES } from '../../shared/zones';
import { connectClient, waitFor } from '../helpers/collabClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

const EMBEDDER = 'https://intranet.example.org';

describe('the published page', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ PUBLIC_URL: 'http://stip.test', EMBED_ORIGINS: EMBEDDER });
  });
  afterAll(async () => {
    await server.dispose();
  });

  const api = (canvas: CreatedCanvas, path: string, token: string, method = 'GET') =>
    fetch(`${server.url}/api/canvases/${canvas.id}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  /** The published link made to point at the test server. */
  const local = (link: string) => link.replace('http://stip.test', server.url);
  const publish = async (canvas: CreatedCanvas) => {
    const response = await api(canvas, '/links/published/rotate', canvas.tokens.facilitator, 'POST');
    expect(response.status).toBe(200);
    return shareLinksSchema.parse(await response.json()).links.published!;
  };

  it('is not published until the facilitator publishes it; the link then holds an unguessable token', async () => {
    const canvas = await server.createCanvas({ template: 'example' });
    expect(canvas.links.published).toBeNull();
    const before = shareLinksSchema.parse(await (await api(canvas, '/links', canvas.tokens.facilitator)).json());
    expect(before.links.published).toBeNull();
    const link = await publish(canvas);
    expect(link).toMatch(new RegExp(`^http://stip\\.test/p/${canvas.id}/[A-Za-z0-9_-]{32}$`));
    // Not any of the role tokens: the page's address gives no role.
    for (const token of Object.values(canvas.tokens)) expect(link).not.toContain(token);
    const after = shareLinksSchema.parse(await (await api(canvas, '/links', canvas.tokens.facilitator)).json());
    expect(after.links.published).toBe(link);
  });

  it('serves the A4 as HTML in the canvas language, without any script, escaped, framable only by EMBED_ORIGINS', async () => {
    const canvas = await server.createCanvas({ template: 'example', language: 'en', title: '<script>alert(1)</script> & co' });
    const response = await fetch(local(await publish(canvas)));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain(`frame-ancestors ${EMBEDDER}`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(response.headers.get('content-disposition')).toBeNull();
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>');
    let at = 0;
    for (const zone of ZONES) {
      const found = html.indexOf(`>${zoneHeading('en', zone.key)}</h2>`, at);
      expect(found, zone.key).toBeGreaterThan(at);
      at = found;
    }
    expect(html).toContain('<th scope="col"><p>Action</p></th>');
    expect(html).toContain('Knowing our residents</h3>');
  });

  it('is in the house style: the typeface, the colours and the logo, and no hostile value reaches it', async () => {
    const canvas = await server.createCanvas({ template: 'example' });
    const link = local(await publish(canvas));
    const facilitator = connectClient(server.url, canvas.id, canvas.tokens.facilitator);
    await facilitator.synced;
    const logo = 'iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAYAAAB/qH1jAAAAEUlEQVR4nGPgzvP/j4wZ0AUA5uYOOexECd4AAAAASUVORK5CYII=';
    writeStyle(facilitator.doc, { primaryColor: '#0b6e4f', accentColor: '#ffd166', typeface: 'notoSerif', logo });
    await waitFor(() => server.rooms.get(canvas.id)?.doc.getMap('style').get('typeface') === 'notoSerif', 3000, 'the server has the style');
    const response = await fetch(link);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("font-src 'self'");
    expect(csp).toContain('img-src data:');
    expect(csp).not.toMatch(/script-src|connect-src/);
    const html = await response.text();
    expect(html).toContain("--font: 'Noto Serif', system-ui, serif;");
    expect(html).toContain('--primary: #0b6e4f;');
    expect(html).toContain(`<img class="logo" src="data:image/png;base64,${logo}" alt="Logo">`);

    // A colour that would close the style element: the server's guard refuses it, and the page
    // would not take it either.
    const hostile = '#fff;}</style><script>alert(1)</script>';
    styleMap(facilitator.doc).set('primaryColor', hostile);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await (await fetch(link)).text();
    expect(after).not.toMatch(/<script|alert/i);
    expect(after.match(/<\/style>/g)).toHaveLength(1);
    expect(after).toMatch(/--primary: #[0-9a-f]{6};/);
    facilitator.destroy();
  });

  it('shows what is being typed now, and no other page of Stip becomes framable', async () => {
    const canvas = await server.createCanvas({ template: 'blank' });
    const link = local(await publish(canvas));
    const client = connectClient(server.url, canvas.id, canvas.tokens.editor);
    await client.synced;
    client.doc.getText('title').insert(0, 'Zojuist getypt');
    await waitFor(() => server.rooms.get(canvas.id)?.readMeta().title === 'Zojuist getypt');
    expect(await (await fetch(link)).text()).toContain('<h1>Zojuist getypt</h1>');
    client.destroy();
    for (const path of ['/', `/c/${canvas.id}`, '/api/canvases/' + canvas.id + '?token=' + canvas.tokens.viewer, '/healthz']) {
      const other = await fetch(`${server.url}${path}`);
      expect(other.headers.get('x-frame-options'), path).toBe('DENY');
      expect(other.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
  });

  it('lets only the facilitator publish, move and take down the page (403 for the others, 401 for a wrong token)', async () => {
    const canvas = await server.createCanvas({ template: 'example' });
    for (const role of ['editor', 'viewer'] as const) {
      for (const [path, method] of [
        ['/links/published/rotate', 'POST'],
        ['/links/published', 'DELETE'],
        ['/links', 'GET'],
      ] as const) {
        const response = await api(canvas, path, canvas.tokens[role], method);
        expect(response.status, `${role} ${method} ${path}`).toBe(403);
        expect(apiErrorSchema.parse(await response.json()).error.code).toBe('forbidden');
      }
    }
    expect((await api(canvas, '/links/published/rotate', 'nope', 'POST')).status).toBe(401);
    expect((await api(canvas, '/links/published', 'nope', 'DELETE')).status).toBe(401);
    // Nothing of it published anything.
    expect(shareLinksSchema.parse(await (await api(canvas, '/links', canvas.tokens.facilitator)).json()).links.published).toBeNull();
  });

  it('answers 404 at once for a revoked or moved address, a wrong token, or a role token in its place', async () => {
    const canvas = await server.createCanvas({ template: 'example' });
    const first = local(await publish(canvas));
    expect((await fetch(first)).status).toBe(200);
    const second = local(await publish(canvas));
    expect(second).not.toBe(first);
    const moved = await fetch(first);
    expect(moved.status).toBe(404);
    expect(moved.headers.get('content-security-policy')).toContain(`frame-ancestors ${EMBEDDER}`);
    expect(await moved.text()).not.toContain(canvas.id);
    expect((await fetch(second)).status).toBe(200);
    for (const token of Object.values(canvas.tokens)) expect((await fetch(`${server.url}/p/${canvas.id}/${token}`)).status).toBe(404);

    const revoked = await api(canvas, '/links/published', canvas.tokens.facilitator, 'DELETE');
    expect(revoked.status).toBe(200);
    expect(shareLinksSchema.parse(await revoked.json()).links.published).toBeNull();
    expect((await fetch(second)).status).toBe(404);
    // Revoking twice is harmless; publishing again gives yet another address.
    expect((await api(canvas, '/links/published', canvas.tokens.facilitator, 'DELETE')).status).toBe(200);
    const third = local(await publish(canvas));
    expect([first, second]).not.toContain(third);
    expect((await fetch(third)).status).toBe(200);

    // A deleted canvas's page is gone too.
    expect((await api(canvas, '', canvas.tokens.facilitator, 'DELETE')).status).toBe(204);
    expect((await fetch(third)).status).toBe(404);
  });

  it('reads the token from the store on every request: a revoke made by another process holds at once', async () => {
    const canvas = await server.createCanvas({ template: 'example' });
    const link = local(await publish(canvas));
    expect((await fetch(link)).status).toBe(200);
    // Another process sharing the database writes the store directly; this one keeps no copy.
    await server.storage.setPublished(canvas.id, null);
    expect((await fetch(link)).status).toBe(404);
  });
});

describe('the published page without EMBED_ORIGINS', () => {
  it('may be framed by no page at all', async () => {
    const server = await startTestServer();
    try {
      const canvas = await server.createCanvas({ template: 'example' });
      const response = await fetch(`${server.url}/api/canvases/${canvas.id}/links/published/rotate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${canvas.tokens.facilitator}` },
      });
      const { links } = shareLinksSchema.parse(await response.json());
      const page = await fetch(links.published!);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(page.headers.get('x-frame-options')).toBe('DENY');
    } finally {
      await server.dispose();
    }
  });
});
