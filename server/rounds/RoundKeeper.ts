import { createHash, randomBytes } from 'node:crypto';
import type * as Y from 'yjs';
import { carryProblem, carryRound } from '../../shared/carryRound';
import type { Language } from '../../shared/docLayout';
import type { Role, StipMessage } from '../../shared/protocol';
import {
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
}

/** The participant a connection said it is (`round:hello`). */
interface Participant {
  id: string;
  name: string;
}

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
  private stopped = false;

  constructor(
    private readonly canvasId: string,
    stored: readonly StoredRound[],
    private readonly host: RoundHost,
    private readonly logger: Logger,
  ) {
    this.rounds = stored.flatMap((row) => {
      try {
        return [JSON.parse(row.json) as Round];
      } catch {
        logger.error('skipping a stored round that is not JSON', { room: canvasId, round: row.id });
        return [];
      }
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

  /** A command from a connection, with the role it has now; applied after those before it. */
  command(socket: RoomSocket, role: Role, command: RoundCommand): void {
    const participant = this.participants.get(socket);
    const actor: RoundActor | null = participant ? { participant: participant.id, name: participant.name, role } : null;
    this.queue = this.queue.then(async () => {
      if (this.stopped) return;
      const error = await this.apply(actor, command).catch((thrown: Error) => {
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
      next = startRound(command, this.host.language(), newId, now);
    } else {
      if (!open) return 'no_round';
      const outcome = applyRoundCommand(open, actor, command, newId, now);
      if (!outcome.ok) return outcome.error;
      next = outcome.round;
    }
    if (this.host.storageFailing()) return 'not_stored';
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
    try {
      refused = await this.host.change((doc) => carryRound(doc, picked, () => this.host.newPillarId(), CARRY_ORIGIN));
    } catch (error) {
      this.logger.error('could not carry a round onto the canvas', { room: this.canvasId, error: (error as Error).message });
      refused = 'not_stored';
    }
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
