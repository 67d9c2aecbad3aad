export interface WindowOptions {
  /** Hits a key may have within `windowMs`. */
  limit: number;
  windowMs: number;
  /** Keys kept at most; past this the key hit least recently goes first, so a scan of addresses cannot grow the map. */
  maxKeys: number;
}

/**
 * Hits per key (a client address, a canvas) within the last `windowMs`: a sliding window, kept as
 * the times of each key's hits in the window (at most `limit` of them), in this process's memory.
 * Keys are ordered by their last hit; a key whose hits have all left the window is dropped when
 * it comes to the front, and past `maxKeys` the front goes anyway.
 */
export class WindowCounter {
  private readonly hits = new Map<string, number[]>();

  constructor(readonly options: WindowOptions) {}

  /** Milliseconds until `key` may have one more hit; 0 when it may now. Counts nothing. */
  wait(key: string, now = Date.now()): number {
    const times = this.inWindow(key, now);
    if (times.length < this.options.limit) return 0;
    return times[times.length - this.options.limit]! + this.options.windowMs - now;
  }

  /** Counts a hit for `key` (the caller has seen `wait` say 0). */
  take(key: string, now = Date.now()): void {
    const times = this.inWindow(key, now);
    times.push(now);
    if (times.length > this.options.limit) times.splice(0, times.length - this.options.limit);
    // Delete first so the key moves to the end of the insertion order (the most recent).
    this.hits.delete(key);
    this.hits.set(key, times);
    this.prune(now);
  }

  /** Keys held now (for tests of the bound). */
  get size(): number {
    return this.hits.size;
  }

  private inWindow(key: string, now: number): number[] {
    const times = this.hits.get(key) ?? [];
    const since = now - this.options.windowMs;
    let expired = 0;
    while (expired < times.length && times[expired]! <= since) expired++;
    if (expired > 0) times.splice(0, expired);
    return times;
  }

  private prune(now: number): void {
    const since = now - this.options.windowMs;
    for (const [key, times] of this.hits) {
      const stale = times.length === 0 || times[times.length - 1]! <= since;
      if (!stale && this.hits.size <= this.options.maxKeys) return;
      this.hits.delete(key);
    }
  }
}
