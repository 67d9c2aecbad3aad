import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyRoundCommand,
  rankedGroups,
  roundView,
  startRound,
  votesOf,
  type Round,
  type RoundActor,
  type RoundCommand,
} from './rounds';

const facilitator: RoundActor = { participant: 'f', name: 'Fien', role: 'facilitator' };
const anna: RoundActor = { participant: 'a', name: 'Anna', role: 'editor' };
const bert: RoundActor = { participant: 'b', name: 'Bert', role: 'editor' };
const viewer: RoundActor = { participant: 'v', name: 'Vera', role: 'viewer' };

function counter(): () => string {
  let n = 0;
  return () => `id${n++}`;
}

/** Applies each step in turn; a refused step fails the test with its reason. */
function run(round: Round, steps: [RoundActor, RoundCommand][], newId = counter()): Round {
  for (const [actor, command] of steps) {
    const outcome = applyRoundCommand(round, actor, command, newId, 1);
    if (!outcome.ok) throw new Error(`${actor.name} ${command.type}: ${outcome.error}`);
    round = outcome.round;
  }
  return round;
}

const fresh = (settings: Partial<Extract<RoundCommand, { type: 'round:start' }>> = {}) =>
  startRound({ type: 'round:start', zone: 'obstacles', ...settings }, 'nl', () => 'r1', 0);

/** A round in its vote phase: Anna and Bert wrote a card each, grouped into g1 and g2. */
function votingRound(settings: Partial<Extract<RoundCommand, { type: 'round:start' }>> = {}): Round {
  const newId = counter();
  let round = run(fresh(settings), [
    [anna, { type: 'round:card:add', text: 'Te weinig tijd' }],
    [bert, { type: 'round:card:add', text: 'Regels' }],
    [facilitator, { type: 'round:advance', to: 'group' }],
  ], newId);
  const [c1, c2] = round.cards;
  round = run(round, [
    [anna, { type: 'round:group:create', name: 'Tijd', cardId: c1!.id }],
    [bert, { type: 'round:group:create', name: 'Regels', cardId: c2!.id }],
    [facilitator, { type: 'round:advance', to: 'vote' }],
  ], newId);
  return round;
}

