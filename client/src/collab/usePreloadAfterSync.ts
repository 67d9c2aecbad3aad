import { useEffect } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { whenIdle } from '../lib/lazyComponent';

const SETTLE_MS = 1000;

/**
 * Runs `preload` (fetching the code of what a click may open next) a second after the canvas
 * is synced, once the browser is idle: after the editor is ready, never in the way of getting it ready.
 * `preload` should be a module-level function, so it is not re-subscribed on every render.
 */
export function usePreloadAfterSync(provider: WebsocketProvider | null, preload: () => void): void {
  useEffect(() => {
    if (!provider) return undefined;
    let cancel = () => {};
    const onSync = (synced: boolean) => {
      if (!synced) return;
      provider.off('sync', onSync);
      // The first frames after sync fill and render the canvas: the preloads wait until
      // those are done, then for idle time.
      const timer = setTimeout(() => {
        cancel = whenIdle(preload);
      }, SETTLE_MS);
      cancel = () => clearTimeout(timer);
    };
    if (provider.synced) onSync(true);
    else provider.on('sync', onSync);
    return () => {
      provider.off('sync', onSync);
      cancel();
    };
  }, [provider, preload]);
}
