import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * Yjs updates (format v1) written byte by byte, as a modified client could send them: a struct
 * under any client id from any clock, naming any neighbours and any parent, and any delete set.
 */
export interface ForgedStruct {
  client: number;
  clock: number;
  origin: Y.ID | null;
  rightOrigin: Y.ID | null;
  /** A root type's name or the id of the item holding a nested type (used when no neighbour). */
  parent: string | Y.ID | null;
  parentSub: string | null;
  content: { text: string } | { values: unknown[] };
}

export interface ForgedDeletion {
  client: number;
  clock: number;
  length: number;
}

export function encodeForgedUpdate(structs: ForgedStruct[], deletions: ForgedDeletion[]): Uint8Array {
  const encoder = encoding.createEncoder();
  const byClient = new Map<number, ForgedStruct[]>();
  for (const struct of structs) byClient.set(struct.client, [...(byClient.get(struct.client) ?? []), struct]);
  encoding.writeVarUint(encoder, byClient.size);
  for (const [client, list] of byClient) {
    list.sort((a, b) => a.clock - b.clock);
    encoding.writeVarUint(encoder, list.length);
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, list[0]!.clock);
    for (const struct of list) writeStruct(encoder, struct);
  }
  const dsByClient = new Map<number, ForgedDeletion[]>();
  for (const d of deletions) dsByClient.set(d.client, [...(dsByClient.get(d.client) ?? []), d]);
  encoding.writeVarUint(encoder, dsByClient.size);
  for (const [client, list] of dsByClient) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, list.length);
    for (const d of list) {
      encoding.writeVarUint(encoder, d.clock);
      encoding.writeVarUint(encoder, d.length);
    }
  }
  return encoding.toUint8Array(encoder);
}

const CONTENT_STRING = 4;
const CONTENT_ANY = 8;

function writeStruct(encoder: encoding.Encoder, struct: ForgedStruct): void {
  const ref = 'text' in struct.content ? CONTENT_STRING : CONTENT_ANY;
  const inheritsParent = struct.origin !== null || struct.rightOrigin !== null;
  const info = ref | (struct.origin ? 0x80 : 0) | (struct.rightOrigin ? 0x40 : 0) | (!inheritsParent && struct.parentSub !== null ? 0x20 : 0);
  encoding.writeUint8(encoder, info);
  if (struct.origin) writeId(encoder, struct.origin);
  if (struct.rightOrigin) writeId(encoder, struct.rightOrigin);
  if (!inheritsParent) {
    if (typeof struct.parent === 'string' || struct.parent === null) {
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarString(encoder, struct.parent ?? '');
    } else {
      encoding.writeVarUint(encoder, 0);
      writeId(encoder, struct.parent);
    }
    if (struct.parentSub !== null) encoding.writeVarString(encoder, struct.parentSub);
  }
  if ('text' in struct.content) {
    encoding.writeVarString(encoder, struct.content.text);
  } else {
    encoding.writeVarUint(encoder, struct.content.values.length);
    for (const value of struct.content.values) encoding.writeAny(encoder, value as encoding.AnyEncodable);
  }
}

function writeId(encoder: encoding.Encoder, id: Y.ID): void {
  encoding.writeVarUint(encoder, id.client);
  encoding.writeVarUint(encoder, id.clock);
}

/** The length in clocks of a forged struct. */
export function forgedLength(struct: ForgedStruct): number {
  return 'text' in struct.content ? struct.content.text.length : struct.content.values.length;
}

/**
 * A forged update described relative to the server's document, resolved when it is sent: which
 * known client to write under (or a fresh one), how far from its current clock, which existing
 * item to name as neighbour or parent, and deletions around each client's current clock.
 */
export interface ForgedPlan {
  client: number;
  clockOffset: number;
  origin: number | null;
  rightOrigin: number | null;
  parent: string | number | null;
  parentSub: string | null;
  content: { text: string } | { values: unknown[] };
  deletions: { client: number; clockOffset: number; length: number }[];
}

const ROOT_NAMES = ['session', 'style', 'title', 'subtitle', 'meta', 'horizon', 'obstacles', 'pillars', 'actions', 'elders'];

export const forgedPlan: fc.Arbitrary<ForgedPlan> = fc.record({
  client: fc.nat({ max: 10 }),
  clockOffset: fc.integer({ min: -4, max: 4 }),
  origin: fc.option(fc.nat({ max: 10_000 }), { nil: null }),
  rightOrigin: fc.option(fc.nat({ max: 10_000 }), { nil: null }),
  parent: fc.oneof(fc.constantFrom<string | null>(...ROOT_NAMES, null), fc.nat({ max: 10_000 })),
  parentSub: fc.constantFrom(null, 'spotlight', 'timer', 'language', 'primaryColor', 'logo', 'x'),
  content: fc.oneof(
    fc.record({ text: fc.string({ minLength: 1, maxLength: 20 }) }),
    fc.record({ values: fc.array(fc.oneof(fc.constantFrom('obstacles', 'actions'), fc.integer(), fc.object()), { minLength: 1, maxLength: 3 }) }),
  ),
  deletions: fc.array(
    fc.record({ client: fc.nat({ max: 10 }), clockOffset: fc.integer({ min: -6, max: 6 }), length: fc.integer({ min: 1, max: 8 }) }),
    { maxLength: 3 },
  ),
});

/**
 * The bytes of a plan against `doc` (the server's document). `clients` are the client ids worth
 * aiming at (the facilitator's, an editor's, the attacker's own); an index past them is a fresh id.
 */
export function resolvePlan(doc: Y.Doc, clients: number[], plan: ForgedPlan): Uint8Array {
  const pick = (i: number) => clients[i] ?? 1_000_000 + i;
  const items: Y.ID[] = [];
  for (const structs of doc.store.clients.values()) for (const s of structs) items.push(s.id);
  const knownId = (i: number | null): Y.ID | null => (i === null || items.length === 0 ? null : items[i % items.length]!);
  const client = pick(plan.client);
  const clock = Math.max(0, Y.getState(doc.store, client) + plan.clockOffset);
  const struct: ForgedStruct = {
    client,
    clock,
    origin: knownId(plan.origin),
    rightOrigin: knownId(plan.rightOrigin),
    parent: typeof plan.parent === 'number' ? knownId(plan.parent) : plan.parent,
    parentSub: plan.parentSub,
    content: plan.content,
  };
  const deletions = plan.deletions.map((d) => {
    const target = pick(d.client);
    return { client: target, clock: Math.max(0, Y.getState(doc.store, target) + d.clockOffset), length: d.length };
  });
  return encodeForgedUpdate([struct], deletions);
}
