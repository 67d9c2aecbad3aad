import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { awarenessUserSchema } from '../../shared/protocol';

/** Largest awareness state we relay, in UTF-8 bytes (a name, a colour and two cursor positions are ~300 B). */
export const MAX_STATE_BYTES = 4096;
/** Most states in one awareness update (a client sends its own; a peer's repeat holds a room's). */
const MAX_STATES = 64;

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: unknown;
}

/**
 * Reads an awareness update and checks every state before anyone else sees it: JSON, small,
 * and a `user` field (if any) with a short name and a #rrggbb colour. Returns null when any
 * entry fails, so the whole update is dropped.
 */
export function readAwarenessUpdate(update: Uint8Array): AwarenessEntry[] | null {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > MAX_STATES) return null;
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      // Bytes, not characters: a state of 4,096 '€' is 12 KB.
      const bytes = decoding.readVarUint8Array(decoder);
      if (bytes.byteLength > MAX_STATE_BYTES) return null;
      const state: unknown = JSON.parse(utf8.decode(bytes));
      if (!validState(state)) return null;
      entries.push({ clientId, clock, state });
    }
    if (decoding.hasContent(decoder)) return null;
    return entries;
  } catch {
    return null;
  }
}

function validState(state: unknown): boolean {
  if (state === null) return true;
  if (typeof state !== 'object' || Array.isArray(state)) return false;
  const user = (state as { user?: unknown }).user;
  return user === undefined || awarenessUserSchema.safeParse(user).success;
}

const NULL_STATE = new TextEncoder().encode('null');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Whether every state in an awareness update is one we already have: a clock older than the
 * known one, or the same clock with a state (the same clock with null removes a state, so that
 * one is read). y-websocket clients send back every awareness update they receive, so in a
 * room of n people each caret move comes back n-1 times; this drops those without JSON.parse.
 * False for anything it cannot read: the full check then rejects it.
 */
export function onlyKnownStates(update: Uint8Array, known: ReadonlyMap<number, { clock: number }>): boolean {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count === 0 || count > MAX_STATES) return false;
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarUint8Array(decoder);
      const knownClock = known.get(clientId)?.clock;
      if (knownClock === undefined || clock > knownClock) return false;
      if (clock === knownClock && isNullState(state)) return false;
    }
    return !decoding.hasContent(decoder);
  } catch {
    return false;
  }
}

function isNullState(state: Uint8Array): boolean {
  return state.length === NULL_STATE.length && state.every((byte, i) => byte === NULL_STATE[i]);
}

/** Encodes entries back into an awareness update (to relay only some of a message's states). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}
