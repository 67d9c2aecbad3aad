import { useState, type FormEvent } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import type * as Y from 'yjs';
import { MAX_TIMER_MS, pauseTimer, resumeTimer, startTimer, stopTimer, type TimerState } from '../../../shared/session';
import type { ServerClock } from './ServerClock';
import { escapeCancels } from '../lib/escapeCancels';

const PRESETS = [5, 10, 15] as const;
const MAX_MINUTES = MAX_TIMER_MS / 60_000;

interface Props {
  doc: Y.Doc;
  clock: ServerClock;
  timer: TimerState | null;
}

/** The facilitator's timer buttons: 5, 10, 15 minutes or another number; pause, resume, stop. */
export function TimerControls({ doc, clock, timer }: Props) {
  const { t } = useTranslation();
  const [custom, setCustom] = useState<string | null>(null);
  const start = (minutes: number) => startTimer(doc, minutes * 60_000, clock.now());
  const submitCustom = (event: FormEvent) => {
    event.preventDefault();
    const minutes = Number(custom);
    if (!Number.isFinite(minutes) || minutes < 1 || minutes > MAX_MINUTES) return;
    start(minutes);
    setCustom(null);
  };
  return (
    <div className="timer-controls" role="group" aria-label={t('timerControls')} data-testid="timer-controls">
      {PRESETS.map((minutes) => (
        <button key={minutes} type="button" className="chip" onClick={() => start(minutes)} aria-label={t('timerStartMinutes', { count: minutes })} data-testid={`timer-start-${minutes}`}>
          {t('timerMinutes', { count: minutes })}
        </button>
      ))}
      {custom === null ? (
        <button type="button" className="chip" onClick={() => setCustom('20')} aria-expanded="false">
          {t('timerCustom')}
        </button>
      ) : (
        <form className="timer-controls__custom" onSubmit={submitCustom}>
          <label className="visually-hidden" htmlFor="timer-custom-minutes">
            {t('timerCustomLabel', { max: MAX_MINUTES })}
          </label>
          <input
            id="timer-custom-minutes"
            className="field field--small"
            type="number"
            min={1}
            max={MAX_MINUTES}
            step={1}
            value={custom}
            autoFocus
            onChange={(event) => setCustom(event.target.value)}
            onKeyDown={escapeCancels(() => setCustom(null))}
          />
          <button type="submit" className="chip chip--primary">
            {t('timerStart')}
          </button>
        </form>
      )}
      {timer ? (
        <>
          {timer.status === 'running' ? (
            <button type="button" className="chip" onClick={() => pauseTimer(doc, clock.now())} data-testid="timer-pause">
              {t('timerPause')}
            </button>
          ) : (
            <button type="button" className="chip" onClick={() => resumeTimer(doc, clock.now())} data-testid="timer-resume">
              {t('timerResume')}
            </button>
          )}
          <button type="button" className="chip" onClick={() => stopTimer(doc)} data-testid="timer-stop">
            {t('timerStop')}
          </button>
        </>
      ) : null}
    </div>
  );
}
