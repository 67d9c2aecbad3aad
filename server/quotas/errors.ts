/** A quota whose window is full: asked again after `retryAfterSeconds`, it may pass (429). */
export abstract class QuotaExceeded extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Too many canvases created, imported or duplicated from one client address within the hour. */
export class TooManyCanvases extends QuotaExceeded {}

/** Too many duplicates of one canvas within the hour. */
export class TooManyDuplicates extends QuotaExceeded {}

/** A canvas holds as many named versions as it may keep: no named version is saved (409). */
export class TooManyVersions extends Error {}

/**
 * Nothing new can be stored: the installation's data is past MAX_DATA_BYTES, or the store is
 * failing (a full disk). New canvases and versions are refused (507); live editing goes on.
 */
export class StorageFull extends Error {}
