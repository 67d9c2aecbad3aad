import { z } from 'zod/mini';
import type { Role } from './protocol';
import { ZONE_KEYS, type ZoneKey } from './zones';

/**
 * A workshop round: one zone's question, answered on private cards, revealed, grouped, voted on,
 * and the strongest groups carried onto the A4. The round is the server's, not the shared
 * canvas document's: cards stay private until the reveal, so no peer may hold them. This module
 * is the round's rules as pure functions (`applyRoundCommand`, `roundView`); the server keeps
 * the state, stores it and sends each connection its own view.
 */

export const ROUND_PHASES = ['write', 'group', 'vote', 'results', 'closed'] as const;
export type RoundPhase = (typeof ROUND_PHASES)[number];

export const ROUND_LIMITS = {
  questionChars: 200,
  cardChars: 300,
  cardsPerParticipant: 30,
  groups: 60,
  groupNameChars: 80,
  maxVotesPerPerson: 20,
} as const;

export const DEFAULT_ROUND_SETTINGS = { votesPerPerson: 5, maxPerGroup: 3, facilitatorVotes: false, showNames: false } as const;

/** The question a round starts with when the facilitator gives none, in the canvas language. */
export const DEFAULT_QUESTIONS: Record<ZoneKey, { nl: string; en: string }> = {
  horizon: { nl: 'Waar staan we over vier jaar?', en: 'Where do we stand in four years?' },
  obstacles: { nl: 'Wat staat ons in de weg?', en: 'What stands in our way?' },
  pillars: { nl: 'Waar zetten we op in?', en: 'What do we focus on?' },
  actions: { nl: 'Wat gaan we dit jaar doen?', en: 'What will we do this year?' },
};

export interface RoundCard {
  id: string;
  /** The author's public participant id (never the key their browser holds). */
  author: string;
  text: string;
  /** Shown to everyone: by its author before the reveal, or to all at the reveal. */
  revealed: boolean;
  groupId: string | null;
}

export interface RoundGroup {
  id: string;
  name: string;
}

export interface RoundSettings {
  votesPerPerson: number;
  maxPerGroup: number;
  facilitatorVotes: boolean;
  showNames: boolean;
}

export interface Round {
  id: string;
  zone: ZoneKey;
  question: string;
  phase: RoundPhase;
  settings: RoundSettings;
  /** Everyone who took part (wrote, grouped or voted, or joined while it ran), by public id. */
  participants: Record<string, { name: string }>;
  cards: RoundCard[];
  groups: RoundGroup[];
  /** Votes per participant per group. Hidden from everyone until the results. */
  votes: Record<string, Record<string, number>>;
  /** Participants who said they finished voting. */
  finished: string[];
  /** Groups the facilitator carried onto the A4, in their order. */
  picked: string[];
  createdAt: number;
  closedAt: number | null;
}

/** Who sends a command: the server binds the participant id to the connection. */
export interface RoundActor {
  participant: string;
  name: string;
  role: Role;
}

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const id = z.string().check(z.minLength(1), z.maxLength(64));

