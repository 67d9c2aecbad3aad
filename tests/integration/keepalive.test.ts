import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../helpers/collabClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

describe('an idle client', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.dispose();
  });

  // y-websocket drops a connection that received nothing for 30 s; the server's keepalive
  // (every 15 s by default) must prevent that. Real time, default settings.
  it('stays connected for 40 s without reconnecting', { timeout: 60_000 }, async () => {
    const canvas = await server.createCanvas();
    const client = connectClient(server.url, canvas.id, canvas.tokens.editor);
    await client.synced;
    expect(client.connects()).toBe(1);
    await new Promise((r) => setTimeout(r, 40_000));
    expect(client.provider.wsconnected).toBe(true);
    expect(client.connects()).toBe(1);
    client.destroy();
  });
});
