import { maxOf, quantile } from './stats';

/**
 * Round trips of a tiny HTTP GET through a server while it is under load: a proxy for its
 * event-loop lag that needs nothing inside the server. Runs in the bench's own (idle)
 * process, not in the busy client process, so its tail is the server's.
 */
export class HttpProbe {
  private readonly samples: number[] = [];
  private running = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly url: string,
    private readonly intervalMs = 50,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const started = performance.now();
        try {
          const response = await fetch(this.url);
          await response.arrayBuffer();
          this.samples.push(performance.now() - started);
        } catch {
          // a refused probe is not a sample
        }
        const wait = this.intervalMs - (performance.now() - started);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    })();
  }

  async stop(): Promise<{ p50: number; p99: number; max: number; samples: number; values: number[] }> {
    this.running = false;
    await this.loop;
    const values = this.samples;
    return { p50: quantile(values, 0.5), p99: quantile(values, 0.99), max: maxOf(values), samples: values.length, values };
  }
}
