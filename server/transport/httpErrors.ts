import type { Context } from 'hono';
import { ERROR_STATUS, type ErrorCode } from '../../shared/api';
import { DownloadBusy, DownloadFailed, DownloadTimeout } from '../downloads/DownloadPool';
import { QuotaExceeded, StorageFull, TooManyCanvases, TooManyDuplicates, TooManyVersions } from '../quotas/errors';
import { CanvasTooLarge } from '../rooms/RoomManager';
import { LogoRefused } from '../style/logoImage';

/** A failure with its API code; the error handler turns it into the documented JSON shape. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What a request that failed answers: `{ error: { code, message } }`, its status, and Retry-After. */
export interface ErrorAnswer {
  code: ErrorCode;
  message: string;
  /** Seconds; sent as Retry-After. */
  retryAfter?: number;
}

/** Any error class, whatever its constructor takes. */
type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

/** One row: an error class, its code, and the message sent when it is not the error's own. */
type ErrorRow<E extends Error = Error> = readonly [ErrorClass<E>, ErrorCode | ((error: E) => ErrorCode), ((error: E) => string)?];

const row = <E extends Error>(...entry: ErrorRow<E>): ErrorRow => entry as unknown as ErrorRow;

/**
 * Every domain error the HTTP API may meet, and what it answers (statuses: ERROR_STATUS in
 * shared/api.ts). The first matching row wins; an error in no row is a fault of the server's:
 * 500 `internal_error`, logged.
 */
export const ERROR_TABLE: readonly ErrorRow[] = [
  row(HttpError, (error) => error.code),
  row(CanvasTooLarge, 'too_large', (error) => `${error.message} A restore adds the version on top of the current text: make the canvas shorter first.`),
  row(TooManyCanvases, 'too_many_canvases'),
  row(TooManyDuplicates, 'too_many_duplicates'),
  row(TooManyVersions, 'too_many_versions'),
  row(StorageFull, 'storage_full'),
  row(LogoRefused, 'invalid_logo'),
  row(DownloadBusy, 'rate_limited'),
  row(DownloadTimeout, 'timeout'),
  // Logged by the pool with its cause; the client gets the documented shape.
  row(DownloadFailed, 'internal_error', () => 'The download could not be made.'),
];

/** The answer to `error` by the table; null when no row has it (a fault: 500, to be logged). */
export function answerFor(error: Error): ErrorAnswer | null {
  const found = ERROR_TABLE.find(([kind]) => error instanceof kind);
  if (!found) return null;
  const [, code, message] = found;
  return {
    code: typeof code === 'function' ? code(error) : code,
    message: message ? message(error) : error.message,
    retryAfter: error instanceof QuotaExceeded ? error.retryAfterSeconds : undefined,
  };
}

/** The answer to a fault of the server's: it says nothing of the cause (the log does). */
export const INTERNAL_ERROR: ErrorAnswer = { code: 'internal_error', message: 'The request could not be handled.' };

/** A busy server's answers say to try again after this many seconds, unless the error knows better. */
const RETRY_SOON = 5;

export function errorResponse(c: Context, { code, message, retryAfter }: ErrorAnswer): Response {
  const retry = retryAfter ?? (code === 'rate_limited' || code === 'timeout' ? RETRY_SOON : undefined);
  if (retry !== undefined) c.header('Retry-After', String(retry));
  return c.json({ error: { code, message } }, ERROR_STATUS[code]);
}
