// A stand-in PDF worker for PdfRenderer's tests: answers at once, hangs on the title "hang"
// (a render that never ends), throws on "fail" (a render that fails).
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (job) => {
  if (job.data.title === 'hang') for (;;);
  if (job.data.title === 'fail') {
    parentPort?.postMessage({ id: job.id, ok: false, error: 'the layout failed' });
    return;
  }
  const bytes = new TextEncoder().encode(`%PDF ${job.data.title}`);
  parentPort?.postMessage({ id: job.id, ok: true, bytes, scale: 1, fits: true, renders: 1 });
});
