import { createHash, randomBytes } from 'node:crypto';
import type * as Y from 'yjs';
import { carryProblem, carryRound } from '../../shared/carryRound';
import type { Language } from '../../shared/docLayout';
import type { Role, StipMessage } from '../../shared/protocol';
import {
  ROUND_LIMITS,
  applyRoundCommand,
  roundView,
  startRound,
  type Round,
  type RoundActor,
  type RoundCommand,
  type RoundError,
  type RoundHello,
} from '../../shared/rounds';
import type { Logger } from '../logger';
import type { RoomSocket } from '../rooms/RoomSocket';
import type { StoredRound } from '../storage/Storage';

/** What a keeper needs of its room, its store and the canvas. */
export interface RoundHost {
  /** Every connection of the room that speaks Stip's messages, with its effective role. */
  connections(): Iterable<[RoomSocket, Role]>;
  /** A connection's role now (a lock makes editors viewers), or null once it left. */
  roleOf(socket: RoomSocket): Role | null;
  send(socket: RoomSocket, message: StipMessage): void;
  /** The canvas language now (a round's default question). */
  language(): Language;
  /** The room's document as it is now (read only: the pillar count check). */
  doc(): Y.Doc;
  /** Stores a round's state; resolves once it is durable. */
  save(round: Round, json: string): Promise<void>;
  /** True while the store fails (a full disk): nothing new is taken on. */
  storageFailing(): boolean;
  /**
   * A server-side edit of the canvas, stored before it resolves and broadcast like any update;
   * 'too_large' (and nothing changed) when it would grow the canvas past its limit.
   */
  change(edit: (doc: Y.Doc) => void): Promise<'too_large' | null>;
  newPillarId(): string;
  /**
   * Runs one command's read, apply and store while no other process does so for this canvas,
   * with the rounds as stored then (null: this process is the only one, its own are current).
   */
  exclusive<T>(task: (stored: readonly StoredRound[] | null) => Promise<T>): Promise<T>;
}

/** The participant a connection said it is (`round:hello`). */
interface Participant {
  id: string;
  name: string;
}

/** A connection's allowance of round commands (a token bucket). */
interface Allowance {
  tokens: number;
  at: number;
}

/** A round's stored JSON may not grow past this: every change sends it to every connection. */
const MAX_ROUND_JSON = 128 * 1024;
/** Round commands per connection: a steady few per second, a burst of a few dozen. */
const COMMANDS_PER_SECOND = 8;
const COMMAND_BURST = 40;
/** Commands waiting in one canvas's queue; past it the newest are refused. */
const MAX_QUEUED = 200;
/** How long a pick waits for its canvas change to be stored before the queue moves on. */
const PICK_WAIT_MS = 5_000;

/** The transaction origin of carrying a round onto the A4 (every client receives it). */
const CARRY_ORIGIN = 'stip:round';

/**
 * A browser's public participant id on a canvas: a hash of the canvas id and the key the
 * browser keeps. The key never leaves the server's memory; the id cannot be turned back into
 * it, and the same key is another participant on another canvas.
 */
export function participantId(canvasId: string, key: string): string {
  return createHash('sha256').update(`stip-round\0${canvasId}\0${key}`).digest('base64url').slice(0, 22);
}

const newId = (): string => randomBytes(9).toString('base64url');

/**
 * A canvas's rounds, kept with its room, never in its Y.Doc. Commands are applied
 * one at a time through the round's rules (shared/rounds.ts); each new state is stored before
 * anyone hears of it, as updates are; then every Stip connection of the room gets its own view
 * of every round (`rounds`). A refused command is answered to its sender only (`round:refused`).
 */
export class RoundKeeper {
  private rounds: Round[];
  private readonly participants = new Map<RoomSocket, Participant>();
  /** The commands in hand: one runs at a time, in the order they arrived. */
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private readonly allowances = new Map<RoomSocket, Allowance>();
  private stopped = false;

  constructor(
    private readonly canvasId: string,
    stored: readonly StoredRound[],
    private readonly host: RoundHost,
    private readonly logger: Logger,
  ) {
    this.rounds = this.parse(stored);
  }

  private parse(stored: readonly StoredRound[]): Round[] {
    return stored.flatMap((row) => {
      try {
        return [JSON.parse(row.json) as Round];
      } catch {
        this.logger.error('skipping a stored round that is not JSON', { room: this.canvasId, round: row.id });
        return [];
      }
    });
  }

  /**
   * Another process stored this canvas's rounds: they are read again, in turn with the commands
   * in hand (never halfway through one, never older than what this keeper stored itself), and
   * everyone sees them.
   */
  reload(read: () => Promise<readonly StoredRound[]>): void {
    this.queue = this.queue.then(async () => {
      if (this.stopped) return;
      const stored = await read().catch((error: Error) => {
        this.logger.error('reading rounds another process stored failed', { room: this.canvasId, error: error.message });
        return null;
      });
      if (!stored || this.stopped) return;
      this.rounds = this.parse(stored);
      this.broadcast();
    });
  }

  /** Every round of the canvas as it is stored now (exports; the open one last). */
  get all(): readonly Round[] {
    return this.rounds;
  }

  /** A connection joined: it sees the rounds as someone not yet known. */
  joined(socket: RoomSocket, role: Role): void {
    this.sendView(socket, role);
  }

  left(socket: RoomSocket): void {
    this.participants.delete(socket);
    this.allowances.delete(socket);
  }

