import type { MessageKey, TFunction } from '../i18n/i18n';
import { ApiFailure } from './api';

/** Failures said in the UI language; the others (a bad request, an import) keep the server's words. */
const BY_CODE: Partial<Record<ApiFailure['code'], MessageKey>> = {
  network: 'failedNetwork',
  unauthorized: 'failedUnauthorized',
  forbidden: 'failedForbidden',
  not_found: 'failedNotFound',
  too_large: 'failedTooLarge',
  rate_limited: 'failedRateLimited',
};

/** Why an action failed, in words a participant understands. */
export function failureReason(t: TFunction, failure: unknown): string {
  const key = failure instanceof ApiFailure ? BY_CODE[failure.code] : undefined;
  return key ? t(key) : failure instanceof Error ? failure.message : String(failure);
}

/** "That did not work: ..." for a failed action. */
export function failureMessage(t: TFunction, failure: unknown): string {
  return t('actionFailed', { message: failureReason(t, failure) });
}
