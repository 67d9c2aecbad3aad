import { describe, expect, it } from 'vitest';
import { RateLimiter } from './RateLimiter';

describe('RateLimiter', () => {
  const limits = { messagesPerSecond: 10, messageBurst: 20, bytesPerSecond: 1000, byteBurst: 2000 };

  it('allows a burst, then refuses until time refills the bucket', () => {
    const limiter = new RateLimiter(limits, 0);
    for (let i = 0; i < 20; i++) expect(limiter.take(10, 0)).toBe(true);
    expect(limiter.take(10, 0)).toBe(false);
    expect(limiter.take(10, 1000)).toBe(true);
  });

  it('refuses a byte flood even at a low message rate', () => {
    const limiter = new RateLimiter(limits, 0);
    expect(limiter.take(1500, 0)).toBe(true);
    expect(limiter.take(1500, 100)).toBe(false);
  });

  it('lets a steady typist through forever', () => {
    const limiter = new RateLimiter(limits, 0);
    for (let t = 0; t < 60_000; t += 125) expect(limiter.take(40, t)).toBe(true);
  });

  it('starts a new connection with the smaller allowance and lets it earn the full burst', () => {
    const slow = { ...limits, messageStart: 5, byteStart: 1000 };
    const fresh = new RateLimiter(slow, 0);
    for (let i = 0; i < 5; i++) expect(fresh.take(10, 0)).toBe(true);
    expect(fresh.take(10, 0)).toBe(false);
    const rested = new RateLimiter(slow, 0);
    for (let i = 0; i < 20; i++) expect(rested.take(10, 10_000)).toBe(true);
    expect(new RateLimiter(slow, 0).take(1500, 0)).toBe(false);
  });
});
