// A stand-in download worker for DownloadPool's tests. The job's snapshot is the "canvas": it
// answers at once with "<kind> <snapshot>", hangs on "hang" (a job that never ends), reports a
// failure on "fail", crashes its thread on "crash", and waits on "slow" for 300 ms.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (job) => {
  const what = job.source.snapshot;
  if (what === 'hang') for (;;);
  if (what === 'crash') throw new Error('the worker crashed');
  if (what === 'fail') {
    parentPort?.postMessage({ type: 'done', id: job.id, ok: false, error: 'the layout failed' });
    return;
  }
  const answer = () => {
    const bytes = new TextEncoder().encode(`${job.kind} ${what}`);
    parentPort?.postMessage({ type: 'done', id: job.id, ok: true, bytes, title: what, meta: {} });
  };
  if (what === 'slow') setTimeout(answer, 300);
  else answer();
});
parentPort?.postMessage({ type: 'ready' });
