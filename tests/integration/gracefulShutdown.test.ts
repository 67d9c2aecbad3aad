import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectClient, waitFor } from '../helpers/collabClient';
import { spawnServer } from '../helpers/serverProcess';
import { connectTrackedClient } from '../helpers/trackedClient';

describe('the server process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stip-shutdown-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('stops on SIGTERM within 2 s, closing sockets with 1012 and keeping every edit', async () => {
    const server = await spawnServer({ DATA_DIR: dataDir });
    const created = await (await fetch(`${server.url}/api/canvases`, { method: 'POST', body: '{}' })).json();
    const client = connectClient(server.url, created.id, created.tokens.editor);
    await client.synced;
    const closeCodes: number[] = [];
    client.provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code);
    });
    client.doc.getText('title').insert(0, 'Bewaard bij het stoppen');
    await new Promise((r) => setTimeout(r, 50));

    const started = Date.now();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
    await waitFor(() => closeCodes.length > 0, 2000, 'close event');
    expect(closeCodes[0]).toBe(1012);
    client.destroy();

    const again = await spawnServer({ DATA_DIR: dataDir });
    const reader = connectClient(again.url, created.id, created.tokens.viewer);
    await reader.synced;
    expect(reader.doc.getText('title').toString()).toBe('Bewaard bij het stoppen');
    reader.destroy();
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  });

  it('closes with 1012 mid-typing; the same client reconnects to the restarted server by itself and everything it typed is stored', async () => {
    const server = await spawnServer({ DATA_DIR: dataDir, MAX_MESSAGES_PER_SECOND: '100000' });
    const port = new URL(server.url).port;
    const created = await (await fetch(`${server.url}/api/canvases`, { method: 'POST', body: '{"title":""}' })).json();
    const client = connectTrackedClient(server.url, created.id, created.tokens.editor);
    await client.synced;
    const closeCodes: number[] = [];
    client.provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code);
    });
    const title = client.doc.getText('title');
    for (let i = 0; i < 300; i++) title.insert(title.length, 'a');

    // SIGTERM while those are still arriving; the client keeps typing through the shutdown.
    const started = Date.now();
    server.child.kill('SIGTERM');
    for (let i = 0; i < 50; i++) {
      title.insert(title.length, 'b');
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(await server.exited).toBe(0);
    const stoppedMs = Date.now() - started;
    expect(stoppedMs).toBeLessThan(2000);
    await waitFor(() => closeCodes.length > 0, 2000, 'close event');
    expect(closeCodes[0]).toBe(1012);
    title.insert(title.length, ' (typed while the server was down)');
    expect(client.tracker.allStored).toBe(false);

    const again = await spawnServer({ DATA_DIR: dataDir, PORT: port });
    await waitFor(() => client.connects() >= 2 && client.tracker.allStored, 15_000, 'the client back and its changes stored');
    const reader = connectClient(again.url, created.id, created.tokens.viewer);
    await reader.synced;
    expect(reader.doc.getText('title').toString()).toBe(title.toString());
    expect(title.toString()).toBe(`${'a'.repeat(300)}${'b'.repeat(50)} (typed while the server was down)`);
    console.log(`SIGTERM with a client typing: stopped in ${stoppedMs} ms`);
    reader.destroy();
    client.destroy();
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('refuses a wrong setting with one sentence and exit code 1', async () => {
    await expect(spawnServer({ DATA_DIR: dataDir, PORT: 'abc' })).rejects.toThrow(
      /Stip cannot start: PORT must be a whole number \(got "abc"\)\./,
    );
  });
});
