import type { Context } from 'hono';
import { ERROR_STATUS, type ErrorCode } from '../../shared/api';

/** A failure with its API code; the error handler turns it into the documented JSON shape. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function errorResponse(c: Context, code: ErrorCode, message: string): Response {
  // A client told "too many" may try again after this many seconds.
  if (code === 'rate_limited' || code === 'timeout') c.header('Retry-After', '5');
  return c.json({ error: { code, message } }, ERROR_STATUS[code]);
}
