import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, canvasInfoSchema, shareLinksSchema, type CreatedCanvas } from '../../shared/api';
import { connectClient, waitFor, type CollabClient } from '../helpers/collabClient';
import { collectStipMessages } from '../helpers/stipMessages';
import { startTestServer, type TestServer } from '../helpers/testServer';

describe('roles and links', () => {
  let server: TestServer;
  const clients: CollabClient[] = [];
  const client = (canvas: CreatedCanvas, role: keyof CreatedCanvas['tokens'], stip = true) => {
    const c = connectClient(server.url, canvas.id, canvas.tokens[role], { params: stip ? { stip: '1' } : {} });
    clients.push(c);
    return c;
  };
  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
  const serverTitle = (id: string) => server.rooms.get(id)?.doc.getText('title').toString();

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server.dispose();
  });

  it('drops every change a viewer sends; the viewer still reads live and appears in presence', async () => {
    const canvas = await server.createCanvas({ title: 'Origineel' });
    const editor = client(canvas, 'editor');
    const viewer = client(canvas, 'viewer');
    const viewerRoles = collectStipMessages(viewer.provider);
    await Promise.all([editor.synced, viewer.synced]);
    await waitFor(() => viewerRoles.length > 0);
    expect(viewerRoles[0]).toEqual({ type: 'role', role: 'viewer', locked: false });

    viewer.doc.getText('title').insert(0, 'GEHACKT ');
    viewer.provider.awareness.setLocalStateField('user', { name: 'Manager', color: '#1d4ed8' });
    await waitFor(() => [...editor.provider.awareness.getStates().values()].some((s) => s.user?.name === 'Manager'), 3000, 'viewer presence');
    editor.doc.getText('title').insert(editor.doc.getText('title').length, ' (bijgewerkt)');
    await waitFor(() => viewer.doc.getText('title').toString().endsWith('(bijgewerkt)'), 3000, 'viewer sees edit');
    expect(serverTitle(canvas.id)).toBe('Origineel (bijgewerkt)');
    expect(editor.doc.getText('title').toString()).toBe('Origineel (bijgewerkt)');
    const exported = await (await api(`/api/canvases/${canvas.id}/export`, canvas.tokens.viewer)).json();
    expect(exported.title).toBe('Origineel (bijgewerkt)');
  });

  it('lets only the facilitator lock, read links, rotate and delete (403 for others)', async () => {
    const canvas = await server.createCanvas();
    for (const role of ['editor', 'viewer'] as const) {
      const token = canvas.tokens[role];
      const attempts = [
        api(`/api/canvases/${canvas.id}`, token, { method: 'PATCH', body: '{"locked":true}' }),
        api(`/api/canvases/${canvas.id}/links`, token),
        api(`/api/canvases/${canvas.id}/links/editor/rotate`, token, { method: 'POST' }),
        api(`/api/canvases/${canvas.id}`, token, { method: 'DELETE' }),
      ];
      for (const response of await Promise.all(attempts)) {
        expect(response.status, role).toBe(403);
        expect(apiErrorSchema.parse(await response.json()).error.code).toBe('forbidden');
      }
    }
    const links = shareLinksSchema.parse(await (await api(`/api/canvases/${canvas.id}/links`, canvas.tokens.facilitator)).json());
    expect(links.tokens).toEqual(canvas.tokens);
    expect(links.links.viewer).toBe(`${server.url}/c/${canvas.id}#token=${canvas.tokens.viewer}`);
  });

  it('makes every editor read-only within a second of a lock, and drops what they type', async () => {
    const canvas = await server.createCanvas({ title: 'Sessie' });
    const editor = client(canvas, 'editor');
    const facilitator = client(canvas, 'facilitator');
    const roles = collectStipMessages(editor.provider);
    await Promise.all([editor.synced, facilitator.synced]);

    const started = Date.now();
    const locked = await api(`/api/canvases/${canvas.id}`, canvas.tokens.facilitator, { method: 'PATCH', body: '{"locked":true}' });
    expect(canvasInfoSchema.parse(await locked.json()).locked).toBe(true);
    await waitFor(() => roles.some((m) => m.type === 'role' && m.locked), 1000, 'lock message');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(roles.filter((m) => m.type === 'role').at(-1)).toEqual({ type: 'role', role: 'viewer', locked: true });

    editor.doc.getText('title').insert(0, 'Te laat: ');
    facilitator.doc.getText('title').insert(facilitator.doc.getText('title').length, '!');
    await waitFor(() => serverTitle(canvas.id) === 'Sessie!', 2000, 'facilitator edit');
    await new Promise((r) => setTimeout(r, 200));
    expect(serverTitle(canvas.id)).toBe('Sessie!');
    expect(facilitator.doc.getText('title').toString()).toBe('Sessie!');
    expect((await (await api(`/api/canvases/${canvas.id}`, canvas.tokens.editor)).json()).locked).toBe(true);

    await api(`/api/canvases/${canvas.id}`, canvas.tokens.facilitator, { method: 'PATCH', body: '{"locked":false}' });
    const lastRole = () => roles.filter((m) => m.type === 'role').at(-1);
    await waitFor(() => lastRole()?.locked === false, 1000, 'unlock');
    expect(lastRole()).toEqual({ type: 'role', role: 'editor', locked: false });
  });

  it('disconnects holders of a rotated link with 4401 within a second; the new link works', async () => {
    const canvas = await server.createCanvas();
    const old = client(canvas, 'editor', false);
    const viewer = client(canvas, 'viewer', false);
    await Promise.all([old.synced, viewer.synced]);
    const started = Date.now();
    const rotated = shareLinksSchema.parse(
      await (await api(`/api/canvases/${canvas.id}/links/editor/rotate`, canvas.tokens.facilitator, { method: 'POST' })).json(),
    );
    expect(await old.closed).toBe(4401);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(rotated.tokens.editor).not.toBe(canvas.tokens.editor);
    expect(rotated.tokens.viewer).toBe(canvas.tokens.viewer);
    expect(viewer.provider.wsconnected).toBe(true);
    expect((await api(`/api/canvases/${canvas.id}`, canvas.tokens.editor)).status).toBe(401);
    const fresh = connectClient(server.url, canvas.id, rotated.tokens.editor);
    clients.push(fresh);
    await fresh.synced;
    const badRole = await api(`/api/canvases/${canvas.id}/links/facilitator/rotate`, canvas.tokens.facilitator, { method: 'POST' });
    expect(badRole.status).toBe(400);
  });

  it('deletes a canvas: its connections close with 4404 and every row is gone', async () => {
    const canvas = await server.createCanvas({ template: 'example' });
    const editor = client(canvas, 'editor', false);
    await editor.synced;
    const deleted = await api(`/api/canvases/${canvas.id}`, canvas.tokens.facilitator, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await editor.closed).toBe(4404);
    expect((await server.storage.getCanvas(canvas.id))).toBeNull();
    expect((await server.storage.updateStats(canvas.id)).count).toBe(0);
    expect((await api(`/api/canvases/${canvas.id}`, canvas.tokens.facilitator)).status).toBe(404);
  });
});