describe('a round', () => {
  it('starts with the zone’s question in the canvas language and the default budget', () => {
    const round = fresh();
    expect(round.question).toBe('Wat staat ons in de weg?');
    expect(round.settings).toEqual({ votesPerPerson: 5, maxPerGroup: 3, facilitatorVotes: false, showNames: false });
  });

  it('shows nobody another participant’s card before the reveal, only the count; everyone sees all after it', () => {
    let round = run(fresh(), [
      [anna, { type: 'round:card:add', text: 'Geheim van Anna' }],
      [bert, { type: 'round:card:add', text: 'Geheim van Bert' }],
    ]);
    const seenBy = (who: RoundActor | null) => roundView(round, { participant: who?.participant ?? null, role: who?.role ?? 'viewer' });
    expect(JSON.stringify(seenBy(bert))).not.toContain('Geheim van Anna');
    expect(JSON.stringify(seenBy(facilitator))).not.toContain('Geheim');
    expect(JSON.stringify(seenBy(null))).not.toContain('Geheim');
    expect(seenBy(bert).cardCount).toBe(2);
    expect(seenBy(bert).cards.map((c) => c.text)).toEqual(['Geheim van Bert']);

    round = run(round, [[anna, { type: 'round:card:reveal-mine' }]]);
    expect(roundView(round, { participant: 'b', role: 'editor' }).cards.map((c) => c.text)).toEqual(['Geheim van Anna', 'Geheim van Bert']);
    expect(JSON.stringify(roundView(round, { participant: 'f', role: 'facilitator' }))).not.toContain('Geheim van Bert');

    round = run(round, [[facilitator, { type: 'round:advance', to: 'group' }]]);
    expect(roundView(round, { participant: 'f', role: 'facilitator' }).cards).toHaveLength(2);
    // Anonymous unless the facilitator shows names.
    expect(roundView(round, { participant: 'f', role: 'facilitator' }).cards.every((c) => c.author === null)).toBe(true);
    round = run(round, [[facilitator, { type: 'round:names', show: true }]]);
    expect(roundView(round, { participant: null, role: 'viewer' }).cards.map((c) => c.author)).toEqual(['Anna', 'Bert']);
  });

  it.each([
    ['an editor advances the phase', anna, { type: 'round:advance', to: 'group' }, 'not_allowed'],
    ['a viewer writes a card', viewer, { type: 'round:card:add', text: 'x' }, 'not_allowed'],
    ['someone skips a phase', facilitator, { type: 'round:advance', to: 'vote' }, 'wrong_phase'],
    ['someone votes while writing', anna, { type: 'round:vote', groupId: 'g', delta: 1 }, 'wrong_phase'],
    ['an editor picks results', anna, { type: 'round:pick', groupIds: [] }, 'not_allowed'],
    ['someone starts a second round', facilitator, { type: 'round:start', zone: 'actions' }, 'round_open'],
  ] as const)('refuses when %s', (_what, actor, command, error) => {
    expect(applyRoundCommand(fresh(), actor, command as RoundCommand, counter(), 1)).toEqual({ ok: false, error });
  });

  it('lets only its author edit or remove a card while writing, and the facilitator remove a rude one', () => {
    const round = run(fresh(), [[anna, { type: 'round:card:add', text: 'Onbeleefd' }]]);
    const card = round.cards[0]!;
    expect(applyRoundCommand(round, bert, { type: 'round:card:edit', cardId: card.id, text: 'x' }, counter(), 1)).toEqual({ ok: false, error: 'not_allowed' });
    expect(applyRoundCommand(round, bert, { type: 'round:card:remove', cardId: card.id }, counter(), 1)).toEqual({ ok: false, error: 'not_allowed' });
    const removed = applyRoundCommand(round, facilitator, { type: 'round:card:remove', cardId: card.id }, counter(), 1);
    expect(removed.ok && removed.round.cards).toEqual([]);
  });

  it('enforces the budget: a sixth vote, a fourth on one group and a vote after closing are refused; votes stay hidden until the results', () => {
    let round = votingRound();
    const [g1, g2] = round.groups;
    round = run(round, [
      [anna, { type: 'round:vote', groupId: g1!.id, delta: 1 }],
      [anna, { type: 'round:vote', groupId: g1!.id, delta: 1 }],
      [anna, { type: 'round:vote', groupId: g1!.id, delta: 1 }],
    ]);
    expect(applyRoundCommand(round, anna, { type: 'round:vote', groupId: g1!.id, delta: 1 }, counter(), 1)).toEqual({ ok: false, error: 'group_full' });
    round = run(round, [
      [anna, { type: 'round:vote', groupId: g2!.id, delta: 1 }],
      [anna, { type: 'round:vote', groupId: g2!.id, delta: 1 }],
    ]);
    expect(applyRoundCommand(round, anna, { type: 'round:vote', groupId: g2!.id, delta: 1 }, counter(), 1)).toEqual({ ok: false, error: 'no_votes_left' });
    expect(roundView(round, { participant: 'a', role: 'editor' }).votesLeft).toBe(0);
    // The facilitator does not vote unless the round says so, and sees no tally yet.
    expect(applyRoundCommand(round, facilitator, { type: 'round:vote', groupId: g1!.id, delta: 1 }, counter(), 1)).toEqual({ ok: false, error: 'not_allowed' });
    expect(roundView(round, { participant: 'f', role: 'facilitator' }).groups.map((g) => g.votes)).toEqual([null, null]);
    round = run(round, [[anna, { type: 'round:vote:done', done: true }]]);
    expect(roundView(round, { participant: 'f', role: 'facilitator' }).finishedCount).toBe(1);

    round = run(round, [[facilitator, { type: 'round:advance', to: 'results' }]]);
    expect(applyRoundCommand(round, bert, { type: 'round:vote', groupId: g2!.id, delta: 1 }, counter(), 1)).toEqual({ ok: false, error: 'wrong_phase' });
    expect(roundView(round, { participant: null, role: 'viewer' }).groups.map((g) => g.votes)).toEqual([3, 2]);
    expect(rankedGroups(round).map((r) => r.group.name)).toEqual(['Tijd', 'Regels']);
  });

  it('lets the facilitator vote when the round says so', () => {
    const round = votingRound({ facilitatorVotes: true });
    expect(applyRoundCommand(round, facilitator, { type: 'round:vote', groupId: round.groups[0]!.id, delta: 1 }, counter(), 1).ok).toBe(true);
  });

  it('keeps both of two moves made at once, in the order they arrived', () => {
    let round = run(fresh(), [
      [anna, { type: 'round:card:add', text: 'Een' }],
      [bert, { type: 'round:card:add', text: 'Twee' }],
      [facilitator, { type: 'round:advance', to: 'group' }],
      [anna, { type: 'round:group:create', name: 'A' }],
      [bert, { type: 'round:group:create', name: 'B' }],
    ]);
    const [one, two] = round.cards;
    const [a, b] = round.groups;
    round = run(round, [
      [anna, { type: 'round:card:move', cardId: one!.id, groupId: a!.id }],
      [bert, { type: 'round:card:move', cardId: two!.id, groupId: b!.id }],
    ]);
    expect(round.cards.map((c) => c.groupId)).toEqual([a!.id, b!.id]);
  });

  it('never lets anyone exceed the budget or the per-group cap, whatever the votes (generated)', () => {
    const people = [anna, bert, facilitator, viewer];
    fc.assert(
      fc.property(
        fc.record({ budget: fc.integer({ min: 1, max: 8 }), cap: fc.integer({ min: 1, max: 8 }) }),
        fc.array(fc.record({ who: fc.nat({ max: 3 }), group: fc.nat({ max: 1 }), up: fc.boolean() }), { maxLength: 60 }),
        ({ budget, cap }, votes) => {
          let round = votingRound({ votesPerPerson: budget, maxPerGroup: cap });
          for (const vote of votes) {
            const outcome = applyRoundCommand(
              round,
              people[vote.who]!,
              { type: 'round:vote', groupId: round.groups[vote.group]!.id, delta: vote.up ? 1 : -1 },
              counter(),
              1,
            );
            if (outcome.ok) round = outcome.round;
          }
          for (const person of people) {
            expect(votesOf(round, person.participant)).toBeLessThanOrEqual(budget);
            for (const group of round.groups) {
              const n = votesOf(round, person.participant, group.id);
              expect(n).toBeGreaterThanOrEqual(0);
              expect(n).toBeLessThanOrEqual(Math.min(cap, budget));
            }
          }
          expect(votesOf(round, viewer.participant)).toBe(0);
          expect(votesOf(round, facilitator.participant)).toBe(0);
        },
      ),
      { seed: 20261130, numRuns: 200 },
    );
  });
});
