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
  too_many_canvases: 'failedTooManyCanvases',
  too_many_duplicates: 'failedTooManyDuplicates',
  too_many_versions: 'failedTooManyVersions',
  storage_full: 'failedStorageFull',
  timeout: 'failedTimeout',
  internal_error: 'failedInternal',
};

/** Why an action failed, in words a participant understands. */
export function failureReason(t: TFunction, failure: unknown): string {
  const key = failure instanceof ApiFailure ? BY_CODE[failure.code] : undefined;
  if (!key) return failure instanceof Error ? failure.message : String(failure);
  // A quota's window frees in whole minutes as far as anyone waiting is concerned (an hour when unsaid).
  const seconds = (failure as ApiFailure).retryAfterSeconds ?? 3600;
  return t(key, { minutes: Math.max(1, Math.ceil(seconds / 60)) });
}

/** "That did not work: ..." for a failed action. */
export function failureMessage(t: TFunction, failure: unknown): string {
  return t('actionFailed', { message: failureReason(t, failure) });
}
