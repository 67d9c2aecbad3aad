export interface CooldownOptions {
  /** The first cool-down; each strike within `forgetAfterMs` of the last doubles it. */
  firstMs: number;
  maxMs: number;
  forgetAfterMs: number;
  /** Oldest entries go first past this many keys, so a scan of addresses cannot grow the map. */
  maxEntries: number;
}

export const DEFAULT_COOLDOWN: CooldownOptions = { firstMs: 1000, maxMs: 30_000, forgetAfterMs: 60_000, maxEntries: 10_000 };

interface Entry {
  strikes: number;
  lastStrike: number;
  until: number;
}

/**
 * Cool-downs per key (an address and a canvas): a connection closed for flooding puts its key
 * in a cool-down that doubles with each repeat, so reconnecting at once buys a flooder nothing.
 */
export class Cooldowns {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: CooldownOptions = DEFAULT_COOLDOWN) {}

  /** Records an offence; returns how long the key now waits, in ms. */
  strike(key: string, now = Date.now()): number {
    const previous = this.entries.get(key);
    const strikes = previous && now - previous.lastStrike < this.options.forgetAfterMs ? previous.strikes + 1 : 1;
    const wait = Math.min(this.options.maxMs, this.options.firstMs * 2 ** (strikes - 1));
    // Delete first so the key moves to the end of the insertion order (the newest).
    this.entries.delete(key);
    this.entries.set(key, { strikes, lastStrike: now, until: now + wait });
    while (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return wait;
  }

  /** How long `key` still waits, in ms; 0 when it may connect. */
  remaining(key: string, now = Date.now()): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    if (now - entry.lastStrike >= this.options.forgetAfterMs) this.entries.delete(key);
    return Math.max(0, entry.until - now);
  }
}
