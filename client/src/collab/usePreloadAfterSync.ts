import { useEffect } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { whenIdle } from '../lib/lazyComponent';

/**
 * Runs `preload` (fetching the code of what a click may open next) once the canvas is synced
 * and the browser is idle: after the editor is ready, never in the way of getting it ready.
 * `preload` should be a module-level function, so it is not re-subscribed on every render.
 */
export function usePreloadAfterSync(provider: WebsocketProvider | null, preload: () => void): void {
  useEffect(() => {
    if (!provider) return undefined;
    let cancel = () => {};
    const onSync = (synced: boolean) => {
      if (!synced) return;
      provider.off('sync', onSync);
      cancel = whenIdle(preload);
    };
    if (provider.synced) onSync(true);
    else provider.on('sync', onSync);
    return () => {
      provider.off('sync', onSync);
      cancel();
    };
  }, [provider, preload]);
}
