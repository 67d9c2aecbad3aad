import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportCanvas, zoneFragment } from '../../shared/index';
import { connectClient, waitFor, type CollabClient } from '../helpers/collabClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

function typeInto(doc: Y.Doc, text: string, at: 'start' | 'end'): void {
  const fragment = zoneFragment(doc, 'obstacles');
  doc.transact(() => {
    let paragraph = fragment.get(0) as Y.XmlElement | undefined;
    if (!(paragraph instanceof Y.XmlElement) || paragraph.nodeName !== 'paragraph') {
      paragraph = new Y.XmlElement('paragraph');
      fragment.insert(0, [paragraph]);
    }
    let textNode = paragraph.get(0) as Y.XmlText | undefined;
    if (!(textNode instanceof Y.XmlText)) {
      textNode = new Y.XmlText();
      paragraph.insert(0, [textNode]);
    }
    textNode.insert(at === 'start' ? 0 : textNode.length, text);
  });
}

describe('two clients editing one canvas', () => {
  let server: TestServer;
  const clients: CollabClient[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server.dispose();
  });

  it('end with identical documents after typing in the same zone at the same time', async () => {
    const canvas = await server.createCanvas({ template: 'blank' });
    const a = connectClient(server.url, canvas.id, canvas.tokens.editor);
    const b = connectClient(server.url, canvas.id, canvas.tokens.facilitator);
    clients.push(a, b);
    await Promise.all([a.synced, b.synced]);

    for (let i = 0; i < 50; i++) {
      typeInto(a.doc, `a${i} `, 'end');
      typeInto(b.doc, `b${i} `, 'start');
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5));
    }

    const text = (doc: Y.Doc) => zoneFragment(doc, 'obstacles').toString();
    await waitFor(() => text(a.doc) === text(b.doc) && text(a.doc).includes('a49') && text(a.doc).includes('b49'), 5000, 'convergence');
    expect(exportCanvas(a.doc)).toEqual(exportCanvas(b.doc));
    for (let i = 0; i < 50; i++) {
      expect(text(a.doc)).toContain(`a${i} `);
      expect(text(a.doc)).toContain(`b${i} `);
    }
  });

  it('gives a late joiner the current state', async () => {
    const canvas = await server.createCanvas({ template: 'example' });
    const writer = connectClient(server.url, canvas.id, canvas.tokens.editor);
    clients.push(writer);
    await writer.synced;
    writer.doc.getText('title').insert(0, 'Late: ');
    typeInto(writer.doc, 'written before the late joiner came ', 'start');
    await waitFor(() => server.rooms.get(canvas.id)?.doc.getText('title').toString().startsWith('Late: ') ?? false);

    const late = connectClient(server.url, canvas.id, canvas.tokens.viewer);
    clients.push(late);
    await late.synced;
    expect(exportCanvas(late.doc)).toEqual(exportCanvas(writer.doc));
    expect(exportCanvas(late.doc).title).toBe('Late: Digitale dienstverlening 2027');
  });

  it('gives every new joiner the state as it is when they join, also after an edit between joins', async () => {
    // The server keeps its answer to an empty state vector until the document changes.
    const canvas = await server.createCanvas({ template: 'example' });
    const writer = connectClient(server.url, canvas.id, canvas.tokens.editor);
    clients.push(writer);
    await writer.synced;
    const join = async () => {
      const joiner = connectClient(server.url, canvas.id, canvas.tokens.viewer);
      clients.push(joiner);
      await joiner.synced;
      return exportCanvas(joiner.doc);
    };
    expect(await join()).toEqual(exportCanvas(writer.doc));
    expect(await join()).toEqual(exportCanvas(writer.doc));

    typeInto(writer.doc, 'between two joins ', 'start');
    await waitFor(() => { const room = server.rooms.get(canvas.id); return room ? zoneFragment(room.doc, 'obstacles').toString().includes('between two joins') : false; });
    const afterEdit = await join();
    expect(JSON.stringify(afterEdit.obstacles)).toContain('between two joins');
    expect(afterEdit).toEqual(exportCanvas(writer.doc));
    expect(await join()).toEqual(afterEdit);
  });
});
