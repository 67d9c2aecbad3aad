import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import {
  MessageType,
  stipClientMessageSchema,
  stipMessageSchema,
  type StipClientMessage,
  type StipMessage,
} from './protocol';

/**
 * Stip's own messages on the wire, for client and server, as y-protocols encodes sync and
 * awareness: message type 100 (a varUint), then the message as a JSON string (a varString).
 * Server-to-client messages are `StipMessage`, client-to-server ones `StipClientMessage`; both
 * are checked with their zod schema (shared/protocol.ts) on the way in.
 */

/** A decoded Stip message, or why it is not one. */
export type StipDecoded<T> = { ok: true; message: T } | { ok: false; error: string };

/** A whole type-100 frame holding `message`. */
export function encodeStipMessage(message: StipMessage | StipClientMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.stip);
  encoding.writeVarString(encoder, JSON.stringify(message));
  return encoding.toUint8Array(encoder);
}

/** A server-to-client frame (type 100 included); never throws. */
export function decodeStipMessage(frame: Uint8Array): StipDecoded<StipMessage> {
  return decodeFrame(frame, stipMessageSchema);
}

/** A client-to-server frame (type 100 included); never throws. */
export function decodeStipClientMessage(frame: Uint8Array): StipDecoded<StipClientMessage> {
  return decodeFrame(frame, stipClientMessageSchema);
}

/**
 * A server-to-client message from a decoder past the type, as y-websocket hands one to its
 * `messageHandlers[MessageType.stip]`; never throws.
 */
export function readStipMessage(decoder: decoding.Decoder): StipDecoded<StipMessage> {
  return readBody(decoder, stipMessageSchema);
}

interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

function decodeFrame<T>(frame: Uint8Array, schema: Schema<T>): StipDecoded<T> {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    if (type !== MessageType.stip) return { ok: false, error: `not a Stip message (type ${type})` };
    return readBody(decoder, schema);
  } catch {
    return { ok: false, error: 'truncated Stip message' };
  }
}

/**
 * The JSON body and its check. Neither JSON.parse's nor zod's error is passed on: both quote
 * the input, which may hold a token (it would reach the server's log).
 */
function readBody<T>(decoder: decoding.Decoder, schema: Schema<T>): StipDecoded<T> {
  let value: unknown;
  try {
    value = JSON.parse(decoding.readVarString(decoder));
  } catch {
    return { ok: false, error: 'unreadable Stip message' };
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, message: parsed.data } : { ok: false, error: 'invalid Stip message' };
}
