import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import { CloseCode, FINAL_CLOSE_CODES, MessageType, type Role } from '../../../shared/protocol';
import { readStipMessage } from '../../../shared/stipMessages';
import { StoredTracker } from '../../../shared/storedTracker';
import { RoundsChannel } from '../rounds/RoundsChannel';
import { readTypingFirst } from '../editor/pendingTyping';
import { ServerClock } from '../session/ServerClock';

export type ConnectionStatus = 'connected' | 'connecting' | 'offline';

export interface CollabSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The server's clock (for the shared timer), from its `time` messages. */
  clock: ServerClock;
  /** The workshop rounds: the server's views of them, and the way to send commands. */
  rounds: RoundsChannel;
}

export interface CollabState {
  session: CollabSession | null;
  status: ConnectionStatus;
  /** Set when the server closed the connection for good (44xx); the provider has stopped. */
  closedCode: number | null;
  /** The role the server says this connection has (Stip message type 100). */
  serverRole: { role: Role; locked: boolean } | null;
  /**
   * Changes made here (typed, or kept in IndexedDB from an earlier visit) that the server has
   * not confirmed it stored (Stip's `stored` message): never merely "the socket is open".
   */
  unstored: boolean;
  /** The server confirmed that this device's whole document is stored. */
  stored: boolean;
  /** The server's latest refusal of a change made here (it took the change back), if any. */
  refusal: Refusal | null;
  /** The server cannot store now (a full disk) and keeps trying; edits stay on this device. */
  serverCannotStore: boolean;
}

/** Why the server took a change back, and when the page heard of it (to show it anew). */
export interface Refusal {
  reason: 'locked' | 'facilitatorOnly' | 'invalidStyle';
  at: number;
}

/** The IndexedDB database that keeps a canvas on this device between visits and offline. */
export const localDatabaseName = (id: string) => `stip-canvas-${id}`;

/**
 * A WebSocket class for y-websocket that tells `tracker` about each new socket and each frame
 * it sends, so the client knows which changes the server has confirmed storing.
 */
function trackingWebSocket(tracker: StoredTracker, changed: () => void): typeof WebSocket {
  return class TrackedWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      tracker.socketOpened();
      changed();
    }

    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      super.send(data);
      if (data instanceof Uint8Array) {
        tracker.sent(data);
        changed();
      }
    }
  };
}

function collabUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}/collab`;
}

/**
 * One Y.Doc and its y-websocket provider for a canvas, alive as long as the component using
 * it. Everything subscribed here is unsubscribed and destroyed on unmount.
 */
export function useCollabSession(id: string, token: string | null): CollabState {
  const [session, setSession] = useState<CollabSession | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [closedCode, setClosedCode] = useState<number | null>(null);
  const [serverRole, setServerRole] = useState<CollabState['serverRole']>(null);
  const [saved, setSaved] = useState({ unstored: false, stored: false });
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [serverCannotStore, setServerCannotStore] = useState(false);

  useEffect(() => {
    if (!token) return undefined;
    const doc = new Y.Doc();
    const tracker = new StoredTracker();
    let unstored = false;
    const report = () => {
      const stored = tracker.allStored;
      if (stored) unstored = false;
      setSaved((previous) => (previous.stored === stored && previous.unstored === unstored ? previous : { stored, unstored }));
    };
    const provider = new WebsocketProvider(collabUrl(), id, doc, {
      params: { token, stip: '1' },
      // The server's verdict (bad token, deleted canvas, too large) does not change by retrying.
      shouldReconnect: (event) => !FINAL_CLOSE_CODES.has(event.code),
      WebSocketPolyfill: trackingWebSocket(tracker, report),
    });
    // What is typed here survives a closed tab, a reload offline and a crash of the browser; it
    // reaches the server with the next sync (the step 2 that answers the server's step 1).
    const local = new IndexeddbPersistence(localDatabaseName(id), doc);
    // Every change not from the server is ours to store: typed, or read back from IndexedDB.
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === provider) return;
      unstored = true;
      tracker.changedLocally(provider.wsconnected && provider.ws?.readyState === WebSocket.OPEN);
      report();
    };
    doc.on('update', onUpdate);
    const clock = new ServerClock();
    const detachClock = clock.attach(provider);
    const rounds = new RoundsChannel(provider);
    provider.messageHandlers[MessageType.stip] = (_encoder, decoder) => {
      const read = readStipMessage(decoder);
      // A message we do not understand (a newer server): ignore it, keep the connection.
      if (!read.ok) return;
      const message = read.message;
      if (message.type === 'role') setServerRole({ role: message.role, locked: message.locked });
      if (message.type === 'time') clock.receive(message);
      if (message.type === 'refused') setRefusal({ reason: message.reason, at: Date.now() });
      if (message.type === 'storage') setServerCannotStore(message.failing);
      if (message.type === 'rounds' || message.type === 'round:refused') rounds.receive(message);
      if (message.type === 'stored') {
        tracker.stored(message.clock);
        report();
      }
    };
    // Before any message (a remote change, a remote caret, the server's word) is handled, the
    // editors read what their person typed and they have not read yet (see readTypingFirst).
    provider.messageHandlers = provider.messageHandlers.map((handle) => (...args: Parameters<typeof handle>) => {
      readTypingFirst(doc);
      handle(...args);
    });
    const onStatus = ({ status: next }: { status: 'connected' | 'connecting' | 'disconnected' }) => {
      // A server that still cannot store says so again as the next connection joins.
      if (next !== 'connected') setServerCannotStore(false);
      setStatus(navigator.onLine === false ? 'offline' : next === 'connected' ? 'connected' : 'connecting');
    };
    // Emitted after a close that shouldReconnect refused; the provider has already stopped.
    let final = false;
    const onClosed = (event: { code: number }) => {
      final = true;
      provider.shouldConnect = false;
      setClosedCode(event.code);
      // A deleted canvas is gone for everyone: this device forgets its copy too.
      if (event.code === CloseCode.notFound.code) void local.clearData();
    };
    // y-websocket does not listen for `offline`, and a stalled socket can look open for 30 s.
    const onOffline = () => {
      provider.disconnect();
      setStatus('offline');
    };
    const onOnline = () => {
      if (final) return;
      setStatus('connecting');
      provider.connect();
    };
    provider.on('status', onStatus);
    provider.on('status', rounds.onStatus);
    provider.on('closed', onClosed);
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    if (navigator.onLine === false) onOffline();
    setSession({ doc, provider, clock, rounds });
    return () => {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      provider.off('status', onStatus);
      provider.off('status', rounds.onStatus);
      provider.off('closed', onClosed);
      detachClock();
      doc.off('update', onUpdate);
      provider.destroy();
      void local.destroy();
      doc.destroy();
      setSession(null);
    };
  }, [id, token]);

  return { session, status, closedCode, serverRole, refusal, serverCannotStore, ...saved };
}
