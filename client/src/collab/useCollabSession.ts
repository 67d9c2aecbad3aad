import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import { FINAL_CLOSE_CODES, MessageType, stipMessageSchema, type Role } from '../../../shared/protocol';
import { ServerClock } from '../session/ServerClock';

export type ConnectionStatus = 'connected' | 'connecting' | 'offline';

export interface CollabSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The server's clock (for the shared timer), from its `time` messages. */
  clock: ServerClock;
}

export interface CollabState {
  session: CollabSession | null;
  status: ConnectionStatus;
  /** Set when the server closed the connection for good (44xx); the provider has stopped. */
  closedCode: number | null;
  /** The role the server says this connection has (Stip message type 100). */
  serverRole: { role: Role; locked: boolean } | null;
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

  useEffect(() => {
    if (!token) return undefined;
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(collabUrl(), id, doc, {
      params: { token, stip: '1' },
      // The server's verdict (bad token, deleted canvas, too large) does not change by retrying.
      shouldReconnect: (event) => !FINAL_CLOSE_CODES.has(event.code),
    });
    const clock = new ServerClock();
    const detachClock = clock.attach(provider);
    provider.messageHandlers[MessageType.stip] = (_encoder, decoder) => {
      try {
        const message = stipMessageSchema.parse(JSON.parse(decoding.readVarString(decoder)));
        if (message.type === 'role') setServerRole({ role: message.role, locked: message.locked });
        if (message.type === 'time') clock.receive(message);
      } catch {
        // A message we do not understand (a newer server): ignore it, keep the connection.
      }
    };
    const onStatus = ({ status: next }: { status: 'connected' | 'connecting' | 'disconnected' }) => {
      setStatus(navigator.onLine === false ? 'offline' : next === 'connected' ? 'connected' : 'connecting');
    };
    // Emitted after a close that shouldReconnect refused; the provider has already stopped.
    let final = false;
    const onClosed = (event: { code: number }) => {
      final = true;
      provider.shouldConnect = false;
      setClosedCode(event.code);
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
    provider.on('closed', onClosed);
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    if (navigator.onLine === false) onOffline();
    setSession({ doc, provider, clock });
    return () => {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      provider.off('status', onStatus);
      provider.off('closed', onClosed);
      detachClock();
      provider.destroy();
      doc.destroy();
      setSession(null);
    };
  }, [id, token]);

  return { session, status, closedCode, serverRole };
}