/** What a client may ask of a round (Stip client messages, type 100). */
export const roundCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('round:start'),
    zone: z.enum(ZONE_KEYS),
    question: z.optional(z.string().check(z.trim(), z.maxLength(ROUND_LIMITS.questionChars))),
    votesPerPerson: z.optional(z.int().check(z.minimum(1), z.maximum(ROUND_LIMITS.maxVotesPerPerson))),
    maxPerGroup: z.optional(z.int().check(z.minimum(1), z.maximum(ROUND_LIMITS.maxVotesPerPerson))),
    facilitatorVotes: z.optional(z.boolean()),
    showNames: z.optional(z.boolean()),
  }),
  z.strictObject({ type: z.literal('round:join') }),
  z.strictObject({ type: z.literal('round:card:add'), text: text(ROUND_LIMITS.cardChars) }),
  z.strictObject({ type: z.literal('round:card:edit'), cardId: id, text: text(ROUND_LIMITS.cardChars) }),
  z.strictObject({ type: z.literal('round:card:remove'), cardId: id }),
  z.strictObject({ type: z.literal('round:card:reveal-mine') }),
  z.strictObject({ type: z.literal('round:advance'), to: z.enum(ROUND_PHASES) }),
  z.strictObject({ type: z.literal('round:names'), show: z.boolean() }),
  z.strictObject({ type: z.literal('round:group:create'), name: text(ROUND_LIMITS.groupNameChars), cardId: z.optional(id) }),
  z.strictObject({ type: z.literal('round:group:rename'), groupId: id, name: text(ROUND_LIMITS.groupNameChars) }),
  z.strictObject({ type: z.literal('round:card:move'), cardId: id, groupId: z.nullable(id) }),
  z.strictObject({ type: z.literal('round:vote'), groupId: id, delta: z.union([z.literal(1), z.literal(-1)]) }),
  z.strictObject({ type: z.literal('round:vote:done'), done: z.boolean() }),
  z.strictObject({ type: z.literal('round:pick'), groupIds: z.array(id).check(z.maxLength(ROUND_LIMITS.groups)) }),
]);
export type RoundCommand = z.infer<typeof roundCommandSchema>;

export const ROUND_ERRORS = [
  'no_round',
  'round_open',
  'not_allowed',
  'wrong_phase',
  'unknown_card',
  'unknown_group',
  'too_many_cards',
  'too_many_groups',
  'no_votes_left',
  'group_full',
  /** The server cannot store now (a full disk): nothing changed. */
  'not_stored',
  /** Carrying the picked groups onto the A4 would not fit: past the canvas size or the pillar count. */
  'too_large',
] as const;
export type RoundError = (typeof ROUND_ERRORS)[number];

/** What a command did: the next state (a new object; the old one is untouched), or why not. */
export type RoundOutcome = { ok: true; round: Round } | { ok: false; error: RoundError };

/** The ids a command creates, chosen by the caller (the server's random ids; tests' counters). */
export type NewId = () => string;

const refuse = (error: RoundError): RoundOutcome => ({ ok: false, error });

/** The next phase after `phase`, in order; the facilitator may also close at any time. */
function nextPhase(phase: RoundPhase): RoundPhase | null {
  const at = ROUND_PHASES.indexOf(phase);
  return at >= 0 && at < ROUND_PHASES.length - 1 ? ROUND_PHASES[at + 1]! : null;
}

/** A new round in its write phase. */
export function startRound(
  command: Extract<RoundCommand, { type: 'round:start' }>,
  language: 'nl' | 'en',
  newId: NewId,
  now: number,
): Round {
  return {
    id: newId(),
    zone: command.zone,
    question: command.question?.trim() || DEFAULT_QUESTIONS[command.zone][language],
    phase: 'write',
    settings: {
      votesPerPerson: command.votesPerPerson ?? DEFAULT_ROUND_SETTINGS.votesPerPerson,
      maxPerGroup: Math.min(command.maxPerGroup ?? DEFAULT_ROUND_SETTINGS.maxPerGroup, command.votesPerPerson ?? DEFAULT_ROUND_SETTINGS.votesPerPerson),
      facilitatorVotes: command.facilitatorVotes ?? DEFAULT_ROUND_SETTINGS.facilitatorVotes,
      showNames: command.showNames ?? DEFAULT_ROUND_SETTINGS.showNames,
    },
    participants: {},
    cards: [],
    groups: [],
    votes: {},
    finished: [],
    picked: [],
    createdAt: now,
    closedAt: null,
  };
}

/** Whether `actor` takes part (writes, groups, votes); viewers watch, and so may a facilitator. */
function takesPart(round: Round, actor: RoundActor, what: 'write' | 'group' | 'vote'): boolean {
  if (actor.role === 'viewer') return false;
  if (what === 'vote' && actor.role === 'facilitator') return round.settings.facilitatorVotes;
  return true;
}

function withParticipant(round: Round, actor: RoundActor): Round {
  const known = round.participants[actor.participant];
  if (known && known.name === actor.name) return round;
  return { ...round, participants: { ...round.participants, [actor.participant]: { name: actor.name } } };
}

