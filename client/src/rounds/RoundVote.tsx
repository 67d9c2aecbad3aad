import type { RoundView } from '../../../shared/rounds';
import { useTranslation } from '../i18n/useTranslation';
import { RoundCardText } from './RoundCard';
import type { Rounds } from './useRounds';

/**
 * Step 3: each participant spends a budget of votes on groups (at most `maxPerGroup` on one),
 * sees what is left ("3 van 5 over", announced), and says when done. Votes stay hidden.
 */
export function RoundVote({ round, send }: { round: RoundView; send: Rounds['send'] }) {
  const { t } = useTranslation();
  const { votesPerPerson, maxPerGroup } = round.settings;
  const left = round.votesLeft;
  return (
    <div className="round-vote">
      {round.votes ? (
        <>
          <p className="round-vote__left" role="status" aria-live="polite" data-testid="round-votes-left">
            {t('roundVotesLeft', { left, total: votesPerPerson })}
          </p>
          <p className="muted round-small">
            {t('roundVoteRule', { max: maxPerGroup })} {t('roundVotesHidden')}
          </p>
        </>
      ) : (
        <p className="muted">{t('roundNotVoting')}</p>
      )}
      <ul className="round-vote__groups">
        {round.groups.map((group) => {
          const headingId = `round-vote-${group.id}`;
          const cards = round.cards.filter((card) => card.groupId === group.id);
          // aria-disabled, not disabled: a button used up keeps the keyboard focus.
          const noLess = group.mine === 0 || round.finished;
          const noMore = left === 0 || group.mine >= maxPerGroup || round.finished;
          return (
            <li key={group.id} className="round-vote__group" data-testid="round-vote-group" data-group-id={group.id}>
              <div className="round-vote__head">
                <h3 className="round-column__name" id={headingId}>
                  {group.name}
                </h3>
                {round.votes ? (
                  <div className="round-vote__buttons" role="group" aria-labelledby={headingId}>
                    <button
                      type="button"
                      className="round-vote__button"
                      aria-disabled={noLess}
                      onClick={() => noLess || send({ type: 'round:vote', groupId: group.id, delta: -1 })}
                      aria-label={t('roundVoteBack', { name: group.name })}
                      data-testid="round-vote-minus"
                    >
                      −
                    </button>
                    <span className="round-vote__mine" data-testid="round-vote-mine">
                      <span aria-hidden="true">{group.mine > 0 ? '●'.repeat(group.mine) : '0'}</span>
                      <span className="visually-hidden">{t('roundYourVotes', { count: group.mine })}</span>
                    </span>
                    <button
                      type="button"
                      className="round-vote__button"
                      aria-disabled={noMore}
                      onClick={() => noMore || send({ type: 'round:vote', groupId: group.id, delta: 1 })}
                      aria-label={t('roundVoteFor', { name: group.name })}
                      data-testid="round-vote-plus"
                    >
                      +
                    </button>
                  </div>
                ) : null}
              </div>
              {cards.length > 0 ? (
                <ul className="round-vote__cards">
                  {cards.map((card) => (
                    <li key={card.id} className="round-vote__card">
                      <RoundCardText card={card} />
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
      {round.votes ? (
        <div className="round-vote__done">
          {round.finished ? <p role="status">{t('roundDoneHint')}</p> : null}
          <button
            type="button"
            className={round.finished ? 'button' : 'button button--primary'}
            onClick={() => send({ type: 'round:vote:done', done: !round.finished })}
            data-testid="round-vote-done"
          >
            {round.finished ? t('roundNotDone') : t('roundDone')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
