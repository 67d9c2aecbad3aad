/**
 * Whether a store's error means it cannot store anything now (a full disk, a database that is
 * down or restarting) rather than a fault of this request. Such an error on creating a canvas or
 * saving a version is answered 507 `storage_full`, as when a live commit found it first.
 */
export function isStoreUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return /Connection terminated|connection timeout/i.test(String((error as Error | null)?.message ?? ''));
  // SQLite: the disk or the file cannot take more; a disk that fails.
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') return true;
  // PostgreSQL: class 53 insufficient resources (53100 disk full), 08 connection exception,
  // 57P01-57P03 the server shutting down or starting.
  if (/^53\d{3}$/.test(code) || /^08\d{3}$/.test(code) || /^57P0[1-3]$/.test(code)) return true;
  // The network: the database cannot be reached.
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE'].includes(code);
}
