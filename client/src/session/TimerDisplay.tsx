import { useEffect, useRef } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import { formatRemaining, type TimerState } from '../../../shared/session';
import { playChime } from './chime';
import { useCountdown } from './useCountdown';
import type { ServerClock } from './ServerClock';

interface Props {
  timer: TimerState;
  clock: ServerClock;
  /** Play the gentle sound at zero (the projector; not a dozen laptops at once). */
  chime?: boolean;
  className?: string;
}

/** The shared countdown: "m:ss" by the server's clock; at zero it says so, calmly. */
export function TimerDisplay({ timer, clock, chime = false, className = '' }: Props) {
  const { t } = useTranslation();
  const remaining = useCountdown(timer, clock) ?? 0;
  const done = timer.status === 'running' && remaining === 0;
  const state = timer.status === 'paused' ? 'paused' : done ? 'done' : 'running';
  const wasRunning = useRef(false);
  useEffect(() => {
    // Only a countdown seen running reaches zero here: opening the page later stays silent.
    if (state === 'running') wasRunning.current = true;
    else if (state === 'done' && wasRunning.current) {
      wasRunning.current = false;
      if (chime) playChime();
    } else wasRunning.current = false;
  }, [state, chime]);
  return (
    <div className={`timer timer--${state} ${className}`} data-state={state} data-testid="timer">
      <span className="timer__label">{done ? t('timerDone') : state === 'paused' ? t('timerPaused') : t('timer')}</span>
      <span className="timer__time" role="timer" aria-label={t('timerLeft', { time: formatRemaining(remaining) })} data-remaining-ms={Math.round(remaining)}>
        {formatRemaining(remaining)}
      </span>
    </div>
  );
}
