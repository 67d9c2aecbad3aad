import type { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';
import { CloseCode, type CloseCodeEntry } from '../../shared/protocol';
import type { RoomSocket } from '../rooms/RoomSocket';
import type { Cooldowns } from './Cooldowns';

/** A connection closed for flooding is no longer read, and cut off after this if it lingers. */
const CLOSE_GRACE_MS = 1000;
/** ws.send's options, made once: every delivered update is a send. */
const BINARY = { binary: true } as const;

/** ws's socket, except that an oversized frame closes with the contract's 4413 (ws says 1009). */
export class StipWebSocket extends WebSocket {
  override close(code?: number, reason?: string | Buffer): void {
    if (code === 1009) super.close(CloseCode.frameTooLarge.code, CloseCode.frameTooLarge.reason);
    else super.close(code, reason);
  }
}

/**
 * Closes without reading anything more: the close frame goes out, and the socket is cut once
 * the client had time to see it (its own close frame waits, unread, behind whatever it sent).
 */
export function closeUnread(ws: WebSocket, code: CloseCodeEntry): void {
  ws.pause();
  ws.close(code.code, code.reason);
  setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
}

const uncork = (socket: WsRoomSocket) => socket.uncork();

/**
 * A joined connection as its room sees it: methods on a prototype, not closures per connection.
 * Everything sent to it in one callback (a room's stored updates and awareness of one turn go
 * out together) leaves in one write: the TCP socket is corked at the first message and uncorked
 * when the callback is done. In a room of 50 that is a system call per receiver per turn
 * instead of one per message, and fewer wake-ups for every client.
 */
export class WsRoomSocket implements RoomSocket {
  private corked = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly tcp: Duplex,
    private readonly cooldowns: Cooldowns,
    private readonly cooldownKey: string,
  ) {}

  send(message: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (!this.corked) {
      this.corked = true;
      this.tcp.cork();
      process.nextTick(uncork, this);
    }
    this.ws.send(message, BINARY);
  }

  /** Called once per corked callback (see the class comment). */
  uncork(): void {
    this.corked = false;
    this.tcp.uncork();
  }

  close(code: CloseCodeEntry): void {
    this.ws.close(code.code, code.reason);
  }

  /**
   * Over its rate: not read any more, and reconnecting at once gets it nowhere. (A client too
   * slow to read is not struck: others behind its address may join.)
   */
  closeForFlooding(): void {
    this.cooldowns.strike(this.cooldownKey);
    closeUnread(this.ws, CloseCode.flooding);
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }
}

/**
 * A copy that owns its ArrayBuffer. lib0's decoder reads `arr.buffer` at an offset, so a view
 * into ws's pooled buffer would let a lying length prefix read neighbouring bytes instead of
 * failing.
 */
export function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  return new Uint8Array(data);
}
