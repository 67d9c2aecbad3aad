import { describe, expect, it } from 'vitest';
import { bestOffset, sampleOffset } from './clockOffset';

describe('the offset to the server clock', () => {
  it.each([
    // [sentAt, serverNow, receivedAt, offset, error]
    [1000, 1050, 1100, 0, 50],
    // This laptop runs five minutes fast: the server answers "five minutes ago".
    [300_000 + 1000, 1040, 300_000 + 1080, -300_000, 40],
    [5000, 65_000, 5000, 60_000, 0],
  ])('sent %i, server said %i, back at %i: offset %i ± %i', (sentAt, serverNow, receivedAt, offset, error) => {
    expect(sampleOffset({ sentAt, serverNow, receivedAt })).toEqual({ offset, error });
  });

  it('takes the sample with the shortest round trip: a slow answer is late, not early', () => {
    const samples = [
      { sentAt: 0, serverNow: 900, receivedAt: 1000 }, // round trip 1000: offset 400
      { sentAt: 2000, serverNow: 2010, receivedAt: 2020 }, // round trip 20: offset 0
      { sentAt: 3000, serverNow: 3500, receivedAt: 3600 }, // round trip 600
    ];
    expect(bestOffset(samples)).toBe(0);
  });

  it('uses the unasked reading on joining only until a measured one exists', () => {
    const joined = { sentAt: null, serverNow: 10_000, receivedAt: 310_000 };
    expect(bestOffset([joined])).toBe(-300_000);
    expect(bestOffset([joined, { sentAt: 311_000, serverNow: 11_050, receivedAt: 311_100 }])).toBe(-300_000);
    expect(bestOffset([joined, { sentAt: 311_000, serverNow: 11_100, receivedAt: 311_100 }])).toBe(-299_950);
    expect(bestOffset([])).toBeNull();
  });
});