/** Votes `participant` has cast in all, and on `groupId`. */
export function votesOf(round: Round, participant: string, groupId?: string): number {
  const mine = round.votes[participant] ?? {};
  if (groupId !== undefined) return mine[groupId] ?? 0;
  return Object.values(mine).reduce((sum, n) => sum + n, 0);
}

/**
 * The rules of a round: applies `command` from `actor` to `round`, or says why not. The server
 * runs every command through this, one after another, so two people grouping at once both
 * land, in the order they arrived.
 */
export function applyRoundCommand(round: Round, actor: RoundActor, command: RoundCommand, newId: NewId, now: number): RoundOutcome {
  if (round.phase === 'closed') return refuse('wrong_phase');
  const facilitator = actor.role === 'facilitator';
  switch (command.type) {
    case 'round:start':
      return refuse('round_open');
    case 'round:join':
      return actor.role === 'viewer' ? refuse('not_allowed') : { ok: true, round: withParticipant(round, actor) };
    case 'round:card:add': {
      if (round.phase !== 'write') return refuse('wrong_phase');
      if (!takesPart(round, actor, 'write')) return refuse('not_allowed');
      const mine = round.cards.filter((card) => card.author === actor.participant).length;
      if (mine >= ROUND_LIMITS.cardsPerParticipant) return refuse('too_many_cards');
      const card: RoundCard = { id: newId(), author: actor.participant, text: command.text.trim(), revealed: false, groupId: null };
      return { ok: true, round: { ...withParticipant(round, actor), cards: [...round.cards, card] } };
    }
    case 'round:card:edit': {
      const card = round.cards.find((c) => c.id === command.cardId);
      if (!card) return refuse('unknown_card');
      if (card.author !== actor.participant) return refuse('not_allowed');
      if (round.phase !== 'write') return refuse('wrong_phase');
      return { ok: true, round: { ...round, cards: round.cards.map((c) => (c === card ? { ...c, text: command.text.trim() } : c)) } };
    }
    case 'round:card:remove': {
      const card = round.cards.find((c) => c.id === command.cardId);
      if (!card) return refuse('unknown_card');
      // Its author while writing; the facilitator also a rude card before or after the reveal.
      const own = card.author === actor.participant && round.phase === 'write';
      if (!own && !(facilitator && (round.phase === 'write' || round.phase === 'group'))) return refuse('not_allowed');
      return { ok: true, round: { ...round, cards: round.cards.filter((c) => c !== card) } };
    }
    case 'round:card:reveal-mine': {
      if (round.phase !== 'write') return refuse('wrong_phase');
      return {
        ok: true,
        round: { ...round, cards: round.cards.map((c) => (c.author === actor.participant ? { ...c, revealed: true } : c)) },
      };
    }
    case 'round:names':
      if (!facilitator) return refuse('not_allowed');
      return { ok: true, round: { ...round, settings: { ...round.settings, showNames: command.show } } };
    case 'round:advance':
      return advance(round, actor, command.to, now);
    case 'round:group:create': {
      if (round.phase !== 'group') return refuse('wrong_phase');
      if (!takesPart(round, actor, 'group')) return refuse('not_allowed');
      if (round.groups.length >= ROUND_LIMITS.groups) return refuse('too_many_groups');
      if (command.cardId !== undefined && !round.cards.some((c) => c.id === command.cardId)) return refuse('unknown_card');
      const group: RoundGroup = { id: newId(), name: command.name.trim() };
      const cards = command.cardId === undefined ? round.cards : round.cards.map((c) => (c.id === command.cardId ? { ...c, groupId: group.id } : c));
      return { ok: true, round: { ...withParticipant(round, actor), groups: [...round.groups, group], cards } };
    }
    case 'round:group:rename': {
      if (round.phase !== 'group' && round.phase !== 'vote') return refuse('wrong_phase');
      if (!takesPart(round, actor, 'group')) return refuse('not_allowed');
      if (!round.groups.some((g) => g.id === command.groupId)) return refuse('unknown_group');
      return { ok: true, round: { ...round, groups: round.groups.map((g) => (g.id === command.groupId ? { ...g, name: command.name.trim() } : g)) } };
    }
    case 'round:card:move': {
      if (round.phase !== 'group') return refuse('wrong_phase');
      if (!takesPart(round, actor, 'group')) return refuse('not_allowed');
      if (!round.cards.some((c) => c.id === command.cardId)) return refuse('unknown_card');
      if (command.groupId !== null && !round.groups.some((g) => g.id === command.groupId)) return refuse('unknown_group');
      return { ok: true, round: { ...round, cards: round.cards.map((c) => (c.id === command.cardId ? { ...c, groupId: command.groupId } : c)) } };
    }
    case 'round:vote': {
      if (round.phase !== 'vote') return refuse('wrong_phase');
      if (!takesPart(round, actor, 'vote')) return refuse('not_allowed');
      if (!round.groups.some((g) => g.id === command.groupId)) return refuse('unknown_group');
      const onGroup = votesOf(round, actor.participant, command.groupId);
      if (command.delta === 1) {
        if (votesOf(round, actor.participant) >= round.settings.votesPerPerson) return refuse('no_votes_left');
        if (onGroup >= round.settings.maxPerGroup) return refuse('group_full');
      } else if (onGroup === 0) {
        return refuse('unknown_group');
      }
      const mine = { ...(round.votes[actor.participant] ?? {}), [command.groupId]: onGroup + command.delta };
      return { ok: true, round: { ...withParticipant(round, actor), votes: { ...round.votes, [actor.participant]: mine } } };
    }
    case 'round:vote:done': {
      if (round.phase !== 'vote') return refuse('wrong_phase');
      if (!takesPart(round, actor, 'vote')) return refuse('not_allowed');
      const others = round.finished.filter((p) => p !== actor.participant);
      return { ok: true, round: { ...round, finished: command.done ? [...others, actor.participant] : others } };
    }
    case 'round:pick': {
      if (!facilitator) return refuse('not_allowed');
      if (round.phase !== 'results') return refuse('wrong_phase');
      const known = new Set(round.groups.map((g) => g.id));
      if (command.groupIds.some((g) => !known.has(g))) return refuse('unknown_group');
      return { ok: true, round: { ...round, picked: [...new Set(command.groupIds)], phase: 'closed', closedAt: now } };
    }
  }
}

