import { useEffect, useState } from 'react';

/**
 * True after `ms` without the mouse, touch or Tab: the projector's controls fade out then. The
 * projector's own keys (1-4, 0, F) do not bring them back: the room would see them flash.
 */
export function useIdle(ms: number): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    let timer = setTimeout(() => setIdle(true), ms);
    const wake = (event: Event) => {
      if (event instanceof KeyboardEvent && event.key !== 'Tab') return;
      setIdle(false);
      clearTimeout(timer);
      timer = setTimeout(() => setIdle(true), ms);
    };
    const events = ['pointermove', 'pointerdown', 'keydown', 'touchstart'] as const;
    for (const name of events) window.addEventListener(name, wake, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const name of events) window.removeEventListener(name, wake);
    };
  }, [ms]);
  return idle;
}
