import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createdCanvasSchema, shareLinksSchema, type CreatedCanvas } from '../../shared/api';
import { exampleCanvas } from '../../shared/templates';
import { connectClient, type CollabClient } from '../helpers/collabClient';
import { collectStipMessages } from '../helpers/stipMessages';
import { rawSocket, titleUpdate, updateFrame } from '../helpers/rawFrames';
import { spawnServer } from '../helpers/serverProcess';

/** Every run of `length` characters of `token`: a log line holding part of a token fails too. */
function windows(token: string, length = 16): string[] {
  if (token.length <= length) return [token];
  return Array.from({ length: token.length - length + 1 }, (_, i) => token.slice(i, i + length));
}

describe('tokens in the log', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-tokens-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('never appear, whole or in part, in anything a whole session writes at LOG_LEVEL=debug', async () => {
    // A separate process, so stdout and stderr hold everything: our logger and any library's.
    const server = await spawnServer({ DATA_DIR: dataDir, LOG_LEVEL: 'debug' });
    const issued = new Set<string>();
    const remember = (tokens: Record<string, string>) => Object.values(tokens).forEach((t) => issued.add(t));
    const clients: CollabClient[] = [];
    const api = (route: string, token: string, init: RequestInit = {}, via: 'header' | 'query' = 'header') =>
      fetch(`${server.url}${route}${via === 'query' ? `${route.includes('?') ? '&' : '?'}token=${token}` : ''}`, {
        ...init,
        headers: { 'content-type': 'application/json', ...(via === 'header' ? { authorization: `Bearer ${token}` } : {}) },
      });
    const ws = (id: string, token: string) => `${server.url.replace('http', 'ws')}/collab/${id}?token=${token}&stip=1`;
    try {
      const created = await fetch(`${server.url}/api/canvases`, { method: 'POST', body: '{"template":"example"}' });
      const canvas: CreatedCanvas = createdCanvasSchema.parse(await created.json());
      remember(canvas.tokens);
      const imported = await fetch(`${server.url}/api/canvases/import`, { method: 'POST', body: JSON.stringify(exampleCanvas('en')) });
      remember(createdCanvasSchema.parse(await imported.json()).tokens);

      for (const role of ['facilitator', 'editor', 'viewer'] as const) {
        const client = connectClient(server.url, canvas.id, canvas.tokens[role], { params: { stip: '1' } });
        collectStipMessages(client.provider);
        clients.push(client);
        await client.synced;
        client.provider.awareness.setLocalStateField('user', { name: `Deelnemer ${role}`, color: '#1d4ed8' });
      }
      clients[1]!.doc.getText('title').insert(0, 'Bewerkt: ');
      clients[2]!.doc.getText('title').insert(0, 'Kijker probeert: ');

      // Bad tokens everywhere a token can go: header, query, WebSocket, and where the id belongs.
      const bad = [randomBytes(24).toString('base64url'), randomBytes(24).toString('base64url'), 'not-a-token-but-a-secret-anyway'];
      bad.forEach((t) => issued.add(t));
      expect((await api(`/api/canvases/${canvas.id}`, bad[0]!)).status).toBe(401);
      expect((await api(`/api/canvases/${canvas.id}/export`, bad[1]!, {}, 'query')).status).toBe(401);
      expect((await api(`/api/canvases/${bad[2]}`, bad[2]!)).status).toBe(404);
      expect((await api(`/api/canvases/${canvas.id}/nope`, bad[0]!, {}, 'query')).status).toBe(404);
      expect(await rawSocket(ws(canvas.id, bad[0]!)).closed).toBe(4401);
      expect(await rawSocket(ws(bad[1]!, bad[1]!)).closed).toBe(4404);
      // A malformed frame from a holder of a real token is logged as a warning.
      const malformed = rawSocket(ws(canvas.id, canvas.tokens.editor));
      await malformed.opened;
      malformed.ws.send(updateFrame(titleUpdate('x').slice(0, 3)));
      expect(await malformed.closed).toBe(4400);

      // Lock and unlock (one by header, one by query), read the links, rotate both rotatable links.
      expect((await api(`/api/canvases/${canvas.id}`, canvas.tokens.facilitator, { method: 'PATCH', body: '{"locked":true}' })).status).toBe(200);
      expect((await api(`/api/canvases/${canvas.id}`, canvas.tokens.facilitator, { method: 'PATCH', body: '{"locked":false}' }, 'query')).status).toBe(200);
      remember(shareLinksSchema.parse(await (await api(`/api/canvases/${canvas.id}/links`, canvas.tokens.facilitator)).json()).tokens);
      for (const role of ['editor', 'viewer'] as const) {
        const rotated = await api(`/api/canvases/${canvas.id}/links/${role}/rotate`, canvas.tokens.facilitator, { method: 'POST' }, 'query');
        const { tokens } = shareLinksSchema.parse(await rotated.json());
        remember(tokens);
        const fresh = connectClient(server.url, canvas.id, tokens[role]);
        clients.push(fresh);
        await fresh.synced;
      }
      expect(await clients[1]!.closed).toBe(4401);
      expect((await api(`/api/canvases/${canvas.id}`, canvas.tokens.editor, {}, 'query')).status).toBe(401);

      expect((await api(`/api/canvases/${canvas.id}/export`, canvas.tokens.viewer)).status).toBe(401);
      expect((await api(`/api/canvases/${canvas.id}/export`, canvas.tokens.facilitator, {}, 'query')).status).toBe(200);
      const pdf = await api(`/api/canvases/${canvas.id}/pdf`, canvas.tokens.facilitator, {}, 'query');
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      await pdf.arrayBuffer();
      expect((await api(`/api/canvases/${canvas.id}`, canvas.tokens.facilitator, { method: 'DELETE' }, 'query')).status).toBe(204);
      expect(await clients[0]!.closed).toBe(4404);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      const log = server.output();
      if (process.env.SHOW_LOG) console.log(log);
      // The session was really logged at debug level: requests, sockets, rotations, the delete.
      for (const line of ['DEBUG http', 'collab connection opened', 'collab connection refused', 'malformed message', 'link rotated', 'canvas deleted']) {
        expect(log, line).toContain(line);
      }
      const tokens = [...issued];
      expect(tokens.length).toBeGreaterThanOrEqual(11);
      const leaks = tokens.filter((token) => windows(token).some((part) => log.includes(part)));
      console.log(`searched ${log.split('\n').length} log lines for ${tokens.length} tokens: ${leaks.length} found`);
      expect(leaks).toEqual([]);
    } finally {
      for (const client of clients) client.destroy();
      server.child.kill('SIGKILL');
    }
  });
});
