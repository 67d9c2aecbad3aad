import type { Storage } from '../storage/Storage';
import { StorageFull } from './errors';

const MiB = 1024 * 1024;

/**
 * How long a measured total is trusted; what this process stores through here meanwhile is
 * added to it. Measuring sums every stored row on the event loop (SQLite: about 200 ms for a
 * million rows), so it is not done per request.
 */
const MEASURE_EVERY_MS = 30_000;

/**
 * The installation's data quota (MAX_DATA_BYTES): new canvases and named versions must fit in
 * it; live edits are never refused by it. The total is `storage.totalBytes()`, measured at most
 * every 30 s plus what was stored through here since.
 */
export class DataQuota {
  private measured: { bytes: number; at: number } | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly maxBytes: number,
  ) {}

  /** Throws StorageFull when `bytes` more would take the installation past MAX_DATA_BYTES. */
  async assertRoomFor(bytes: number, what: string): Promise<void> {
    const used = await this.used();
    if (used + bytes > this.maxBytes) {
      throw new StorageFull(
        `This Stip installation is full: it holds ${mib(used)} of its ${mib(this.maxBytes)} (MAX_DATA_BYTES), so ${what} cannot be stored. Existing canvases keep working; ask the administrator to make room.`,
      );
    }
  }

  /** Counts bytes stored through here until the next measurement. */
  added(bytes: number): void {
    if (this.measured) this.measured.bytes += bytes;
  }

  private async used(now = Date.now()): Promise<number> {
    if (!this.measured || now - this.measured.at >= MEASURE_EVERY_MS) {
      this.measured = { bytes: await this.storage.totalBytes(), at: now };
    }
    return this.measured.bytes;
  }
}

function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}
