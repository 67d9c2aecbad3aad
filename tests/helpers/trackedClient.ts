import WebSocket from 'ws';
import { MessageType, type StipMessage } from '../../shared/protocol';
import { StoredTracker } from '../../shared/storedTracker';
import { connectClient, type CollabClient } from './collabClient';
import { readStipMessageOrThrow } from './stipMessages';

export interface TrackedClient extends CollabClient {
  tracker: StoredTracker;
  /** Every Stip message (type 100) received, in order. */
  stipMessages: StipMessage[];
  /** Called with each `stored` clock as it arrives (before the tracker is told). */
  onStored?: (clock: number) => void;
}

/**
 * A y-websocket client with `stip=1` whose sent frames and `stored` confirmations feed a
 * StoredTracker, as the browser's session does.
 */
export function connectTrackedClient(baseUrl: string, id: string, token: string): TrackedClient {
  const tracker = new StoredTracker();
  class TrackedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      tracker.socketOpened();
    }

    override send(data: unknown, ...rest: unknown[]): void {
      if (data instanceof Uint8Array) tracker.sent(data);
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  const client = connectClient(baseUrl, id, token, { params: { stip: '1' }, WebSocketPolyfill: TrackedWebSocket });
  const tracked: TrackedClient = Object.assign(client, { tracker, stipMessages: [] as StipMessage[] });
  client.doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin !== client.provider) tracker.changedLocally(client.provider.wsconnected);
  });
  client.provider.messageHandlers[MessageType.stip] = (_encoder, decoder) => {
    const message = readStipMessageOrThrow(decoder);
    tracked.stipMessages.push(message);
    if (message.type === 'stored') {
      tracked.onStored?.(message.clock);
      tracker.stored(message.clock);
    }
  };
  return tracked;
}
