import type { Language } from '../../../shared/docLayout';
import type { CardView, RoundView } from '../../../shared/rounds';
import { useTranslation } from '../i18n/useTranslation';
import { rankedViews } from '../rounds/RoundResults';
import { PHASE_MESSAGES } from '../rounds/useRounds';
import { useZoneHeading } from '../session/useZoneHeading';

const STEPS = ['write', 'group', 'vote', 'results'] as const;

/**
 * The running round on the projector, over the page: the question and, per phase, the number
 * of cards written, the revealed cards in their groups, how many finished voting, or the
 * results with a bar per group. Never who wrote what unless the round shows names.
 */
export function PresentRound({ round, language }: { round: RoundView; language: Language }) {
  const { t } = useTranslation();
  const heading = useZoneHeading();
  const step = STEPS.indexOf(round.phase as (typeof STEPS)[number]) + 1;
  return (
    <section className="present-round" aria-labelledby="present-round-question" data-testid="present-round" data-phase={round.phase}>
      <header className="present-round__head">
        <p className="present-round__zone">
          {heading(round.zone)} · {t('roundStep', { step, phase: t(PHASE_MESSAGES[round.phase]) })}
        </p>
        <h2 className="present-round__question" id="present-round-question" lang={language}>
          {round.question}
        </h2>
      </header>
      <div className="present-round__body">
        {round.phase === 'write' ? <WritePhase round={round} /> : null}
        {round.phase === 'group' ? <Groups round={round} loose /> : null}
        {round.phase === 'vote' ? (
          <>
            <p className="present-round__big" role="status" data-testid="present-round-finished">
              {t('roundFinished', { count: round.finishedCount, total: round.participantCount })}
            </p>
            <Groups round={round} loose={false} />
          </>
        ) : null}
        {round.phase === 'results' ? <Results round={round} /> : null}
      </div>
    </section>
  );
}

function WritePhase({ round }: { round: RoundView }) {
  const { t } = useTranslation();
  const shown = round.cards.filter((card) => card.revealed);
  return (
    <>
      <p className="present-round__big" role="status" data-testid="present-round-count">
        {t('roundCardCount', { count: round.cardCount })}
      </p>
      {shown.length > 0 ? <Cards cards={shown} /> : null}
    </>
  );
}

function Cards({ cards }: { cards: CardView[] }) {
  const { t } = useTranslation();
  return (
    <ul className="present-round__cards">
      {cards.map((card) => (
        <li key={card.id} className="present-round__card" data-testid="present-round-card">
          {card.text}
          {card.author ? <span className="present-round__author">{t('roundBy', { name: card.author })}</span> : null}
        </li>
      ))}
    </ul>
  );
}

function Groups({ round, loose }: { round: RoundView; loose: boolean }) {
  const { t } = useTranslation();
  const ungrouped = round.cards.filter((card) => card.groupId === null || !round.groups.some((g) => g.id === card.groupId));
  return (
    <div className="present-round__groups">
      {round.groups.map((group) => (
        <div key={group.id} className="present-round__group" data-testid="present-round-group">
          <h3 className="present-round__group-name">{group.name}</h3>
          <Cards cards={round.cards.filter((card) => card.groupId === group.id)} />
        </div>
      ))}
      {loose && ungrouped.length > 0 ? (
        <div className="present-round__group present-round__group--loose">
          <h3 className="present-round__group-name">{t('roundUngrouped')}</h3>
          <Cards cards={ungrouped} />
        </div>
      ) : null}
    </div>
  );
}

function Results({ round }: { round: RoundView }) {
  const { t } = useTranslation();
  const ranked = rankedViews(round);
  const most = Math.max(1, ...ranked.map((group) => group.votes ?? 0));
  return (
    <ol className="present-round__results" data-testid="present-round-results">
      {ranked.map((group) => (
        <li key={group.id} className="present-round__result">
          <span className="present-round__result-name">{group.name}</span>
          <span className="present-round__bar" aria-hidden="true">
            <span style={{ width: `${((group.votes ?? 0) / most) * 100}%` }} />
          </span>
          <span className="present-round__votes">{t('roundVotes', { count: group.votes ?? 0 })}</span>
        </li>
      ))}
    </ol>
  );
}
