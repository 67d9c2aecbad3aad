// A stand-in download worker process for DownloadPool's tests. The job's snapshot is the
// "canvas": it answers at once with "<kind> <snapshot>", and on
// - "pid": with its process id (which worker made it),
// - "hang": never (a loop that reaches no checkpoint),
// - "checks": works, checking the job's deadline as the real worker's checkpoints do, until it
//   has passed, then answers that it stopped,
// - "early": at once, that it stopped (its clock saw the deadline pass first),
// - "overrun": ignores the deadline and answers with a temporary file 200 ms after it,
// - "fail": with a failure, "crash": by crashing, "slow": after 300 ms.
import fs from 'node:fs';
import path from 'node:path';

const { filesDir } = JSON.parse(process.env.STIP_DOWNLOAD_WORKER_SETUP ?? '{}');

process.on('message', (job) => {
  const what = job.source.snapshot;
  const timedOut = () => process.send({ type: 'done', id: job.id, ok: false, timedOut: true });
  const answer = (text) => {
    const bytes = new TextEncoder().encode(text);
    process.send({ type: 'done', id: job.id, ok: true, content: { bytes }, title: what, meta: {} });
  };
  if (what === 'hang') for (;;);
  if (what === 'crash') throw new Error('the worker crashed');
  if (what === 'fail') process.send({ type: 'done', id: job.id, ok: false, error: 'the layout failed' });
  else if (what === 'pid') answer(String(process.pid));
  else if (what === 'checks') {
    while (Date.now() <= job.deadline);
    timedOut();
  } else if (what === 'early') timedOut();
  else if (what === 'overrun') setTimeout(() => answerWithFile(job), job.deadline - Date.now() + 200);
  else if (what === 'slow') setTimeout(() => answer(`${job.kind} ${what}`), 300);
  else answer(`${job.kind} ${what}`);
});

function answerWithFile(job) {
  const file = path.join(filesDir, `overrun-${job.id}`);
  fs.writeFileSync(file, 'too late');
  process.send({ type: 'done', id: job.id, ok: true, content: { file, size: 8 }, title: 'overrun', meta: {} });
}

process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
