import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sessionMap } from './docLayout';
import {
  MAX_TIMER_MS,
  formatRemaining,
  pauseTimer,
  readSpotlight,
  readTimer,
  resumeTimer,
  setSpotlight,
  startTimer,
  stopTimer,
  timerRemaining,
} from './session';

describe('the spotlight', () => {
  it('is a zone or the whole page, and reads anything else as the whole page', () => {
    const doc = new Y.Doc();
    expect(readSpotlight(doc)).toBeNull();
    setSpotlight(doc, 'obstacles');
    expect(readSpotlight(doc)).toBe('obstacles');
    setSpotlight(doc, null);
    expect(readSpotlight(doc)).toBeNull();
    sessionMap(doc).set('spotlight', '<script>');
    expect(readSpotlight(doc)).toBeNull();
  });

  it('travels to another document like any change', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    setSpotlight(a, 'actions');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readSpotlight(b)).toBe('actions');
  });
});

describe('the timer', () => {
  const T0 = 1_700_000_000_000;

  it.each([
    // [started with, read at (ms after start), remaining]
    [5 * 60_000, 0, 5 * 60_000],
    [5 * 60_000, 61_500, 238_500],
    [10 * 60_000, 10 * 60_000, 0],
    [10 * 60_000, 11 * 60_000, 0],
  ])('started with %i ms, read %i ms later, has %i ms left', (duration, after, left) => {
    const doc = new Y.Doc();
    startTimer(doc, duration, T0);
    expect(timerRemaining(readTimer(doc)!, T0 + after)).toBe(left);
  });

  it('keeps the remaining time while paused and counts on from there after resuming', () => {
    const doc = new Y.Doc();
    startTimer(doc, 5 * 60_000, T0);
    pauseTimer(doc, T0 + 60_000);
    expect(readTimer(doc)).toEqual({ status: 'paused', durationMs: 300_000, remainingMs: 240_000 });
    // A paused timer shows the same whenever it is read.
    expect(timerRemaining(readTimer(doc)!, T0 + 10 * 60_000)).toBe(240_000);
    resumeTimer(doc, T0 + 20 * 60_000);
    expect(timerRemaining(readTimer(doc)!, T0 + 20 * 60_000 + 40_000)).toBe(200_000);
    stopTimer(doc);
    expect(readTimer(doc)).toBeNull();
  });

  it('ignores pause on a paused timer and resume on a running one', () => {
    const doc = new Y.Doc();
    startTimer(doc, 60_000, T0);
    resumeTimer(doc, T0 + 30_000);
    expect(readTimer(doc)).toMatchObject({ status: 'running', endsAt: T0 + 60_000 });
    pauseTimer(doc, T0 + 10_000);
    pauseTimer(doc, T0 + 50_000);
    expect(readTimer(doc)).toMatchObject({ status: 'paused', remainingMs: 50_000 });
  });

  it('clamps a custom duration to 1 s - 3 h and reads malformed state as no timer', () => {
    const doc = new Y.Doc();
    startTimer(doc, 10 * MAX_TIMER_MS, T0);
    expect(readTimer(doc)).toMatchObject({ durationMs: MAX_TIMER_MS });
    startTimer(doc, -5, T0);
    expect(readTimer(doc)).toMatchObject({ durationMs: 1000 });
    sessionMap(doc).set('timer', { status: 'running', durationMs: 'soon', endsAt: 1 });
    expect(readTimer(doc)).toBeNull();
  });

  it.each([
    [0, '0:00'],
    [200, '0:01'],
    [1000, '0:01'],
    [1001, '0:02'],
    [59_000, '0:59'],
    [5 * 60_000, '5:00'],
    [61 * 60_000 + 5000, '1:01:05'],
  ])('shows %i ms as %s', (ms, text) => {
    expect(formatRemaining(ms)).toBe(text);
  });
});
