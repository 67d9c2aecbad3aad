import * as Y from 'yjs';

type Decoded = ReturnType<typeof Y.decodeUpdate>;

/** Why an update cannot be integrated completely and consistently on arrival. */
export type Incomplete = 'missing-dependency' | 'gap' | 'deletes-unknown' | 'inconsistent';

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
    // Yjs integrates one client's structs in clock order without checking references to that
    // same client: one to a later clock of its own is looked up before it exists, and Yjs
    // throws halfway through the update. So a struct may name its own client only before it.
    const known = (id: Y.ID | null, own: Y.ID) =>
      id === null || (id.client === own.client ? id.clock < own.clock : id.clock < reachOf(id.client));
    for (const struct of update.structs) {
      if (!(struct instanceof Y.Item)) continue;
      const parent = struct.parent as unknown;
      const parentId = parent instanceof Y.ID ? parent : null;
      if (!known(struct.origin, struct.id) || !known(struct.rightOrigin, struct.id) || !known(parentId, struct.id)) {
        incomplete = 'missing-dependency';
        break;
      }
    }
  }
  if (incomplete === null && !neighboursAgree(doc, update)) incomplete = 'inconsistent';
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

/**
 * Whether every new item's two neighbours (`origin`, `rightOrigin`) lie in the same list (one
 * parent, one map key) and every declared parent is a type. The editor's Yjs always writes
 * them so; a forged item whose neighbours lie in two lists is integrated by a walk that runs
 * off the end of one of them, where the server and each client can end in different places.
 *
 * Each struct's list is found through its neighbours, in the document or earlier in the same
 * update (Yjs names a parent only for an item without neighbours), each struct resolved once:
 * linear in the update's size however long the chains (a paste of 10,000 paragraphs is one).
 */
function neighboursAgree(doc: Y.Doc, update: Decoded): boolean {
  const rootNames = new Map<unknown, string>();
  for (const [name, type] of doc.share) rootNames.set(type, name);
  const listOfType = (type: Y.AbstractType<unknown>, sub: string | null): string => {
    const holder = type._item;
    const where = holder ? `type ${holder.id.client}:${holder.id.clock}` : `root ${rootNames.get(type) ?? '?'}`;
    return sub === null ? where : `${where} key ${sub}`;
  };
  const GC_LIST = 'gc';
  const byClient = new Map<number, Y.Item[]>();
  for (const struct of update.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const list = byClient.get(struct.id.client) ?? [];
    list.push(struct);
    byClient.set(struct.id.client, list);
  }
  const inUpdate = (id: Y.ID): Y.Item | null => {
    const list = byClient.get(id.client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const struct = list[mid]!;
      if (id.clock < struct.id.clock) high = mid - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = mid + 1;
      else return struct;
    }
    return null;
  };
  const knownStruct = (id: Y.ID): Y.Item | Y.GC | null =>
    id.clock < Y.getState(doc.store, id.client) ? (Y.getItem(doc.store, id) as Y.Item | Y.GC) : null;
  /** The list an item of the document is in. */
  const listOfKnown = (struct: Y.Item | Y.GC): string =>
    struct instanceof Y.Item ? listOfType(struct.parent as Y.AbstractType<unknown>, struct.parentSub) : GC_LIST;
  /**
   * The list of an item whose declared parent is the item `id`. Yjs collects an item whose
   * parent is collected or holds no type (a paragraph deleted meanwhile holds ContentDeleted):
   * typing into a block someone just deleted is honest, and harmless.
   */
  const listUnder = (id: Y.ID, sub: string | null): string => {
    const known = knownStruct(id);
    const holdsType = known ? known instanceof Y.Item && known.content instanceof Y.ContentType : inUpdate(id)?.content instanceof Y.ContentType;
    return holdsType ? `type ${id.client}:${id.clock}${sub === null ? '' : ` key ${sub}`}` : GC_LIST;
  };
  const resolved = new Map<Y.Item, string | null>();
  /** Marks the items of the chain being followed: meeting one again is a cycle. */
  const FOLLOWING = '\u0000following';
  const listOfNew = (start: Y.Item): string | null => {
    const done = resolved.get(start);
    if (done !== undefined) return done === FOLLOWING ? null : done;
    const chain: Y.Item[] = [];
    let list: string | null = null;
    for (let item: Y.Item | null = start; item; ) {
      const known = resolved.get(item);
      if (known !== undefined) {
        // A neighbour in a cycle of new items is never integrable.
        list = known === FOLLOWING ? null : known;
        break;
      }
      chain.push(item);
      resolved.set(item, FOLLOWING);
      // Yjs takes the parent from the declared neighbour (Item.getMissing).
      const neighbour = item.origin ?? item.rightOrigin;
      if (!neighbour) {
        const parent = item.parent as unknown;
        if (typeof parent === 'string') list = item.parentSub === null ? `root ${parent}` : `root ${parent} key ${item.parentSub}`;
        else if (parent instanceof Y.ID) list = listUnder(parent, item.parentSub);
        break;
      }
      const knownNeighbour = knownStruct(neighbour);
      if (knownNeighbour) {
        list = listOfKnown(knownNeighbour);
        break;
      }
      item = inUpdate(neighbour);
    }
    for (const item of chain) resolved.set(item, list);
    return list;
  };
  const listOfId = (id: Y.ID): string | null => {
    const known = knownStruct(id);
    if (known) return listOfKnown(known);
    const struct = inUpdate(id);
    return struct ? listOfNew(struct) : null;
  };
  for (const structs of byClient.values()) {
    for (const item of structs) {
      const state = Y.getState(doc.store, item.id.client);
      if (item.id.clock + item.length <= state) continue; // nothing new in it
      const list = listOfNew(item);
      if (list === null) return false;
      if (item.origin && item.rightOrigin) {
        const left = listOfId(item.origin);
        const right = listOfId(item.rightOrigin);
        // Yjs collects an item next to a collected one, whatever the other side says.
        if (left !== GC_LIST && right !== GC_LIST && left !== right) return false;
      }
      if (item.id.clock < state) {
        // Integrated from an offset: the new tail is linked after the item before it of the same
        // client, but keeps the parent its declared neighbour gave it. Both must be one list.
        const before = knownStruct(Y.createID(item.id.client, state - 1));
        if (!before || (list !== GC_LIST && listOfKnown(before) !== list)) return false;
      }
    }
  }
  return true;
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
