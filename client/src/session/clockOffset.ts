/**
 * One reading of the server's clock: when the question left (`sentAt`, local clock; null for
 * the reading the server sends unasked on joining), the server's answer, and when it arrived.
 */
export interface ClockSample {
  sentAt: number | null;
  serverNow: number;
  receivedAt: number;
}

/** Server time minus local time, and how much that may be off by (half the round trip). */
export function sampleOffset(sample: ClockSample): { offset: number; error: number } {
  if (sample.sentAt === null) {
    // Unasked: the answer was somewhere in flight; its delay is unknown, so it counts last.
    return { offset: sample.serverNow - sample.receivedAt, error: Number.POSITIVE_INFINITY };
  }
  const roundTrip = Math.max(0, sample.receivedAt - sample.sentAt);
  return { offset: sample.serverNow - (sample.sentAt + roundTrip / 2), error: roundTrip / 2 };
}

/**
 * The offset from the most precise of the samples (the shortest round trip: a busy page or
 * network makes a reading late, never early); among equals the latest. Null with no samples.
 */
export function bestOffset(samples: readonly ClockSample[]): number | null {
  let best: { offset: number; error: number } | null = null;
  for (const sample of samples) {
    const candidate = sampleOffset(sample);
    if (!best || candidate.error <= best.error) best = candidate;
  }
  return best ? Math.round(best.offset) : null;
}
