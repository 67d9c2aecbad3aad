import { TooManyCanvases, TooManyDuplicates } from './errors';
import { WindowCounter } from './WindowCounter';

const HOUR = 3600 * 1000;

/** Addresses (or canvases) remembered at most per counter: about 1 MB at the default limits. */
const MAX_KEYS = 10_000;

export interface CreationLimits {
  maxCanvasesPerIpPerHour: number;
  maxDuplicatesPerCanvasPerHour: number;
}

/**
 * How many canvases may be made per hour: per client address (create, import and duplicate all
 * count), and per canvas duplicated. Counted in this process's memory (a restart forgets, and
 * two instances count apart); every admitted attempt counts, also one that fails later (an import
 * that is not valid), so expensive attempts are bounded too.
 */
export class CreationQuotas {
  private readonly perAddress: WindowCounter;
  private readonly perSource: WindowCounter;

  constructor(limits: CreationLimits, windowMs = HOUR) {
    this.perAddress = new WindowCounter({ limit: limits.maxCanvasesPerIpPerHour, windowMs, maxKeys: MAX_KEYS });
    this.perSource = new WindowCounter({ limit: limits.maxDuplicatesPerCanvasPerHour, windowMs, maxKeys: MAX_KEYS });
  }

  /**
   * Counts one new canvas from `address` (a duplicate of `source`, when given); throws
   * TooManyCanvases or TooManyDuplicates, counting nothing, when a window is full.
   */
  admit(address: string, source?: string, now = Date.now()): void {
    const byAddress = this.perAddress.wait(address, now);
    if (byAddress > 0) {
      throw new TooManyCanvases(
        `Too many canvases were made from this address in the last hour (at most ${this.perAddress.options.limit}). Try again in ${minutes(byAddress)}.`,
        seconds(byAddress),
      );
    }
    const bySource = source === undefined ? 0 : this.perSource.wait(source, now);
    if (bySource > 0) {
      throw new TooManyDuplicates(
        `This canvas was duplicated too often in the last hour (at most ${this.perSource.options.limit} times). Try again in ${minutes(bySource)}.`,
        seconds(bySource),
      );
    }
    this.perAddress.take(address, now);
    if (source !== undefined) this.perSource.take(source, now);
  }
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function minutes(ms: number): string {
  const m = Math.ceil(ms / 60_000);
  return m === 1 ? '1 minute' : `${m} minutes`;
}
