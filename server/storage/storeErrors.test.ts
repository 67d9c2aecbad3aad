import { describe, expect, it } from 'vitest';
import { isStoreUnavailable } from './storeErrors';

const withCode = (code: string) => Object.assign(new Error(code), { code });

describe('isStoreUnavailable', () => {
  it('knows a full disk, a database that is down and a cut connection', () => {
    for (const code of ['SQLITE_FULL', 'SQLITE_IOERR_WRITE', '53100', '08006', '57P01', 'ECONNREFUSED', 'ECONNRESET']) {
      expect(isStoreUnavailable(withCode(code)), code).toBe(true);
    }
    expect(isStoreUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('leaves faults of a request or of the code alone', () => {
    for (const code of ['SQLITE_CONSTRAINT_FOREIGNKEY', '23505', '42P01', 'ERR_INVALID_ARG_TYPE']) {
      expect(isStoreUnavailable(withCode(code)), code).toBe(false);
    }
    expect(isStoreUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isStoreUnavailable(null)).toBe(false);
  });
});
