import { describe, expect, it } from 'vitest';
import { validateCanvasExport } from './canvasTransfer';
import { exportRound, importRounds } from './roundExport';
import { startRound, type Round } from './rounds';
import { blankCanvas } from './templates';

const round = (phase: Round['phase'], showNames = false): Round => ({
  ...startRound({ type: 'round:start', zone: 'obstacles', showNames }, 'nl', () => `r-${phase}`, 1),
  phase,
  participants: { 'hash-anna': { name: 'Anna' }, 'hash-bert': { name: 'Bert' } },
  cards: [
    { id: 'c1', author: 'hash-anna', text: 'Onthuld', revealed: true, groupId: 'g1' },
    { id: 'c2', author: 'hash-bert', text: 'Nog geheim', revealed: false, groupId: null },
  ],
  groups: [{ id: 'g1', name: 'Tijd' }],
  votes: { 'hash-bert': { g1: 2 } },
  finished: ['hash-bert'],
});

describe('rounds in the export', () => {
  it('leave out unrevealed cards, number the authors and keep names only when the round showed them', () => {
    const exported = exportRound(round('write'));
    const text = JSON.stringify(exported);
    expect(text).not.toContain('Nog geheim');
    expect(text).not.toContain('hash-');
    expect(text).not.toContain('Anna');
    expect(exported.cards).toEqual([{ id: 'c1', author: 'p1', text: 'Onthuld', revealed: true, groupId: 'g1' }]);
    // Only authors of exported cards are in it: Bert wrote nothing revealed.
    expect(exportRound(round('closed', true)).participants).toEqual({ p1: { name: 'Anna' } });
  });

  it('never say who voted for what: no votes before the results, one tally per group after, nobody finished', () => {
    for (const phase of ['write', 'group', 'vote'] as const) {
      expect(exportRound(round(phase, true))).toMatchObject({ votes: {}, finished: [] });
    }
    for (const phase of ['results', 'closed'] as const) {
      const exported = exportRound(round(phase, true));
      expect(exported.votes).toEqual({ all: { g1: 2 } });
      expect(exported.finished).toEqual([]);
      expect(JSON.stringify(exported)).not.toContain('Bert');
    }
  });

  it('import through the export format (@2), with new ids and at most one open round, the open one last', () => {
    const content = { ...blankCanvas('nl'), rounds: [exportRound(round('vote')), exportRound(round('closed')), exportRound(round('write'))] };
    const checked = validateCanvasExport(JSON.parse(JSON.stringify(content)));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    let n = 0;
    const imported = importRounds(checked.value.rounds!, () => `new${n++}`, 99);
    expect(imported.map((r) => [r.id, r.phase])).toEqual([
      ['new0', 'closed'],
      ['new1', 'closed'],
      ['new2', 'write'],
    ]);
    expect(imported[0]!.closedAt).toBe(99);
  });

  it('@1 still imports, without rounds; rounds in an @1 export are refused', () => {
    const old = { ...blankCanvas('nl'), format: 'stip-canvas@1' };
    const checked = validateCanvasExport(old);
    expect(checked.ok && checked.value.format).toBe('stip-canvas@3');
    expect(checked.ok && checked.value.rounds).toBeUndefined();
    expect(validateCanvasExport({ ...old, rounds: [] })).toEqual({ ok: false, message: 'rounds: only in stip-canvas@2 and stip-canvas@3.' });
    expect(validateCanvasExport({ ...blankCanvas('nl'), rounds: [{ id: 'x' }] }).ok).toBe(false);
  });
});
