import { describe, expect, it } from 'vitest';
import { SlicedQueue } from './SlicedQueue';

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('SlicedQueue', () => {
  it('works off a burst over several turns, each within its budget, in order', async () => {
    const handled: number[] = [];
    const perTurn: number[] = [];
    let inTurn = 0;
    const queue = new SlicedQueue<number>(4, (n) => {
      const until = performance.now() + 1;
      while (performance.now() < until) {
        // one millisecond of work per item
      }
      handled.push(n);
      inTurn += 1;
    });
    for (let i = 0; i < 40; i++) queue.push(i);
    expect(handled).toEqual([]);
    while (queue.size > 0) {
      await nextTurn();
      perTurn.push(inTurn);
      inTurn = 0;
    }
    expect(handled).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(perTurn.length).toBeGreaterThanOrEqual(8);
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(5);
  });

  it('returns what is left when closed and handles nothing more', async () => {
    const handled: number[] = [];
    const queue = new SlicedQueue<number>(4, (n) => handled.push(n));
    queue.push(1);
    queue.push(2);
    expect(queue.close()).toEqual([1, 2]);
    await nextTurn();
    expect(handled).toEqual([]);
    expect(queue.size).toBe(0);
  });
});
