import type * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../../shared/protocol';
import { encodeIntegratedState } from './integratedState';

/**
 * The y-protocols sync frames a room sends about its document: its step 1, the step 2 that
 * answers a connection's state vector, and a stored update.
 */
export class SyncReplies {
  /**
   * Sync step 2 for an empty state vector (everyone who opens the canvas for the first time),
   * kept until the document changes: at the start of a workshop thirty people join a canvas
   * nobody is typing in yet, and a big canvas costs tens of milliseconds to encode.
   */
  private fullStateReply: Uint8Array | null = null;

  constructor(private readonly doc: Y.Doc) {}

  /** The document changed: a cached reply would miss it. */
  changed(): void {
    this.fullStateReply = null;
  }

  step1(): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    return encoding.toUint8Array(encoder);
  }

  /** What a connection lacks of the document, for its step 1's state vector; throws on a malformed one. */
  step2(stateVector: Uint8Array): Uint8Array {
    const empty = stateVector.length === 1 && stateVector[0] === 0;
    if (empty && this.fullStateReply) return this.fullStateReply;
    const message = step2Frame(this.doc, stateVector);
    if (empty) this.fullStateReply = message;
    return message;
  }

  update(update: Uint8Array): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeUpdate(encoder, update);
    return encoding.toUint8Array(encoder);
  }
}

/** A sync step 2 frame of what `doc` has beyond `stateVector`; throws on a malformed one. */
export function step2Frame(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, encodeIntegratedState(doc, stateVector));
  return encoding.toUint8Array(encoder);
}
