import * as Y from 'yjs';

type Decoded = ReturnType<typeof Y.decodeUpdate>;

/** Why an update cannot be integrated completely on arrival. */
export type Incomplete = 'missing-dependency' | 'gap' | 'deletes-unknown';

export interface UpdateCheck {
  /** Null when every struct and every deletion of the update can be integrated now. */
  incomplete: Incomplete | null;
  /** Client ids under which the update adds structs the document does not have yet. */
  newClients: number[];
}

/**
 * Whether Yjs would integrate `update` completely into `doc`, decided before applying it, in
 * one pass over its structs and one over its delete set (linear in the update's size).
 *
 * Yjs parks what it cannot integrate (a struct whose neighbour, parent or preceding clock is
 * missing; a deletion of clocks it does not have yet) and merges the parked part again with
 * every later message, invisible to any count of stored bytes, and a parked deletion deletes
 * whatever later arrives under those clocks. The server keeps nothing parked: an update that
 * would park anything is refused whole and its sender asked to sync again (its answer, a sync
 * step 2, carries the missing part too when the sender has it).
 */
export function checkUpdate(doc: Y.Doc, update: Decoded): UpdateCheck {
  // How far each client's clocks reach once the update's own structs are in: the document's
  // state, extended by structs that continue it without a gap.
  const reach = new Map<number, number>();
  const reachOf = (client: number) => reach.get(client) ?? Y.getState(doc.store, client);
  const newClients = new Set<number>();
  let incomplete: Incomplete | null = null;
  for (const struct of update.structs) {
    const { client, clock } = struct.id;
    const end = reachOf(client);
    // A Skip is a hole in a merged update: what follows it starts after a gap.
    if (struct instanceof Y.Skip) continue;
    if (clock > end) {
      incomplete ??= 'gap';
      continue;
    }
    if (clock + struct.length > end) {
      reach.set(client, clock + struct.length);
      newClients.add(client);
    }
  }
  if (incomplete === null) {
    const known = (id: Y.ID | null) => id === null || id.clock < reachOf(id.client);
    for (const struct of update.structs) {
      if (!(struct instanceof Y.Item)) continue;
      const parent = struct.parent as unknown;
      const parentId = parent instanceof Y.ID ? parent : null;
      if (!known(struct.origin) || !known(struct.rightOrigin) || !known(parentId)) {
        incomplete = 'missing-dependency';
        break;
      }
    }
  }
  if (incomplete === null) {
    for (const [client, ranges] of update.ds.clients) {
      const end = reachOf(client);
      if (ranges.some(({ clock, len }) => clock + len > end)) {
        incomplete = 'deletes-unknown';
        break;
      }
    }
  }
  return { incomplete, newClients: [...newClients] };
}

/** Whether Yjs parked anything of the last update (a safety net behind `checkUpdate`). */
export function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** Forgets what Yjs parked: the sender is asked to sync again instead. */
export function dropPending(doc: Y.Doc): void {
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
}
