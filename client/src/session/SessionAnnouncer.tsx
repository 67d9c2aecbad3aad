import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import type { ZoneKey } from '../../../shared/docLayout';
import { formatRemaining, timerRemaining, type TimerState } from '../../../shared/session';
import type { ServerClock } from './ServerClock';
import { useCountdown } from './useCountdown';
import { useZoneHeading } from './useZoneHeading';

/**
 * Tells screen-reader users what the facilitator does (spotlight, timer started, paused,
 * stopped) and when the time is up, in a polite live region: events, never the ticking seconds.
 */
export function SessionAnnouncer({ spotlight, timer, clock }: { spotlight: ZoneKey | null; timer: TimerState | null; clock: ServerClock | null }) {
  const { t } = useTranslation();
  const heading = useZoneHeading();
  const [message, setMessage] = useState('');
  const last = useRef<{ spotlight: ZoneKey | null; timer: string | null } | null>(null);
  const remaining = useCountdown(timer, clock);
  const done = timer?.status === 'running' && remaining === 0;

  useEffect(() => {
    const timerKey = timer ? `${timer.status}:${timer.status === 'running' ? timer.endsAt : timer.remainingMs}` : null;
    const previous = last.current;
    last.current = { spotlight, timer: timerKey };
    // What is already so when the page opens is on screen; only changes are news.
    if (previous === null) return;
    if (previous.spotlight !== spotlight) setMessage(spotlight ? t('spotlightAnnounce', { zone: heading(spotlight) }) : t('spotlightOffAnnounce'));
    if (previous.timer !== timerKey) {
      if (!timer) setMessage(t('timerStoppedAnnounce'));
      else {
        const left = formatRemaining(timerRemaining(timer, clock?.now() ?? Date.now()));
        setMessage(timer.status === 'running' ? t('timerRunningAnnounce', { time: left }) : t('timerPausedAnnounce', { time: left }));
      }
    }
  }, [spotlight, timer, clock, heading, t]);

  useEffect(() => {
    if (done) setMessage(t('timerDoneAnnounce'));
  }, [done, t]);

  return (
    <div className="visually-hidden" aria-live="polite" data-testid="session-announcer">
      {message}
    </div>
  );
}
