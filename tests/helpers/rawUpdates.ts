import * as Y from 'yjs';
import { encodeForgedUpdate } from './forgedUpdates';

/** A Yjs ID as it goes on the wire. */
export interface RawId {
  client: number;
  clock: number;
}

/**
 * One Yjs item exactly as a (modified) client could write it, whatever the document holds:
 * any client id and clock, any neighbours, any declared parent.
 */
export interface RawItem extends RawId {
  origin?: RawId;
  rightOrigin?: RawId;
  /**
   * The root type the item declares as its parent (by name). Yjs writes a parent only for an
   * item without origin and right origin (it derives the parent from those otherwise).
   */
  parent?: string;
  /** The map key under that parent; like `parent`, only without neighbours. */
  parentSub?: string;
  /** ContentString (`text`) or ContentAny (`values`); the item's length is theirs. */
  content: { text: string } | { values: unknown[] };
}

/** A deletion of `len` clocks of `client` from `clock`. */
export interface RawDelete extends RawId {
  len: number;
}

/**
 * A Yjs update (format V1, as `Y.encodeStateAsUpdate` writes it) holding `items` and `deletes`,
 * byte for byte as lib0 encodes Yjs's own structs (written by `encodeForgedUpdate`).
 */
export function rawUpdate(items: readonly RawItem[], deletes: readonly RawDelete[] = []): Uint8Array {
  for (const item of items) {
    const neighbours = item.origin !== undefined || item.rightOrigin !== undefined;
    if (neighbours && (item.parent !== undefined || item.parentSub !== undefined)) {
      throw new Error('rawUpdate: an item with neighbours carries no parent on the wire');
    }
    if (!neighbours && item.parent === undefined) throw new Error('rawUpdate: an item without neighbours needs a parent');
  }
  const id = (raw: RawId | undefined) => (raw ? Y.createID(raw.client, raw.clock) : null);
  return encodeForgedUpdate(
    items.map((item) => ({
      client: item.client,
      clock: item.clock,
      origin: id(item.origin),
      rightOrigin: id(item.rightOrigin),
      parent: item.parent ?? null,
      parentSub: item.parentSub ?? null,
      content: item.content,
    })),
    deletes.map(({ client, clock, len }) => ({ client, clock, length: len })),
  );
}
