import type { WebsocketProvider } from 'y-websocket';
import { encodeStipMessage } from '../../../shared/stipMessages';
import { bestOffset, type ClockSample } from './clockOffset';

/** Pings after each connect (ms after it), then one every minute to follow a clock that jumps. */
const PINGS_AFTER_CONNECT = [300, 1200, 3000, 7000];
const PING_EVERY_MS = 60_000;
/** Recent samples only: an old reading says nothing about a clock that was corrected since. */
const KEEP_SAMPLES = 8;

/**
 * The server's clock as seen from this page: the server's time on joining (type 100 `time`),
 * refined by a few pings. The shared timer counts against `now()`, so every screen shows the
 * same remaining time even when this computer's clock is minutes off.
 */
export class ServerClock {
  private samples: ClockSample[] = [];
  private readonly sent = new Map<number, number>();
  private nextPing = 1;
  private readonly listeners = new Set<() => void>();
  /** Server time minus local time; 0 until the server has said anything. */
  offset = 0;
  /** Whether `offset` comes from the server (false: this computer's own clock is used). */
  known = false;

  /** The server's time now, as well as this page can tell. */
  now(): number {
    return Date.now() + this.offset;
  }

  /** A `time` message from the server (unasked, or the answer to one of our pings). */
  receive(message: { now: number; ping?: number | undefined }, receivedAt = Date.now()): void {
    const sentAt = message.ping !== undefined ? this.sent.get(message.ping) : undefined;
    if (message.ping !== undefined) {
      if (sentAt === undefined) return; // not ours, or from before a reconnect
      this.sent.delete(message.ping);
    }
    this.samples = [...this.samples, { sentAt: sentAt ?? null, serverNow: message.now, receivedAt }].slice(-KEEP_SAMPLES);
    const offset = bestOffset(this.samples);
    if (offset === null || (this.known && offset === this.offset)) return;
    this.offset = offset;
    this.known = true;
    for (const listener of this.listeners) listener();
  }

  /** Called whenever the offset changes. Returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Pings over the provider's socket after each connect; returns the detach. */
  attach(provider: WebsocketProvider): () => void {
    let timers: ReturnType<typeof setTimeout>[] = [];
    const clear = () => {
      timers.forEach(clearTimeout);
      timers = [];
      this.sent.clear();
    };
    const ping = () => {
      const ws = provider.ws;
      if (!ws || ws.readyState !== WebSocket.OPEN) return;
      const id = this.nextPing++;
      this.sent.set(id, Date.now());
      ws.send(encodeStipMessage({ type: 'ping', ping: id }));
    };
    const onStatus = ({ status }: { status: string }) => {
      clear();
      if (status !== 'connected') return;
      timers = PINGS_AFTER_CONNECT.map((after) => setTimeout(ping, after));
      const repeat = () => {
        ping();
        timers.push(setTimeout(repeat, PING_EVERY_MS));
      };
      timers.push(setTimeout(repeat, PING_EVERY_MS));
    };
    provider.on('status', onStatus);
    if (provider.wsconnected) onStatus({ status: 'connected' });
    return () => {
      provider.off('status', onStatus);
      clear();
    };
  }
}