function advance(round: Round, actor: RoundActor, to: RoundPhase, now: number): RoundOutcome {
  if (actor.role !== 'facilitator') return refuse('not_allowed');
  if (to === 'closed') return { ok: true, round: { ...round, phase: 'closed', closedAt: now } };
  if (to !== nextPhase(round.phase)) return refuse('wrong_phase');
  // The reveal: every card is shown; those nobody grouped stay loose.
  if (to === 'group') return { ok: true, round: { ...round, phase: 'group', cards: round.cards.map((c) => ({ ...c, revealed: true })) } };
  return { ok: true, round: { ...round, phase: to } };
}

/** One card as a person sees it; the author's name only when the round shows names. */
export interface CardView {
  id: string;
  text: string;
  groupId: string | null;
  mine: boolean;
  revealed: boolean;
  author: string | null;
}

export interface GroupView {
  id: string;
  name: string;
  /** Everyone's votes on it: in the results only. */
  votes: number | null;
  /** This person's votes on it. */
  mine: number;
  picked: boolean;
}

/** A round as one connection may see it: what the server sends that connection, nothing more. */
export interface RoundView {
  id: string;
  zone: ZoneKey;
  question: string;
  phase: RoundPhase;
  settings: RoundSettings;
  participantCount: number;
  /** Cards written in all (everyone sees the count, not whose). */
  cardCount: number;
  /** Cards this person may read: their own, and those revealed. */
  cards: CardView[];
  groups: GroupView[];
  /** Votes this person has left, and whether they take part in voting. */
  votesLeft: number;
  votes: boolean;
  /** How many said they finished voting (not who). */
  finishedCount: number;
  /** Whether this person said they finished. */
  finished: boolean;
  closedAt: number | null;
}

