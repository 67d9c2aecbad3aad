import { describe, expect, it } from 'vitest';
import { Cooldowns } from './Cooldowns';

describe('Cooldowns', () => {
  const options = { firstMs: 1000, maxMs: 8000, forgetAfterMs: 60_000, maxEntries: 3 };

  it('doubles the wait with each strike up to the maximum, and counts down', () => {
    const cooldowns = new Cooldowns(options);
    const waits = [0, 1, 2, 3, 4, 5].map((i) => cooldowns.strike('a', i * 10));
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(cooldowns.remaining('a', 50)).toBe(8000);
    expect(cooldowns.remaining('a', 8050)).toBe(0);
    expect(cooldowns.remaining('b', 50)).toBe(0);
  });

  it('forgives a key after a quiet spell', () => {
    const cooldowns = new Cooldowns(options);
    cooldowns.strike('a', 0);
    cooldowns.strike('a', 1);
    expect(cooldowns.strike('a', 70_000)).toBe(1000);
  });

  it('keeps at most maxEntries keys, dropping the oldest', () => {
    const cooldowns = new Cooldowns(options);
    for (const key of ['a', 'b', 'c', 'd']) cooldowns.strike(key, 0);
    expect(cooldowns.remaining('a', 1)).toBe(0);
    expect(cooldowns.remaining('d', 1)).toBe(999);
  });
});
