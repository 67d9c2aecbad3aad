export interface RateLimits {
  messagesPerSecond: number;
  messageBurst: number;
  bytesPerSecond: number;
  byteBurst: number;
  /** What a new connection starts with (a slow start); the burst is earned by waiting. */
  messageStart?: number;
  byteStart?: number;
}

/**
 * A token bucket per connection for messages and bytes. A workshop typist sends tens of
 * messages a second; a paste is one large message. Past the burst, the connection is closed
 * (1013) so one client cannot slow the rooms of everyone else. A new connection starts with
 * less than the full burst: a joining y-websocket client sends a handful of messages, while a
 * flooder that reconnects would otherwise get the whole burst applied each time.
 */
export class RateLimiter {
  private messages: number;
  private bytes: number;
  private last: number;

  constructor(
    private readonly limits: RateLimits,
    now = performance.now(),
  ) {
    this.messages = limits.messageStart ?? limits.messageBurst;
    this.bytes = limits.byteStart ?? limits.byteBurst;
    this.last = now;
  }

  /** Takes one message of `size` bytes; false when the connection is over its rate. */
  take(size: number, now = performance.now()): boolean {
    const seconds = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.messages = Math.min(this.limits.messageBurst, this.messages + seconds * this.limits.messagesPerSecond);
    this.bytes = Math.min(this.limits.byteBurst, this.bytes + seconds * this.limits.bytesPerSecond);
    this.messages -= 1;
    this.bytes -= size;
    return this.messages >= 0 && this.bytes >= 0;
  }
}
