import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeIntegratedState } from './integratedState';

/** A document whose title is `text`, written by client `id`. */
function docWith(id: number, text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = id;
  doc.getText('title').insert(0, text);
  return doc;
}

/** Client 2000 puts each of `texts` at the start of `base`'s title; one update each. */
function writes(base: Y.Doc, ...texts: string[]): Uint8Array[] {
  const writer = new Y.Doc();
  writer.clientID = 2000;
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(base));
  return texts.map((text) => {
    const before = Y.encodeStateVector(writer);
    writer.getText('title').insert(0, text);
    return Y.encodeStateAsUpdate(writer, before);
  });
}

describe('encodeIntegratedState', () => {
  it('serves what the document shows when a client sent two versions of one struct', () => {
    const server = docWith(1000, 'Visie');
    // Version 1 of struct 2000:0 depends on a client the server never saw: it waits (pending).
    const [elsewhere] = writes(docWith(1023, 'elders'), 'Nieuw ');
    const [honest, next] = writes(server, 'Nieuw ', '2030 ');
    Y.applyUpdate(server, elsewhere!);
    // The client's next struct (2000:6) waits too, merged with version 1 ...
    Y.applyUpdate(server, next!);
    // ... and version 2 of 2000:0, which depends on what the server has, is integrated.
    Y.applyUpdate(server, honest!);
    expect(server.getText('title').toString()).toBe('Nieuw Visie');
    expect(server.store.pendingStructs).not.toBeNull();

    const plain = new Y.Doc();
    Y.applyUpdate(plain, Y.encodeStateAsUpdate(server));
    const integrated = new Y.Doc();
    Y.applyUpdate(integrated, encodeIntegratedState(server));
    // Yjs's own encoding hands a joining client the waiting structs: it shows another title
    // than the server and every connected client.
    expect(plain.getText('title').toString()).toBe('2030 Nieuw Visie');
    expect(integrated.getText('title').toString()).toBe('Nieuw Visie');
    // Nothing of the document itself is lost, and the pending state is left in place.
    expect(server.store.pendingStructs).not.toBeNull();
  });

  it('still sends only what a given state vector lacks', () => {
    const server = docWith(1000, 'Visie');
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    server.getText('title').insert(5, ' 2030');
    Y.applyUpdate(client, encodeIntegratedState(server, Y.encodeStateVector(client)));
    expect(client.getText('title').toString()).toBe('Visie 2030');
    expect(encodeIntegratedState(server, Y.encodeStateVector(client)).byteLength).toBeLessThan(8);
  });
});
