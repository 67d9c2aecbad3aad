import type * as Y from 'yjs';
import { encodeIntegratedState } from '../rooms/integratedState';

/**
 * A loaded room's state as one update, encoded once until the document changes: 20 downloads
 * of a 5 MB canvas at once cost one encode (about 0.1 s of the event loop), not twenty.
 */
const cache = new WeakMap<Y.Doc, Uint8Array>();
const watched = new WeakSet<Y.Doc>();

export function encodedState(doc: Y.Doc): Uint8Array {
  const cached = cache.get(doc);
  if (cached) return cached;
  if (!watched.has(doc)) {
    watched.add(doc);
    // Every change, deletions included, fires 'update': the next download encodes afresh.
    doc.on('update', () => cache.delete(doc));
  }
  const state = encodeIntegratedState(doc);
  cache.set(doc, state);
  return state;
}
