// For servers run with `node --expose-gc` and an IPC channel: asked {type: 'heap'}, collect
// garbage and answer with the heap figures (and whatever `extra` adds, e.g. loaded rooms).

export interface HeapReport {
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
  loadedRooms: number | null;
}

/** Answers heap requests over IPC, when there is an IPC channel and gc is exposed. */
export function answerHeapRequests(loadedRooms: () => number | null = () => null): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc || !process.send) return;
  process.on('message', (message: { type?: string }) => {
    if (message.type !== 'heap') return;
    // Several passes: weak references and finalizers free more on the later ones.
    for (let i = 0; i < 4; i++) gc();
    const memory = process.memoryUsage();
    const report: HeapReport = {
      heapUsed: memory.heapUsed,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
      rss: memory.rss,
      loadedRooms: loadedRooms(),
    };
    process.send!(report);
  });
  process.on('disconnect', () => process.exit(0));
}
