import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { nl } from '../i18n/nl';
import { translator } from '../i18n/i18n';
import { ApiFailure } from './api';
import { failureMessage, failureReason } from './failureMessage';

const t = translator('en-GB', en);

describe('a failed action in words', () => {
  it('says what the server answered in the UI language, not in the server’s English', () => {
    expect(failureMessage(t, new ApiFailure('too_large', 'The change would grow the canvas to 123 bytes'))).toBe(
      'That did not work: the canvas would grow too large. Make it shorter first.',
    );
    expect(failureReason(t, new ApiFailure('network', 'The server could not be reached.'))).toBe(en.failedNetwork);
    expect(failureReason(t, new ApiFailure('forbidden', 'Only the facilitator may do this.'))).toBe(en.failedForbidden);
  });

  it('says when a quota frees, in minutes, from the server’s Retry-After', () => {
    expect(failureReason(t, new ApiFailure('too_many_canvases', 'Too many canvases…', 125))).toBe(
      'too many canvases were made from this network in the last hour. Try again in 3 min.',
    );
    expect(failureReason(t, new ApiFailure('too_many_duplicates', 'Duplicated too often…', 20))).toMatch(/Try again in 1 min\.$/);
    expect(failureReason(translator('nl', nl), new ApiFailure('too_many_canvases', 'Too many canvases…', 3600))).toBe(
      'vanaf dit netwerk zijn het afgelopen uur al te veel canvassen gemaakt. Probeer het over 60 min. opnieuw.',
    );
  });

  it('says plainly that the storage is full, the versions are at their cap, or the server failed', () => {
    expect(failureReason(translator('nl', nl), new ApiFailure('storage_full', 'This Stip installation is full…'))).toMatch(/^de server kan nu niets nieuws bewaren: de opslag is vol\. Bestaande canvassen werken gewoon door/);
    expect(failureReason(t, new ApiFailure('too_many_versions', 'This canvas keeps at most 50…'))).toMatch(/Duplicate the canvas/);
    expect(failureReason(t, new ApiFailure('internal_error', 'The request could not be handled.'))).toBe(en.failedInternal);
  });

  it('keeps the server’s own explanation of a bad request, and any other error’s message', () => {
    expect(failureReason(t, new ApiFailure('bad_request', 'name: too long'))).toBe('name: too long');
    expect(failureReason(t, new Error('boom'))).toBe('boom');
  });
});
