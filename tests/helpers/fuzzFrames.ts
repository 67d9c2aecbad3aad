import WebSocket from 'ws';
import { connectClient } from './collabClient';

/** mulberry32: a tiny seeded PRNG, so a failing fuzz run can be replayed from its seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Random {
  next: () => number;
  int(maxExclusive: number): number;
  pick<T>(items: readonly T[]): T;
  bytes(length: number): Uint8Array;
}

export function random(seed: number): Random {
  const next = mulberry32(seed);
  const int = (max: number) => Math.floor(next() * max);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)]!,
    bytes: (length) => Uint8Array.from({ length }, () => int(256)),
  };
}

/** A varint that never ends, or one that claims an absurd length. */
const BAD_VARINTS = [
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
  [0xff],
];

export const MUTATIONS = ['bitFlip', 'truncate', 'splice', 'varint', 'duplicate', 'random', 'randomTyped', 'valid'] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** One fuzz message: a captured frame mutated one way, or fresh garbage. */
export function fuzzMessage(r: Random, corpus: Uint8Array[]): { kind: Mutation; data: Uint8Array } {
  const kind = r.pick(MUTATIONS);
  const base = r.pick(corpus);
  const copy = new Uint8Array(base);
  switch (kind) {
    case 'bitFlip': {
      const flips = 1 + r.int(8);
      for (let i = 0; i < flips && copy.length > 0; i++) copy[r.int(copy.length)]! ^= 1 << r.int(8);
      return { kind, data: copy };
    }
    case 'truncate':
      return { kind, data: copy.slice(0, r.int(copy.length)) };
    case 'splice': {
      const other = r.pick(corpus);
      const at = r.int(copy.length + 1);
      const from = r.int(other.length + 1);
      const insert = r.next() < 0.5 ? other.slice(from, from + 1 + r.int(32)) : r.bytes(1 + r.int(16));
      return { kind, data: concat(copy.slice(0, at), insert, copy.slice(at + (r.next() < 0.5 ? r.int(8) : 0))) };
    }
    case 'varint': {
      const at = 1 + r.int(Math.max(1, copy.length - 1));
      return { kind, data: concat(copy.slice(0, at), Uint8Array.from(r.pick(BAD_VARINTS)), copy.slice(at + 1)) };
    }
    case 'duplicate':
      return { kind, data: concat(copy, copy) };
    case 'random':
      return { kind, data: r.bytes(r.int(64)) };
    case 'randomTyped':
      // A known message type (sync, awareness, auth, query, Stip's 100), then garbage.
      return { kind, data: concat(Uint8Array.of(r.pick([0, 1, 2, 3, 100]), r.int(4)), r.bytes(r.int(48))) };
    case 'valid':
      return { kind, data: copy };
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Frames of a real y-websocket session, both ways: a client connects, `edit`s its document,
 * and every frame it sends or receives is kept as fuzz material.
 */
export async function captureSession(
  baseUrl: string,
  id: string,
  token: string,
  edit: (client: ReturnType<typeof connectClient>) => Promise<void>,
): Promise<Uint8Array[]> {
  const frames: Uint8Array[] = [];
  class CapturingWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      this.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
    }
    override send(data: unknown, ...rest: unknown[]): void {
      if (data instanceof Uint8Array) frames.push(new Uint8Array(data));
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  const client = connectClient(baseUrl, id, token, { WebSocketPolyfill: CapturingWebSocket });
  await client.synced;
  await edit(client);
  await new Promise((r) => setTimeout(r, 200));
  client.destroy();
  return frames;
}
