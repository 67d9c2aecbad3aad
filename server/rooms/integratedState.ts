import * as Y from 'yjs';

/**
 * The document as integrated: `Y.encodeStateAsUpdate` without Yjs's pending structs and
 * deletes. Those wait for missing dependencies, and reach every client in the update of the
 * transaction that integrates them. Served before that, they let a hostile client that sent
 * two versions of one struct (one waiting, one integrated) show joining clients, and the
 * stored copy, a different document than the server and everyone else has (found by the
 * fuzz test). A client whose update still waits resends it on its next sync anyway.
 */
export function encodeIntegratedState(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const store = doc.store;
  const { pendingStructs, pendingDs } = store;
  store.pendingStructs = null;
  store.pendingDs = null;
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } finally {
    store.pendingStructs = pendingStructs;
    store.pendingDs = pendingDs;
  }
}
