import { describe, expect, it } from 'vitest';
import { CreationQuotas } from './CreationQuotas';
import { TooManyCanvases, TooManyDuplicates } from './errors';
import { WindowCounter } from './WindowCounter';

describe('WindowCounter', () => {
  const hour = 3600_000;

  it('lets a key have `limit` hits in the window, then says how long until the oldest leaves it', () => {
    const counter = new WindowCounter({ limit: 3, windowMs: hour, maxKeys: 100 });
    counter.take('a', 0);
    counter.take('a', 1000);
    expect(counter.wait('a', 2000)).toBe(0);
    counter.take('a', 2000);
    expect(counter.wait('a', 2000)).toBe(hour - 2000);
    expect(counter.wait('a', hour - 1)).toBe(1);
    // The window slides: the first hit has left it, the other two have not.
    expect(counter.wait('a', hour)).toBe(0);
    counter.take('a', hour);
    expect(counter.wait('a', hour)).toBe(1000);
    expect(counter.wait('b', hour)).toBe(0);
  });

  it('keeps at most maxKeys keys, and forgets keys whose hits have left the window', () => {
    const counter = new WindowCounter({ limit: 1, windowMs: 1000, maxKeys: 3 });
    for (let i = 0; i < 10; i++) counter.take(`k${i}`, 0);
    expect(counter.size).toBe(3);
    // The most recent keys stay.
    expect(counter.wait('k9', 0)).toBe(1000);
    expect(counter.wait('k0', 0)).toBe(0);
    counter.take('late', 5000);
    expect(counter.size).toBe(1);
  });
});

describe('CreationQuotas', () => {
  const quotas = () => new CreationQuotas({ maxCanvasesPerIpPerHour: 2, maxDuplicatesPerCanvasPerHour: 1 });

  it('refuses an address past its canvases per hour, with the seconds until a slot frees', () => {
    const q = quotas();
    q.admit('10.0.0.1', undefined, 0);
    q.admit('10.0.0.1', undefined, 60_000);
    let refused: unknown;
    try {
      q.admit('10.0.0.1', undefined, 120_000);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(TooManyCanvases);
    expect((refused as TooManyCanvases).retryAfterSeconds).toBe(3600 - 120);
    expect((refused as Error).message).toMatch(/at most 2\). Try again in 58 minutes\./);
    expect(() => q.admit('10.0.0.2', undefined, 120_000)).not.toThrow();
  });

  it('refuses a second duplicate of a canvas within the hour without counting it against the address', () => {
    const q = quotas();
    q.admit('10.0.0.1', 'canvasA', 0);
    expect(() => q.admit('10.0.0.1', 'canvasA', 1000)).toThrow(TooManyDuplicates);
    // The refused duplicate took nothing: the address still has its second canvas.
    expect(() => q.admit('10.0.0.1', 'canvasB', 2000)).not.toThrow();
    expect(() => q.admit('10.0.0.1', undefined, 3000)).toThrow(TooManyCanvases);
  });
});
