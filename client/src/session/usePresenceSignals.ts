import { useEffect, type RefObject } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { AWARENESS_AWAY, AWARENESS_ZONE } from '../collab/useAwarenessUsers';

/** "Away" after this long without a key, click, touch or pointer move in the page. */
export const AWAY_AFTER_MS = 3 * 60_000;

/**
 * Publishes in awareness which zone this person is in (the zone holding the focus), so the
 * others see a marker there, and whether they are away (no activity for AWAY_AFTER_MS).
 */
export function usePresenceSignals(pageRef: RefObject<HTMLElement | null>, provider: WebsocketProvider, enabled: boolean): void {
  useEffect(() => {
    const page = pageRef.current;
    if (!enabled || !page) return undefined;
    const awareness = provider.awareness;
    const zoneOf = (target: EventTarget | null) =>
      target instanceof Element ? (target.closest('[data-zone]') as HTMLElement | null)?.dataset.zone ?? null : null;
    // The zone last worked in stays yours while you use the toolbar or the top bar; the title
    // (outside every zone) or another zone changes it.
    const onFocusIn = (event: FocusEvent) => {
      const zone = zoneOf(event.target);
      if (awareness.getLocalState()?.[AWARENESS_ZONE] !== zone) awareness.setLocalStateField(AWARENESS_ZONE, zone);
    };
    page.addEventListener('focusin', onFocusIn);

    let away = false;
    let lastActive = Date.now();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const goAway = () => {
      away = true;
      awareness.setLocalStateField(AWARENESS_AWAY, true);
    };
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(goAway, AWAY_AFTER_MS);
    };
    const onActivity = () => {
      const now = Date.now();
      if (away) {
        away = false;
        awareness.setLocalStateField(AWARENESS_AWAY, false);
      } else if (now - lastActive < 1000) {
        return; // pointer moves come in floods: once a second is enough
      }
      lastActive = now;
      schedule();
    };
    const events = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'focusin'] as const;
    for (const name of events) window.addEventListener(name, onActivity, { passive: true, capture: true });
    schedule();
    return () => {
      page.removeEventListener('focusin', onFocusIn);
      for (const name of events) window.removeEventListener(name, onActivity, { capture: true });
      if (timer) clearTimeout(timer);
    };
  }, [pageRef, provider, enabled]);
}
