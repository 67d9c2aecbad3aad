import type * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import { MessageType, type StipMessage } from '../../shared/protocol';
import { readStipMessage } from '../../shared/stipMessages';

/** A server-to-client Stip message from a decoder past the type; a test fails on anything else. */
export function readStipMessageOrThrow(decoder: decoding.Decoder): StipMessage {
  const read = readStipMessage(decoder);
  if (!read.ok) throw new Error(read.error);
  return read.message;
}

/** Collects Stip's own messages (type 100) a provider receives; connect it with `stip: '1'`. */
export function collectStipMessages(provider: WebsocketProvider): StipMessage[] {
  const received: StipMessage[] = [];
  provider.messageHandlers[MessageType.stip] = (_encoder, decoder) => {
    received.push(readStipMessageOrThrow(decoder));
  };
  return received;
}
