import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import { MessageType, stipMessageSchema, type StipMessage } from '../../shared/protocol';

/** Collects Stip's own messages (type 100) a provider receives; connect it with `stip: '1'`. */
export function collectStipMessages(provider: WebsocketProvider): StipMessage[] {
  const received: StipMessage[] = [];
  provider.messageHandlers[MessageType.stip] = (_encoder, decoder) => {
    received.push(stipMessageSchema.parse(JSON.parse(decoding.readVarString(decoder))));
  };
  return received;
}
