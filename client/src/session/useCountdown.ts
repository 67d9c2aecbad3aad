import { useEffect, useState } from 'react';
import { timerRemaining, type TimerState } from '../../../shared/session';
import type { ServerClock } from './ServerClock';

/**
 * Milliseconds left on the shared timer by the server's clock, updated a few times a second
 * while it runs (so the shown second changes within a quarter second of every other screen's).
 */
export function useCountdown(timer: TimerState | null, clock: ServerClock | null): number | null {
  const read = () => (timer && clock ? timerRemaining(timer, clock.now()) : null);
  const [remaining, setRemaining] = useState<number | null>(read);
  useEffect(() => {
    if (!timer || !clock) {
      setRemaining(null);
      return undefined;
    }
    const update = () => setRemaining(timerRemaining(timer, clock.now()));
    update();
    const unsubscribe = clock.subscribe(update);
    const interval = timer.status === 'running' ? setInterval(update, 250) : undefined;
    return () => {
      unsubscribe();
      if (interval) clearInterval(interval);
    };
  }, [timer, clock]);
  return remaining;
}
