import type { WebsocketProvider } from 'y-websocket';
import type { RoundCommand, RoundError, RoundView } from '../../../shared/rounds';
import { encodeStipMessage } from '../../../shared/stipMessages';

/** WebSocket.OPEN (the constant itself is not there outside a browser, as in unit tests). */
const SOCKET_OPEN = 1;

/** A refused round command, and when the page heard of it (to show it anew). */
export interface RoundRefusal {
  error: RoundError;
  at: number;
}

export interface RoundsSnapshot {
  /** Every round of the canvas as this connection may see it, the open one last. */
  rounds: readonly RoundView[];
  refusal: RoundRefusal | null;
  /** Whether the server has sent the rounds at all yet on some connection. */
  loaded: boolean;
}

/**
 * The rounds of one collab session: what the server last sent (its `rounds` and `round:refused`
 * messages, handed in by useCollabSession) and the way back (hello and commands on the same
 * socket). The hello goes out once per connection, as soon as both the socket and a name exist.
 */
export class RoundsChannel {
  private snapshot: RoundsSnapshot = { rounds: [], refusal: null, loaded: false };
  private readonly listeners = new Set<() => void>();
  private identity: { key: string; name: string } | null = null;
  private greeted: WebSocket | null = null;
  /** Takes part in rounds (an editor): joins each running round once, to be counted. */
  private joins = false;
  private joined = new Set<string>();

  constructor(private readonly provider: WebsocketProvider) {}

  /** The socket's status changed: a new connection needs a new hello. */
  readonly onStatus = (): void => this.greet();

  receive(message: { type: 'rounds'; rounds: RoundView[] } | { type: 'round:refused'; error: RoundError }): void {
    this.snapshot =
      message.type === 'rounds'
        ? { ...this.snapshot, rounds: message.rounds, loaded: true }
        : { ...this.snapshot, refusal: { error: message.error, at: Date.now() } };
    this.listeners.forEach((listener) => listener());
    this.join();
  }

  /** Who this browser is in rounds (its kept key and name); says hello when it can. */
  setIdentity(key: string, name: string, joins: boolean): void {
    // Once per connection: a new name reaches the rounds with the next connection's hello.
    this.identity = { key, name };
    this.joins = joins;
    this.greet();
    this.join();
  }

  /** Sends a command; false when there is no open socket (the page says it is offline). */
  send(command: RoundCommand): boolean {
    const ws = this.openSocket();
    if (!ws || this.greeted !== ws) return false;
    ws.send(encodeStipMessage(command));
    return true;
  }

  dismissRefusal(): void {
    if (!this.snapshot.refusal) return;
    this.snapshot = { ...this.snapshot, refusal: null };
    this.listeners.forEach((listener) => listener());
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): RoundsSnapshot => this.snapshot;

  private openSocket(): WebSocket | null {
    const ws = this.provider.ws;
    return this.provider.wsconnected && ws && ws.readyState === SOCKET_OPEN ? ws : null;
  }

  /** The running round counts this browser among its participants ("joined while it ran"). */
  private join(): void {
    const open = this.snapshot.rounds.at(-1);
    if (!this.joins || !open || open.phase === 'closed' || this.joined.has(open.id)) return;
    if (this.send({ type: 'round:join' })) this.joined.add(open.id);
  }

  private greet(): void {
    const ws = this.openSocket();
    if (!ws || !this.identity || this.greeted === ws) return;
    ws.send(encodeStipMessage({ type: 'round:hello', key: this.identity.key, name: this.identity.name }));
    this.greeted = ws;
  }
}
