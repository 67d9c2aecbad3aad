import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
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

  it('keeps the server’s own explanation of a bad request, and any other error’s message', () => {
    expect(failureReason(t, new ApiFailure('bad_request', 'name: too long'))).toBe('name: too long');
    expect(failureReason(t, new Error('boom'))).toBe('boom');
  });
});
