// A stand-in download worker process for DownloadPool's tests. The job's snapshot is the
// "canvas": it answers at once with "<kind> <snapshot>", hangs on "hang" (a job that never
// ends), reports a failure on "fail", crashes on "crash", and waits on "slow" for 300 ms.
process.on('message', (job) => {
  const what = job.source.snapshot;
  if (what === 'hang') for (;;);
  if (what === 'crash') throw new Error('the worker crashed');
  if (what === 'fail') {
    process.send({ type: 'done', id: job.id, ok: false, error: 'the layout failed' });
    return;
  }
  const answer = () => {
    const bytes = new TextEncoder().encode(`${job.kind} ${what}`);
    process.send({ type: 'done', id: job.id, ok: true, content: { bytes }, title: what, meta: {} });
  };
  if (what === 'slow') setTimeout(answer, 300);
  else answer();
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
