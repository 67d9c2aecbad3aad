import * as Y from 'yjs';
import { SESSION_ROOT } from '../../shared/docLayout';

type Decoded = ReturnType<typeof Y.decodeUpdate>;
type DecodedStruct = Decoded['structs'][number];

/** How far a parent chain is followed before the update is judged unreadable. */
const MAX_DEPTH = 64;

/**
 * Whether a decoded update would change the `session` root (spotlight, timer), which only the
 * facilitator may write. Checked before the update is applied, so nothing of it is stored.
 *
 * Yjs writes an item's parent only when it has no neighbour: an item inserted next to another
 * (a map key set again, text typed after text) names the neighbour (`origin`) and inherits
 * its parent. So each new item's parent is found through its neighbours, in the document or
 * earlier in the same update. Structs the document already has (a peer resending what it
 * received) are skipped, and so are deletions of items it has already deleted.
 * A new item whose parent cannot be found counts as touching the session: a client only
 * builds on items it got from this server, so only a forged update has one.
 */
export function touchesSession(doc: Y.Doc, update: Decoded): boolean {
  const session = doc.share.get(SESSION_ROOT) ?? null;
  // The document's own clock per client: no state vector is encoded for each update.
  const known = (client: number, clock: number) => clock < Y.getState(doc.store, client);
  const inUpdate = new Map<number, DecodedStruct[]>();
  for (const struct of update.structs) {
    const list = inUpdate.get(struct.id.client) ?? [];
    list.push(struct);
    inUpdate.set(struct.id.client, list);
  }

  /** The root type name an integrated type lives under. */
  const rootOfType = (type: Y.AbstractType<unknown>): string | null => {
    let current = type;
    for (let depth = 0; current._item && depth < MAX_DEPTH; depth++) current = current._item.parent as Y.AbstractType<unknown>;
    if (current._item) return null;
    return current === session ? SESSION_ROOT : 'other';
  };

  const findInUpdate = (id: Y.ID): DecodedStruct | null => {
    for (const struct of inUpdate.get(id.client) ?? []) {
      if (struct.id.clock <= id.clock && id.clock < struct.id.clock + struct.length) return struct;
    }
    return null;
  };

  /** The root an item (or the item holding a nested type) belongs to; null if not findable. */
  const rootOfId = (id: Y.ID, depth: number): string | null => {
    if (depth > MAX_DEPTH) return null;
    if (known(id.client, id.clock)) {
      const struct = Y.getItem(doc.store, id) as Y.Item | Y.GC;
      // Collected: it was inside a deleted type, and root types (the session) are never deleted.
      if (!(struct instanceof Y.Item)) return 'other';
      return rootOfType(struct.parent as Y.AbstractType<unknown>);
    }
    const pending = findInUpdate(id);
    return pending instanceof Y.Item ? rootOfNew(pending, depth + 1) : null;
  };

  /** The root of a decoded, not yet integrated item. */
  const rootOfNew = (item: Y.Item, depth: number): string | null => {
    const parent = item.parent as unknown;
    if (typeof parent === 'string') return parent;
    if (parent instanceof Y.AbstractType) return rootOfType(parent);
    // A nested type: the parent is the id of the item that holds it.
    if (parent) return rootOfId(parent as Y.ID, depth + 1);
    const neighbour = item.origin ?? item.rightOrigin;
    return neighbour ? rootOfId(neighbour, depth + 1) : null;
  };

  for (const struct of update.structs) {
    if (!(struct instanceof Y.Item)) continue; // GC and Skip structs carry no visible content.
    if (known(struct.id.client, struct.id.clock + struct.length - 1)) continue;
    const root = rootOfNew(struct, 0);
    if (root === null || root === SESSION_ROOT) return true;
  }

  if (!session) return false;
  for (const [client, ranges] of update.ds.clients) {
    const structs = doc.store.clients.get(client);
    if (!structs || structs.length === 0) continue;
    for (const { clock, len } of ranges) {
      const end = Math.min(clock + len, Y.getState(doc.store, client));
      if (clock >= end) continue;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < end; i++) {
        const struct = structs[i]!;
        if (struct instanceof Y.Item && !struct.deleted && rootOfType(struct.parent as Y.AbstractType<unknown>) === SESSION_ROOT) return true;
      }
    }
  }
  return false;
}
