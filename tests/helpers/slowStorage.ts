import type { Storage } from '../../server/storage/Storage';

/**
 * A store that answers like one over a network: every call waits `delayMs` before it reaches
 * the real store, and appends can be made to fail (as a full disk or a lost connection would).
 * The SQLite store answers before its promise is even awaited, so races between a commit in
 * flight and what arrives meanwhile only show with this in between.
 */
export class SlowStorage implements Storage {
  delayMs: number;
  failAppends = false;
  appendAttempts = 0;

  constructor(
    readonly inner: Storage,
    delayMs: number,
  ) {
    this.delayMs = delayMs;
  }

  private async slow<T>(call: () => Promise<T>): Promise<T> {
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return call();
  }

  createCanvas: Storage['createCanvas'] = (...a) => this.slow(() => this.inner.createCanvas(...a));
  getCanvas: Storage['getCanvas'] = (...a) => this.slow(() => this.inner.getCanvas(...a));
  updateMeta: Storage['updateMeta'] = (...a) => this.slow(() => this.inner.updateMeta(...a));
  loadUpdates: Storage['loadUpdates'] = (...a) => this.slow(() => this.inner.loadUpdates(...a));
  appendUpdates: Storage['appendUpdates'] = (...a) => {
    this.appendAttempts += 1;
    return this.slow(() => (this.failAppends ? Promise.reject(new Error('SQLITE_FULL: database or disk is full')) : this.inner.appendUpdates(...a)));
  };
  compact: Storage['compact'] = (...a) => this.slow(() => this.inner.compact(...a));
  setLocked: Storage['setLocked'] = (...a) => this.slow(() => this.inner.setLocked(...a));
  setToken: Storage['setToken'] = (...a) => this.slow(() => this.inner.setToken(...a));
  setPublished: Storage['setPublished'] = (...a) => this.slow(() => this.inner.setPublished(...a));
  deleteCanvas: Storage['deleteCanvas'] = (...a) => this.slow(() => this.inner.deleteCanvas(...a));
  saveVersion: Storage['saveVersion'] = (...a) => this.slow(() => this.inner.saveVersion(...a));
  listVersions: Storage['listVersions'] = (...a) => this.slow(() => this.inner.listVersions(...a));
  getVersion: Storage['getVersion'] = (...a) => this.slow(() => this.inner.getVersion(...a));
  deleteVersion: Storage['deleteVersion'] = (...a) => this.slow(() => this.inner.deleteVersion(...a));
  saveRound: Storage['saveRound'] = (...a) => this.slow(() => this.inner.saveRound(...a));
  listRounds: Storage['listRounds'] = (...a) => this.slow(() => this.inner.listRounds(...a));
  updateStats: Storage['updateStats'] = (...a) => this.slow(() => this.inner.updateStats(...a));
  totalBytes: Storage['totalBytes'] = () => this.slow(() => this.inner.totalBytes());
  close: Storage['close'] = () => this.inner.close();
}
