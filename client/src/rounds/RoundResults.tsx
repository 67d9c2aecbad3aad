import { useState } from 'react';
import type { GroupView, RoundView } from '../../../shared/rounds';
import { useTranslation } from '../i18n/useTranslation';
import type { Rounds } from './useRounds';

/** The groups most voted first (ties in the order they were made), as the server ranks them. */
export function rankedViews(round: RoundView): GroupView[] {
  return round.groups.map((group, order) => ({ group, order })).sort((a, b) => (b.group.votes ?? 0) - (a.group.votes ?? 0) || a.order - b.order).map(({ group }) => group);
}

/**
 * Step 4 and a closed round: the groups by votes, each with a bar. The facilitator ticks the
 * groups that go onto the A4 and puts them there (the server writes them into the zone).
 */
export function RoundResults({ round, send, picking }: { round: RoundView; send?: Rounds['send']; picking: boolean }) {
  const { t } = useTranslation();
  const ranked = rankedViews(round);
  const most = Math.max(1, ...ranked.map((group) => group.votes ?? 0));
  const [picked, setPicked] = useState<ReadonlySet<string>>(() => new Set(ranked.filter((g) => g.picked).map((g) => g.id)));
  if (ranked.length === 0) return <p className="muted">{t('roundNoGroups')}</p>;
  const toggle = (id: string, on: boolean) =>
    setPicked((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const list = (
    <ol className="round-results" data-testid="round-results">
      {ranked.map((group) => {
        const votes = group.votes ?? 0;
        const cards = round.cards.filter((card) => card.groupId === group.id);
        return (
          <li key={group.id} className={`round-result${group.picked ? ' round-result--picked' : ''}`} data-testid="round-result" data-group-id={group.id}>
            <div className="round-result__head">
              {picking ? (
                <input
                  type="checkbox"
                  id={`round-pick-${group.id}`}
                  className="round-result__check"
                  checked={picked.has(group.id)}
                  onChange={(event) => toggle(group.id, event.target.checked)}
                  data-testid="round-pick"
                />
              ) : null}
              {picking ? (
                <label htmlFor={`round-pick-${group.id}`} className="round-result__name">
                  {group.name}
                </label>
              ) : (
                <span className="round-result__name">{group.name}</span>
              )}
              <span className="round-result__votes">{t('roundVotes', { count: votes })}</span>
              {group.picked ? <span className="round-badge round-badge--picked">{t('roundPicked')}</span> : null}
            </div>
            <div className="round-result__bar" aria-hidden="true">
              <span style={{ width: `${(votes / most) * 100}%` }} />
            </div>
            {cards.length > 0 ? (
              <ul className="round-vote__cards">
                {cards.map((card) => (
                  <li key={card.id} className="round-vote__card">
                    {card.text}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
  if (!picking || !send) return list;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        send({ type: 'round:pick', groupIds: ranked.filter((g) => picked.has(g.id)).map((g) => g.id) });
      }}
    >
      <p className="muted round-small">{t('roundPickHint')}</p>
      {list}
      <button type="submit" className="button button--primary" disabled={picked.size === 0} data-testid="round-pick-submit">
        {t('roundPick')}
      </button>
    </form>
  );
}
