import type * as Y from 'yjs';
import * as z from 'zod/mini';
import { ZONE_KEYS, sessionMap, type ZoneKey } from './docLayout';

/**
 * The workshop's live state in the shared document (the `session` map): which zone is in the
 * spotlight, and the countdown. Times are the server's clock (ms since the epoch), so every
 * screen computes the same remaining time whatever its own clock says.
 */

/** A countdown is at most three hours (the custom field allows 1-180 minutes). */
export const MAX_TIMER_MS = 180 * 60_000;

const durationSchema = z.int().check(z.positive(), z.maximum(MAX_TIMER_MS));

export const timerSchema = z.discriminatedUnion('status', [
  /** Counting down to `endsAt` (server time). */
  z.object({ status: z.literal('running'), durationMs: durationSchema, endsAt: z.number() }),
  /** Paused with `remainingMs` left. */
  z.object({ status: z.literal('paused'), durationMs: durationSchema, remainingMs: z.int().check(z.minimum(0), z.maximum(MAX_TIMER_MS)) }),
]);
export type TimerState = z.infer<typeof timerSchema>;

const zoneSchema = z.enum(ZONE_KEYS);

/** The spotlighted zone, or null for the whole page (anything unexpected reads as null). */
export function readSpotlight(doc: Y.Doc): ZoneKey | null {
  const parsed = zoneSchema.safeParse(sessionMap(doc).get('spotlight'));
  return parsed.success ? parsed.data : null;
}

export function setSpotlight(doc: Y.Doc, zone: ZoneKey | null): void {
  const map = sessionMap(doc);
  if (zone === null) map.delete('spotlight');
  else if (map.get('spotlight') !== zone) map.set('spotlight', zone);
}

/** The countdown, or null when there is none (anything malformed reads as none). */
export function readTimer(doc: Y.Doc): TimerState | null {
  const parsed = timerSchema.safeParse(sessionMap(doc).get('timer'));
  return parsed.success ? parsed.data : null;
}

function writeTimer(doc: Y.Doc, timer: TimerState | null): void {
  const map = sessionMap(doc);
  if (timer === null) map.delete('timer');
  else map.set('timer', timer);
}

/** Starts (or restarts) a countdown of `durationMs` from `serverNow`. */
export function startTimer(doc: Y.Doc, durationMs: number, serverNow: number): void {
  const duration = Math.round(Math.min(Math.max(durationMs, 1000), MAX_TIMER_MS));
  writeTimer(doc, { status: 'running', durationMs: duration, endsAt: serverNow + duration });
}

export function pauseTimer(doc: Y.Doc, serverNow: number): void {
  const timer = readTimer(doc);
  if (timer?.status !== 'running') return;
  writeTimer(doc, { status: 'paused', durationMs: timer.durationMs, remainingMs: Math.round(timerRemaining(timer, serverNow)) });
}

export function resumeTimer(doc: Y.Doc, serverNow: number): void {
  const timer = readTimer(doc);
  if (timer?.status !== 'paused') return;
  writeTimer(doc, { status: 'running', durationMs: timer.durationMs, endsAt: serverNow + timer.remainingMs });
}

export function stopTimer(doc: Y.Doc): void {
  writeTimer(doc, null);
}

/** Milliseconds left at `serverNow` (never below zero). */
export function timerRemaining(timer: TimerState, serverNow: number): number {
  return timer.status === 'paused' ? timer.remainingMs : Math.max(0, timer.endsAt - serverNow);
}

/** "m:ss" (or "h:mm:ss"), counting whole seconds up: 0.2 s left still shows 0:01. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}
