import { afterAll, describe, expect, it } from 'vitest';
import { exportCanvas, zoneFragment } from '../../shared/index';
import * as Y from 'yjs';
import { connectClient, waitFor } from '../helpers/collabClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

describe('a server restart', () => {
  let server: TestServer | undefined;
  afterAll(async () => {
    await server?.dispose();
  });

  it('brings back every edit stored before it', async () => {
    server = await startTestServer({ COMPACT_AFTER_UPDATES: '20' });
    const canvas = await server.createCanvas({ template: 'example', language: 'en' });
    const client = connectClient(server.url, canvas.id, canvas.tokens.editor);
    await client.synced;
    const horizon = zoneFragment(client.doc, 'horizon');
    for (let i = 0; i < 45; i++) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(`line ${i}`)]);
      horizon.insert(horizon.length, [p]);
    }
    const before = exportCanvas(client.doc);
    await waitFor(async () => (await server!.storage.updateStats(canvas.id)).count >= 1 && JSON.stringify(server!.rooms.get(canvas.id) && exportCanvas(server!.rooms.get(canvas.id)!.doc)) === JSON.stringify(before));
    client.destroy();

    server = await server.restart();
    expect(server.rooms.loadedRoomCount).toBe(0);
    const after = connectClient(server.url, canvas.id, canvas.tokens.viewer);
    await after.synced;
    expect(exportCanvas(after.doc)).toEqual(before);
    expect(zoneFragment(after.doc, 'horizon').toString()).toContain('line 44');
    after.destroy();
  });

  it('compacts stored updates into one row past the threshold', async () => {
    server ??= await startTestServer({ COMPACT_AFTER_UPDATES: '20' });
    const canvas = await server.createCanvas({ template: 'blank' });
    const client = connectClient(server.url, canvas.id, canvas.tokens.editor);
    await client.synced;
    const title = client.doc.getText('title');
    for (let i = 0; i < 19; i++) {
      title.insert(title.length, 'x');
      await new Promise((r) => setTimeout(r, 2));
    }
    await waitFor(async () => (await server!.storage.updateStats(canvas.id)).count === 20, 3000, '20 rows');
    title.insert(title.length, 'y');
    await waitFor(async () => (await server!.storage.updateStats(canvas.id)).count === 1, 3000, 'compaction to one row');
    client.destroy();
  });
});
