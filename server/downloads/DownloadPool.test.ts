import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../tests/helpers/collabClient';
import { createLogger } from '../logger';
import { DownloadBusy, DownloadFailed, DownloadPool, DownloadTimeout, type Download, type DownloadPoolOptions } from './DownloadPool';

const fixture = new URL('./DownloadPool.fixture.mjs', import.meta.url);
const canvas = (snapshot: string) => () => ({ snapshot });
/** What the fixture answered (always in the message: its answers are small). */
const text = (download: Download) => ('bytes' in download.content ? new TextDecoder().decode(download.content.bytes) : `a file: ${download.content.file}`);
/** The process id of the worker that makes the next job. */
const workerPid = async (pool: DownloadPool) => Number(text(await pool.run('json', canvas('pid'))));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the download pool', () => {
  let pool: DownloadPool | null = null;
  const start = (options: Partial<DownloadPoolOptions> = {}) => {
    pool = new DownloadPool(createLogger('silent'), { workers: 1, maxQueued: 8, timeoutMs: 5000, graceMs: 500, workerUrl: fixture, ...options });
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

  it('starts a worker before any job when asked, once, and makes the first job on it', async () => {
    const p = start({ workers: 2 });
    p.prestart();
    p.prestart();
    await waitFor(() => p.workerPids().length === 1, 10_000, 'the prestarted worker runs');
    const [prestarted] = p.workerPids();
    expect(await workerPid(p)).toBe(prestarted);
    expect(p.workerPids()).toEqual([prestarted]);
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

  it('fails a job at its deadline; its worker, which stops the job itself, makes the next one: no new process', async () => {
    const p = start({ timeoutMs: 300, graceMs: 5000 });
    const pid = await workerPid(p);
    const started = Date.now();
    await expect(p.run('pdf', canvas('checks'))).rejects.toBeInstanceOf(DownloadTimeout);
    expect(Date.now() - started).toBeLessThan(1000);
    // Long before the grace is over: the worker said it had stopped.
    expect(await workerPid(p)).toBe(pid);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fails a job at its deadline also when its worker says so before the pool’s timer does', async () => {
    const p = start({ timeoutMs: 5000 });
    const pid = await workerPid(p);
    await expect(p.run('pdf', canvas('early'))).rejects.toBeInstanceOf(DownloadTimeout);
    expect(await workerPid(p)).toBe(pid);
  });

  it('kills a worker that does not stop its overdue job within the grace, and makes the next job on a new one', async () => {
    const p = start({ timeoutMs: 300, graceMs: 800 });
    const pid = await workerPid(p);
    const started = Date.now();
    const hanging = p.run('pdf', canvas('hang'));
    const behind = workerPid(p);
    await expect(hanging).rejects.toBeInstanceOf(DownloadTimeout);
    // The job fails at its deadline, not at the end of the grace...
    expect(Date.now() - started).toBeLessThan(800);
    // ...while the job behind it waits for the grace to end, and a new worker.
    const next = await behind;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1100);
    expect(next).not.toBe(pid);
    expect(alive(pid)).toBe(false);
    expect(text(await p.run('markdown', canvas('daarna')))).toBe('markdown daarna');
  });

  it('ignores a result that comes after its job failed, deletes its file, and keeps the worker', async () => {
    const p = start({ timeoutMs: 300, graceMs: 5000 });
    const pid = await workerPid(p);
    await expect(p.run('pdf', canvas('overrun'))).rejects.toBeInstanceOf(DownloadTimeout);
    // The next job is made once the late result has come: by the same worker.
    expect(await workerPid(p)).toBe(pid);
    await waitFor(() => p.temporaryFiles().length === 0, 2000, 'the late file deleted');
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
    const queued = Array.from({ length: 3 }, () => p.run('pdf', canvas('checks')).catch((error: Error) => error));
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
