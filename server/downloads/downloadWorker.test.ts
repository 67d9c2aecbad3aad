import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigListCanvas } from '../../tests/helpers/bigCanvas';
import type { DownloadJob, WorkerMessage } from './downloadWorker';

/** Its PDF takes about 9 s to make here, the first 3 s of it in the fit search’s first layout. */
const ITEMS = 40_000;
/** How late the worker may stop: well within the pool's grace (at least 2 s), on a busy machine too. */
const LATE_BOUND_MS = 1000;

/** The worker's next message. */
function nextMessage(worker: ChildProcess): Promise<WorkerMessage> {
  return new Promise((resolve) => worker.once('message', resolve));
}

// The real worker in a process of its own (not imported: it answers its parent process), at
// the test's own priority: the pool's entry (downloadWorkerEntry.mjs) would put it at the
// lowest, where the other test files running beside it on a small machine could starve it of
// the CPU, and this test is about where it stops, not about the scheduler.
describe('the download worker', () => {
  let worker: ChildProcess;
  beforeAll(async () => {
    worker = fork(fileURLToPath(new URL('./downloadWorker.ts', import.meta.url)), [], { serialization: 'advanced', execArgv: ['--import', 'tsx'] });
    expect(await nextMessage(worker)).toEqual({ type: 'ready' });
  });
  afterAll(() => {
    worker.kill();
  });

  const send = (job: DownloadJob) => {
    const answer = nextMessage(worker);
    worker.send(job);
    return answer;
  };

  it('stops a big canvas’s PDF at its deadline by itself, says so, and makes the next job', async () => {
    // A version's snapshot: no document to rebuild, so it is the PDF builder that has to stop.
    const snapshot = JSON.stringify(bigListCanvas(ITEMS));
    const deadline = Date.now() + 1000;
    const answer = await send({ id: 1, kind: 'pdf', source: { snapshot }, createdAt: Date.now(), deadline });
    const late = Date.now() - deadline;
    // First: a PDF made whole would fail here, not in a diff of its megabytes.
    expect(late).toBeLessThan(LATE_BOUND_MS);
    expect(answer).toEqual({ type: 'done', id: 1, ok: false, timedOut: true });

    const next = await send({ id: 2, kind: 'json', source: { snapshot: JSON.stringify(bigListCanvas(8, 'Klein')) }, createdAt: Date.now(), deadline: Date.now() + 10_000 });
    expect(next).toMatchObject({ type: 'done', id: 2, ok: true, title: 'Klein' });
  }, 30_000);
});
