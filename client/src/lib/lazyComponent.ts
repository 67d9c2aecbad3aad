import { createElement, lazy, type ComponentType, type FunctionComponent } from 'react';

/** A lazy chunk that did not arrive (offline before the service worker had it, a dropped request). */
export class ChunkLoadFailure extends Error {
  constructor(cause: unknown) {
    super('A part of the app could not be loaded.', { cause });
  }
}

export type LazyComponent<P extends object> = FunctionComponent<P> & {
  /** Fetches the chunk ahead of need (hover, focus, idle time); calling it again costs nothing. */
  preload: () => void;
};

/** Lazy components whose chunk failed: each gets a fresh React.lazy on retryFailedChunks(). */
const failed = new Set<() => void>();

/**
 * Gives every lazy component whose chunk did not arrive a new attempt at its next mount. A
 * ChunkBoundary calls it once it has caught the failure: not earlier, as React renders a
 * suspended component again before it gives up, and a new attempt there would loop.
 */
export function retryFailedChunks(): void {
  for (const reset of failed) reset();
  failed.clear();
}

/**
 * React.lazy for a named export, with `preload()`. It suspends while its chunk loads; a chunk
 * that does not arrive throws a ChunkLoadFailure (for a ChunkBoundary), and the next mount after
 * retryFailedChunks() tries again instead of failing for good as a bare React.lazy would.
 */
export function lazyComponent<K extends string, P extends object>(load: () => Promise<Record<K, ComponentType<P>>>, name: K): LazyComponent<P> {
  let loading: Promise<Record<K, ComponentType<P>>> | null = null;
  const reset = () => {
    current = fresh();
  };
  const start = () => {
    loading ??= load().catch((cause: unknown) => {
      loading = null;
      failed.add(reset);
      throw new ChunkLoadFailure(cause);
    });
    return loading;
  };
  const fresh = () => lazy<ComponentType<P>>(() => start().then((module) => ({ default: module[name] })));
  let current = fresh();
  function Lazy(props: P) {
    return createElement(current, props);
  }
  return Object.assign(Lazy, {
    preload: () => {
      start().catch(() => undefined);
    },
  });
}

/** Runs `work` once the browser is idle (a second later where there is no requestIdleCallback). */
export function whenIdle(work: () => void): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(work, { timeout: 5000 });
    return () => window.cancelIdleCallback(handle);
  }
  const timer = setTimeout(work, 1000);
  return () => clearTimeout(timer);
}
