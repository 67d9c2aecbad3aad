/**
 * Runs `handle` on queued items for at most `budgetMs` per event-loop turn, so a burst (every
 * client of a restarted server at once) is worked off between other work instead of in one go.
 */
export class SlicedQueue<T> {
  private items: T[] = [];
  private head = 0;
  private scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly budgetMs: number,
    private readonly handle: (item: T) => void,
  ) {}

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
    this.scheduled ??= setImmediate(() => this.turn());
  }

  /** Stops and returns what was still queued. */
  close(): T[] {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    const left = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return left;
  }

  private turn(): void {
    this.scheduled = null;
    const started = performance.now();
    while (this.head < this.items.length && performance.now() - started < this.budgetMs) {
      const item = this.items[this.head]!;
      this.head += 1;
      this.handle(item);
    }
    if (this.head >= this.items.length) {
      this.items = [];
      this.head = 0;
    } else {
      this.scheduled = setImmediate(() => this.turn());
    }
  }
}
