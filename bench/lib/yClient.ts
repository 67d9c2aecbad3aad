import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';

// Every provider adds a process 'exit' listener; a thousand of them are expected here.
process.setMaxListeners(0);

export interface BenchClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Resolves with performance.now() at the first 'sync' event. */
  readonly synced: Promise<number>;
  /** performance.now() when the provider was created (the connect started). */
  readonly startedAt: number;
  destroy(): void;
}

/**
 * A real y-websocket 3 client in Node: `${wsBase}/${room}?token=...` (the token only when
 * given), no BroadcastChannel, no reconnect surprises hidden (reconnects are counted by the caller).
 */
export function connectClient(wsBase: string, room: string, token?: string, doc = new Y.Doc()): BenchClient {
  const startedAt = performance.now();
  const provider = new WebsocketProvider(wsBase, room, doc, {
    params: token ? { token } : {},
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const synced = new Promise<number>((resolve) => {
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      provider.off('sync', onSync);
      resolve(performance.now());
    };
    provider.on('sync', onSync);
  });
  return {
    doc,
    provider,
    synced,
    startedAt,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves when `promise` does, or rejects after `ms` saying what did not happen. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
