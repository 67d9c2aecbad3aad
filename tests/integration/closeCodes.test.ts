import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectClient } from '../helpers/collabClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

function closeCodeOf(url: string, send?: (ws: WebSocket) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => send?.(ws));
    ws.on('close', (code) => resolve(code));
    ws.on('error', reject);
  });
}

describe('collab connections', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('close with 4401 for a bad token and the client stops', async () => {
    const canvas = await server.createCanvas();
    const client = connectClient(server.url, canvas.id, 'not-a-token');
    expect(await client.closed).toBe(4401);
    expect(client.provider.shouldConnect).toBe(false);
    client.destroy();
  });

  it('close with 4404 for an unknown canvas, before looking at the token', async () => {
    const client = connectClient(server.url, 'AAAAAAAAAAAAAAAAAAAAAA', 'whatever');
    expect(await client.closed).toBe(4404);
    client.destroy();
    const ws = server.url.replace('http', 'ws');
    expect(await closeCodeOf(`${ws}/collab/not-even-an-id?token=x`)).toBe(4404);
  });

  it('close with 4400 on a text frame, and with 4400 on garbage, leaving other rooms working', async () => {
    const canvas = await server.createCanvas();
    const other = await server.createCanvas({ template: 'example' });
    const bystander = connectClient(server.url, other.id, other.tokens.editor);
    await bystander.synced;
    const ws = `${server.url.replace('http', 'ws')}/collab/${canvas.id}?token=${canvas.tokens.editor}`;
    expect(await closeCodeOf(ws, (s) => s.send('hello'))).toBe(4400);
    expect(await closeCodeOf(ws, (s) => s.send(Buffer.from([0xff, 0xff, 0xff])))).toBe(4400);
    expect(await closeCodeOf(ws, (s) => s.send(Buffer.from([0, 2, 10, 1, 2, 3])))).toBe(4400);

    bystander.doc.getText('title').insert(0, 'still here ');
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const late = connectClient(server.url, other.id, other.tokens.viewer);
    await late.synced;
    await new Promise((r) => setTimeout(r, 100));
    expect(late.doc.getText('title').toString()).toMatch(/^still here /);
    bystander.destroy();
    late.destroy();
  });
});
