import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import { MessageType } from '../../shared/protocol';

/** A y-protocols sync update frame carrying `update`. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** A sync step 1 frame for an empty document. */
export function syncStep1Frame(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeSyncStep1(encoder, new Y.Doc());
  return encoding.toUint8Array(encoder);
}

/** An awareness frame with one client's state, JSON as given (so it can be hostile). */
export function awarenessFrame(clientId: number, clock: number, stateJson: string): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, stateJson);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}

/** A Yjs update that sets the title of a fresh document to `text`. */
export function titleUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('title').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

export interface RawSocket {
  ws: WebSocket;
  opened: Promise<void>;
  closed: Promise<number>;
  received: Uint8Array[];
}

/** A bare WebSocket to the collab endpoint, for frames no y-websocket client would send. */
export function rawSocket(url: string, headers: Record<string, string> = {}): RawSocket {
  const ws = new WebSocket(url, { headers });
  const received: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return { ws, opened, closed, received };
}