  /** Takes one command from the connection's allowance; false when it has none left. */
  private allowed(socket: RoomSocket): boolean {
    const now = Date.now();
    const allowance = this.allowances.get(socket) ?? { tokens: COMMAND_BURST, at: now };
    allowance.tokens = Math.min(COMMAND_BURST, allowance.tokens + ((now - allowance.at) / 1000) * COMMANDS_PER_SECOND);
    allowance.at = now;
    this.allowances.set(socket, allowance);
    if (allowance.tokens < 1) return false;
    allowance.tokens -= 1;
    return true;
  }

  /** The lock changed every editor's effective role: everyone's view again. */
  rolesChanged(): void {
    this.broadcast();
  }

  /**
   * Binds a connection to the participant its browser's key stands for; then its view. A
   * connection is one participant: a hello with another key is refused (its name may change).
   */
  hello(socket: RoomSocket, role: Role, hello: RoundHello): void {
    const id = participantId(this.canvasId, hello.key);
    const known = this.participants.get(socket);
    if (known && known.id !== id) {
      this.host.send(socket, { type: 'round:refused', error: 'not_allowed' });
      return;
    }
    this.participants.set(socket, { id, name: hello.name.trim() });
    this.sendView(socket, role);
  }

  /**
   * A command from a connection; applied after those before it, with the role the connection
   * has then (a lock that came meanwhile counts).
   */
  command(socket: RoomSocket, command: RoundCommand): void {
    if (!this.allowed(socket) || this.queued >= MAX_QUEUED) {
      this.host.send(socket, { type: 'round:refused', error: 'too_fast' });
      return;
    }
    this.queued += 1;
    this.queue = this.queue.then(async () => {
      this.queued -= 1;
      const role = this.host.roleOf(socket);
      if (this.stopped || role === null) return;
      const participant = this.participants.get(socket);
      const actor: RoundActor | null = participant ? { participant: participant.id, name: participant.name, role } : null;
      const error = await this.host
        .exclusive(async (stored) => {
          if (stored) this.rounds = this.parse(stored);
          return this.apply(actor, command);
        })
        .catch((thrown: Error) => {
          this.logger.error('a round command failed', { room: this.canvasId, type: command.type, error: thrown.message });
          return 'not_stored' as const;
        });
      if (error) this.host.send(socket, { type: 'round:refused', error });
    });
  }

  /** Resolves once every command in hand has been applied (or refused). */
  settled(): Promise<void> {
    return this.queue;
  }

  stop(): void {
    this.stopped = true;
    this.participants.clear();
  }

  /** Applies one command: stored, then everyone's view; or the reason it was refused. */
  private async apply(actor: RoundActor | null, command: RoundCommand): Promise<RoundError | null> {
    // Before a hello nobody acts; a viewer never does, whatever the command.
    if (!actor || actor.role === 'viewer') return 'not_allowed';
    const open = this.rounds.find((round) => round.phase !== 'closed') ?? null;
    const now = Date.now();
    let next: Round;
    if (command.type === 'round:start') {
      if (actor.role !== 'facilitator') return 'not_allowed';
      if (open) return 'round_open';
      if (this.rounds.length >= ROUND_LIMITS.roundsPerCanvas) return 'too_large';
      next = startRound(command, this.host.language(), newId, now);
    } else {
      if (!open) return 'no_round';
      const outcome = applyRoundCommand(open, actor, command, newId, now);
      if (!outcome.ok) return outcome.error;
      next = outcome.round;
    }
    if (this.host.storageFailing()) return 'not_stored';
    if (JSON.stringify(next).length > MAX_ROUND_JSON) return 'too_large';
    if (command.type === 'round:pick') return this.pick(open!, next);
    await this.store(next);
    this.broadcast();
    return null;
  }

  /**
   * The results onto the A4: the round closes with its picks and the groups are written into
   * its zone, both or neither. The round is stored first; if the canvas change then cannot be
   * made, the round's state before the pick is stored again and the pick is refused.
   */
  private async pick(before: Round, picked: Round): Promise<RoundError | null> {
    if (carryProblem(this.host.doc(), picked)) return 'too_large';
    await this.store(picked);
    let refused: RoundError | null;
    let timer: NodeJS.Timeout | undefined;
    try {
      const change = this.host.change((doc) => carryRound(doc, picked, () => this.host.newPillarId(), CARRY_ORIGIN));
      // Applied to the canvas, it is stored once the store lets it (a full disk): the queue
      // does not wait for that, and the round stays closed with its pick.
      const waited = new Promise<'waiting'>((resolve) => (timer = setTimeout(() => resolve('waiting'), PICK_WAIT_MS)));
      const outcome = await Promise.race([change, waited]);
      if (outcome === 'waiting') {
        this.logger.warn('a round was carried onto the canvas; storing it waits for the store', { room: this.canvasId });
        change.catch((error: Error) => this.logger.error('storing a carried round failed', { room: this.canvasId, error: error.message }));
      }
      refused = outcome === 'waiting' ? null : outcome;
    } catch (error) {
      this.logger.error('could not carry a round onto the canvas', { room: this.canvasId, error: (error as Error).message });
      refused = 'not_stored';
    }
    clearTimeout(timer);
    if (refused) await this.store(before);
    this.broadcast();
    return refused;
  }

  private async store(round: Round): Promise<void> {
    await this.host.save(round, JSON.stringify(round));
    const at = this.rounds.findIndex((r) => r.id === round.id);
    this.rounds = at < 0 ? [...this.rounds, round] : this.rounds.map((r, i) => (i === at ? round : r));
  }

  private broadcast(): void {
    if (this.stopped) return;
    for (const [socket, role] of this.host.connections()) this.sendView(socket, role);
  }

  private sendView(socket: RoomSocket, role: Role): void {
    const participant = this.participants.get(socket)?.id ?? null;
    this.host.send(socket, { type: 'rounds', rounds: this.rounds.map((round) => roundView(round, { participant, role })) });
  }
}
