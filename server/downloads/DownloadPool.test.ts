import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { DownloadBusy, DownloadFailed, DownloadPool, DownloadTimeout, type Download, type DownloadPoolOptions } from './DownloadPool';

const fixture = new URL('./DownloadPool.fixture.mjs', import.meta.url);
const canvas = (snapshot: string) => () => ({ snapshot });
/** What the fixture answered (always in the message: its answers are small). */
const text = (download: Download) => ('bytes' in download.content ? new TextDecoder().decode(download.content.bytes) : `a file: ${download.content.file}`);

describe('the download pool', () => {
  let pool: DownloadPool | null = null;
  const start = (options: Partial<DownloadPoolOptions> = {}) => {
    pool = new DownloadPool(createLogger('silent'), { workers: 1, maxQueued: 8, timeoutMs: 5000, workerUrl: fixture, ...options });
    return pool;
  };
  afterEach(async () => {
    await pool?.close();
    pool = null;
  });

  it('makes each kind of download in a worker', async () => {
    const p = start();
    const made = await Promise.all([p.run('json', canvas('een')), p.run('markdown', canvas('twee')), p.run('pdf', canvas('drie'))]);
    expect(made.map((d) => text(d))).toEqual(['json een', 'markdown twee', 'pdf drie']);
    expect(made.map((d) => d.title)).toEqual(['een', 'twee', 'drie']);
  });

  it('fails only the job past its deadline; the jobs behind it are made on a new worker', async () => {
    const p = start({ timeoutMs: 400 });
    const hanging = p.run('pdf', canvas('hang'));
    const behind = [p.run('json', canvas('een')), p.run('pdf', canvas('twee'))];
    await expect(hanging).rejects.toBeInstanceOf(DownloadTimeout);
    const made = await Promise.all(behind);
    expect(made.map((d) => text(d))).toEqual(['json een', 'pdf twee']);
    // The pool goes on working afterwards.
    expect(text(await p.run('markdown', canvas('drie')))).toBe('markdown drie');
  });

  it('counts the deadline from when a worker starts the job, not while it waits', async () => {
    const p = start({ timeoutMs: 400 });
    const made = await Promise.all([p.run('pdf', canvas('slow')), p.run('pdf', canvas('slow')), p.run('pdf', canvas('slow'))]);
    expect(made.map((d) => text(d))).toEqual(['pdf slow', 'pdf slow', 'pdf slow']);
  });

  it('fails only the job whose making fails, or whose worker crashes', async () => {
    const p = start({ workers: 2 });
    const failing = p.run('pdf', canvas('fail'));
    const crashing = p.run('json', canvas('crash'));
    const fine = [p.run('pdf', canvas('goed')), p.run('json', canvas('ook goed'))];
    await expect(failing).rejects.toBeInstanceOf(DownloadFailed);
    await expect(crashing).rejects.toBeInstanceOf(DownloadFailed);
    expect((await Promise.all(fine)).map((d) => text(d))).toEqual(['pdf goed', 'json ook goed']);
  });

  it('refuses a job past the queue before reading its input, and admits again once one is done', async () => {
    const p = start({ maxQueued: 3, timeoutMs: 300 });
    const queued = Array.from({ length: 3 }, () => p.run('pdf', canvas('hang')).catch((error: Error) => error));
    expect(p.load).toBe(3);
    let read = false;
    await expect(
      p.run('json', () => {
        read = true;
        return { snapshot: 'te veel' };
      }),
    ).rejects.toBeInstanceOf(DownloadBusy);
    expect(read).toBe(false);
    expect((await Promise.all(queued)).every((e) => e instanceof DownloadTimeout)).toBe(true);
    expect(p.load).toBe(0);
    expect(text(await p.run('json', canvas('weer')))).toBe('json weer');
  });

  it('frees the place of a job whose input cannot be read', async () => {
    const p = start({ maxQueued: 1 });
    await expect(
      p.run('json', () => {
        throw new Error('no such canvas');
      }),
    ).rejects.toThrow('no such canvas');
    expect(p.load).toBe(0);
    expect(text(await p.run('json', canvas('daarna')))).toBe('json daarna');
  });
});
