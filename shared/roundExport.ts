import { z } from 'zod/mini';
import { ROUND_LIMITS, ROUND_PHASES, type NewId, type Round } from './rounds';
import { ZONE_KEYS } from './zones';

/**
 * Rounds in the export format (`stip-canvas@2` and later, field `rounds`). An export is a download any
 * link may make (viewers too), so a round goes out as everyone may see it:
 * - cards nobody has revealed yet are left out, text and all (an open round in its write
 *   phase exports without them);
 * - card authors are numbered (`p1`, `p2`, ...) instead of their ids, with their names only
 *   when the round shows names;
 * - votes never go out per person: before the results not at all (nobody sees them then), from
 *   the results on as one tally per group under `all`, so an imported round ranks as the
 *   original did without saying who voted for what. Who finished voting is left out.
 * The same shape comes back in through `importRound`, under a new id.
 */

/** The voter an exported tally stands under. */
export const TALLY_VOTER = 'all';

/** At most this many rounds come in with one import. */
export const MAX_IMPORTED_ROUNDS = 100;

const id = z.string().check(z.minLength(1), z.maxLength(64));
/** A tally under `all` sums everyone's votes on a group. */
const count = z.int().check(z.minimum(0), z.maximum(1_000_000));

/** A round as exported (and as the server stores it): the shape of `Round`, checked. */
export const roundExportSchema = z.strictObject({
  id,
  zone: z.enum(ZONE_KEYS),
  question: z.string().check(z.maxLength(ROUND_LIMITS.questionChars)),
  phase: z.enum(ROUND_PHASES),
  settings: z.strictObject({
    votesPerPerson: z.int().check(z.minimum(1), z.maximum(ROUND_LIMITS.maxVotesPerPerson)),
    maxPerGroup: z.int().check(z.minimum(1), z.maximum(ROUND_LIMITS.maxVotesPerPerson)),
    facilitatorVotes: z.boolean(),
    showNames: z.boolean(),
  }),
  participants: z.record(id, z.strictObject({ name: z.string().check(z.maxLength(60)) })),
  cards: z.array(
    z.strictObject({
      id,
      author: id,
      text: z.string().check(z.maxLength(ROUND_LIMITS.cardChars)),
      revealed: z.boolean(),
      groupId: z.nullable(id),
    }),
  ),
  groups: z.array(z.strictObject({ id, name: z.string().check(z.maxLength(ROUND_LIMITS.groupNameChars)) })).check(z.maxLength(ROUND_LIMITS.groups)),
  votes: z.record(id, z.record(id, count)),
  finished: z.array(id),
  picked: z.array(id).check(z.maxLength(ROUND_LIMITS.groups)),
  createdAt: z.number(),
  closedAt: z.nullable(z.number()),
});

/** A round as any link may download it (see above). */
export function exportRound(round: Round): Round {
  // Only authors are numbered: a voter who wrote nothing is not in the export at all.
  const numbers = new Map<string, string>();
  const as = (participant: string) => {
    let number = numbers.get(participant);
    if (!number) {
      number = `p${numbers.size + 1}`;
      numbers.set(participant, number);
    }
    return number;
  };
  const cards = round.cards.filter((card) => card.revealed).map((card) => ({ ...card, author: as(card.author) }));
  const tallyShown = round.phase === 'results' || round.phase === 'closed';
  const tally: Record<string, number> = {};
  for (const mine of Object.values(round.votes)) {
    for (const [group, n] of Object.entries(mine)) if (n > 0) tally[group] = (tally[group] ?? 0) + n;
  }
  const votes: Record<string, Record<string, number>> = tallyShown && Object.keys(tally).length > 0 ? { [TALLY_VOTER]: tally } : {};
  const participants = Object.fromEntries(
    [...numbers.keys()].map((participant) => [as(participant), { name: round.settings.showNames ? (round.participants[participant]?.name ?? '') : '' }]),
  );
  return { ...round, participants, cards, votes, finished: [], picked: [...round.picked], groups: round.groups.map((g) => ({ ...g })) };
}

/**
 * An exported (checked) round as a round of a new canvas: a new id, and whatever points
 * nowhere (a card in a group that is not there, a vote for one, a pick of one) left out.
 */
export function importRound(exported: Round, newId: NewId): Round {
  const groups = new Set(exported.groups.map((g) => g.id));
  return {
    ...exported,
    id: newId(),
    cards: exported.cards.map((card) => (card.groupId === null || groups.has(card.groupId) ? card : { ...card, groupId: null })),
    votes: Object.fromEntries(
      Object.entries(exported.votes).map(([participant, mine]) => [participant, Object.fromEntries(Object.entries(mine).filter(([g]) => groups.has(g)))]),
    ),
    picked: exported.picked.filter((g) => groups.has(g)),
  };
}

/**
 * Rounds of an import in the order given, at most one of them open and that one last (the
 * last open one; any other open round is closed at `now`): a canvas runs one round at a time.
 */
export function importRounds(exported: readonly Round[], newId: NewId, now: number): Round[] {
  const lastOpen = exported.findLastIndex((round) => round.phase !== 'closed');
  const rounds = exported.map((round, index) => (round.phase !== 'closed' && index !== lastOpen ? { ...round, phase: 'closed' as const, closedAt: now } : round));
  const open = lastOpen >= 0 ? [rounds[lastOpen]!] : [];
  return [...rounds.filter((_, index) => index !== lastOpen), ...open].map((round) => importRound(round, newId));
}
