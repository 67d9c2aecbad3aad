import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../shared/api';
import { DownloadBusy, DownloadFailed, DownloadTimeout } from '../downloads/DownloadPool';
import { StorageFull, TooManyCanvases, TooManyDuplicates, TooManyVersions } from '../quotas/errors';
import { CanvasTooLarge } from '../rooms/RoomManager';
import { ERROR_TABLE, HttpError, answerFor } from './httpErrors';

describe('the error table', () => {
  it.each([
    [new HttpError('forbidden', 'Only the facilitator link may do this.'), 'forbidden', 403],
    [new CanvasTooLarge('Too big.'), 'too_large', 413],
    [new TooManyCanvases('Too many.', 120), 'too_many_canvases', 429],
    [new TooManyDuplicates('Too often.', 30), 'too_many_duplicates', 429],
    [new TooManyVersions('Full.'), 'too_many_versions', 409],
    [new StorageFull('Full.'), 'storage_full', 507],
    [new DownloadBusy('Busy.'), 'rate_limited', 429],
    [new DownloadTimeout('Late.'), 'timeout', 503],
    [new DownloadFailed('worker died: stack...'), 'internal_error', 500],
  ] as const)('maps %o to %s (%i)', (error, code, status) => {
    const answer = answerFor(error)!;
    expect(answer.code).toBe(code);
    expect(ERROR_STATUS[answer.code]).toBe(status);
  });

  it('carries a quota’s seconds until it frees as Retry-After', () => {
    expect(answerFor(new TooManyCanvases('Too many.', 120))?.retryAfter).toBe(120);
    expect(answerFor(new StorageFull('Full.'))?.retryAfter).toBeUndefined();
  });

  it('says what a too large restore should do, and never a failed download’s cause', () => {
    expect(answerFor(new CanvasTooLarge('Too big.'))?.message).toMatch(/^Too big\. A restore adds .* make the canvas shorter first\.$/);
    expect(answerFor(new DownloadFailed('worker died: stack...'))?.message).toBe('The download could not be made.');
  });

  it('has no row for an unknown error (the app answers 500 internal_error and logs it)', () => {
    expect(answerFor(new Error('SQLITE_IOERR'))).toBeNull();
    expect(answerFor(new TypeError('x is undefined'))).toBeNull();
  });

  it('has one row per error class', () => {
    const classes = ERROR_TABLE.map(([kind]) => kind);
    expect(new Set(classes).size).toBe(classes.length);
  });
});