/** What `viewer` may see of `round`: other people's unrevealed card text never leaves the server. */
export function roundView(round: Round, viewer: { participant: string | null; role: Role }): RoundView {
  const me = viewer.participant;
  const showTally = round.phase === 'results' || round.phase === 'closed';
  const tally = (groupId: string) => Object.values(round.votes).reduce((sum, mine) => sum + (mine[groupId] ?? 0), 0);
  const voting = viewer.role !== 'viewer' && (viewer.role !== 'facilitator' || round.settings.facilitatorVotes);
  return {
    id: round.id,
    zone: round.zone,
    question: round.question,
    phase: round.phase,
    settings: round.settings,
    participantCount: Object.keys(round.participants).length,
    cardCount: round.cards.length,
    cards: round.cards
      .filter((card) => card.revealed || card.author === me)
      .map((card) => ({
        id: card.id,
        text: card.text,
        groupId: card.groupId,
        mine: card.author === me,
        revealed: card.revealed,
        author: round.settings.showNames ? (round.participants[card.author]?.name ?? null) : null,
      })),
    groups: round.groups.map((group) => ({
      id: group.id,
      name: group.name,
      votes: showTally ? tally(group.id) : null,
      mine: me ? votesOf(round, me, group.id) : 0,
      picked: round.picked.includes(group.id),
    })),
    votesLeft: me && voting ? Math.max(0, round.settings.votesPerPerson - votesOf(round, me)) : 0,
    votes: voting,
    finishedCount: round.finished.length,
    finished: me !== null && round.finished.includes(me),
    closedAt: round.closedAt,
  };
}

/** The groups with their votes, most first (ties: the order they were made in). */
export function rankedGroups(round: Round): { group: RoundGroup; votes: number; cards: RoundCard[] }[] {
  return round.groups
    .map((group, order) => ({
      group,
      order,
      votes: Object.values(round.votes).reduce((sum, mine) => sum + (mine[group.id] ?? 0), 0),
      cards: round.cards.filter((card) => card.groupId === group.id),
    }))
    .sort((a, b) => b.votes - a.votes || a.order - b.order)
    .map(({ group, votes, cards }) => ({ group, votes, cards }));
}

/**
 * The wire. A browser is a participant: it keeps a random key (like the name it keeps) and says
 * it once per connection with `round:hello`; the server binds the connection to the public id it
 * derives from that key, so nobody can act as another without their key. Then any RoundCommand.
 */
export const roundHelloSchema = z.strictObject({
  type: z.literal('round:hello'),
  key: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/)),
  name: z.string().check(z.trim(), z.maxLength(60)),
});
export type RoundHello = z.infer<typeof roundHelloSchema>;

const roundSettingsSchema = z.object({
  votesPerPerson: z.int(),
  maxPerGroup: z.int(),
  facilitatorVotes: z.boolean(),
  showNames: z.boolean(),
});

export const roundViewSchema = z.object({
  id: z.string(),
  zone: z.enum(ZONE_KEYS),
  question: z.string(),
  phase: z.enum(ROUND_PHASES),
  settings: roundSettingsSchema,
  participantCount: z.int(),
  cardCount: z.int(),
  cards: z.array(
    z.object({ id: z.string(), text: z.string(), groupId: z.nullable(z.string()), mine: z.boolean(), revealed: z.boolean(), author: z.nullable(z.string()) }),
  ),
  groups: z.array(z.object({ id: z.string(), name: z.string(), votes: z.nullable(z.int()), mine: z.int(), picked: z.boolean() })),
  votesLeft: z.int(),
  votes: z.boolean(),
  finishedCount: z.int(),
  finished: z.boolean(),
  closedAt: z.nullable(z.number()),
});

/** Server to client: every round of the canvas as this connection may see it (open one last). */
export const roundsMessageSchema = z.object({ type: z.literal('rounds'), rounds: z.array(roundViewSchema) });
/** Server to client: a command of this connection's was refused, and why. */
export const roundRefusedSchema = z.object({ type: z.literal('round:refused'), error: z.enum(ROUND_ERRORS) });
