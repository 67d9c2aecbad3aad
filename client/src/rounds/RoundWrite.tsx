import { useState, type FormEvent } from 'react';
import { ROUND_LIMITS, type RoundView } from '../../../shared/rounds';
import { useTranslation } from '../i18n/useTranslation';
import { RoundCardItem, shortText } from './RoundCard';
import type { Rounds } from './useRounds';
import { escapeCancels } from '../lib/escapeCancels';

interface Props {
  round: RoundView;
  send: Rounds['send'];
  /** Writes cards (an editor or the facilitator; a viewer watches). */
  writes: boolean;
  facilitator: boolean;
}

/** Step 1: each person writes short private cards, edits or removes them, may show them early. */
export function RoundWrite({ round, send, writes, facilitator }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);
  const mine = round.cards.filter((card) => card.mine);
  const others = round.cards.filter((card) => !card.mine);
  const max = ROUND_LIMITS.cardChars;

  const add = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    if (send({ type: 'round:card:add', text })) setDraft('');
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!editing || !editing.text.trim()) return;
    if (send({ type: 'round:card:edit', cardId: editing.id, text: editing.text.trim() })) setEditing(null);
  };

  return (
    <div className="round-write">
      {writes ? (
        <form className="round-write__form" onSubmit={add}>
          <label htmlFor="round-card-draft" className="round-label">
            {t('roundCardLabel', { max })}
          </label>
          <textarea
            id="round-card-draft"
            className="field round-write__input"
            rows={3}
            maxLength={max}
            value={draft}
            aria-describedby="round-card-chars"
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              // Enter adds the card (cards are short); Shift+Enter is a new line.
              if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) add(event);
            }}
            data-testid="round-card-input"
          />
          <div className="round-write__row">
            <span id="round-card-chars" className="muted round-small">
              {t('roundCharsLeft', { count: max - draft.length })}
            </span>
            <button type="submit" className="button button--primary" disabled={!draft.trim()} data-testid="round-card-add">
              {t('roundCardAdd')}
            </button>
          </div>
        </form>
      ) : null}
      {writes ? (
        <section className="round-section" aria-labelledby="round-my-cards">
          <h3 className="round-subheading" id="round-my-cards">
            {t('roundMyCards')} ({mine.length})
          </h3>
          <p className="muted round-small">{t('roundHiddenHint')}</p>
          <ul className="round-cards" data-testid="round-my-cards">
            {mine.map((card) =>
              editing?.id === card.id ? (
                <li key={card.id} className="round-card round-card--mine">
                  <form className="round-write__edit" onSubmit={save}>
                    <label className="visually-hidden" htmlFor={`round-edit-${card.id}`}>
                      {t('roundCardEditLabel')}
                    </label>
                    <textarea
                      id={`round-edit-${card.id}`}
                      className="field"
                      rows={2}
                      maxLength={max}
                      value={editing.text}
                      autoFocus
                      onChange={(event) => setEditing({ id: card.id, text: event.target.value })}
                      onKeyDown={escapeCancels(() => setEditing(null))}
                    />
                    <div className="round-card__controls">
                      <button type="submit" className="chip chip--primary">
                        {t('roundCardSave')}
                      </button>
                      <button type="button" className="chip" onClick={() => setEditing(null)}>
                        {t('roundCancel')}
                      </button>
                    </div>
                  </form>
                </li>
              ) : (
                <RoundCardItem key={card.id} card={card} testId="round-my-card">
                  {card.revealed ? <span className="round-badge">{t('roundRevealedMine')}</span> : null}
                  <button type="button" className="chip" onClick={() => setEditing({ id: card.id, text: card.text })} aria-label={t('roundCardEditOf', { text: shortText(card.text) })}>
                    {t('roundCardEdit')}
                  </button>
                  <button type="button" className="chip" onClick={() => send({ type: 'round:card:remove', cardId: card.id })} aria-label={t('roundCardRemoveLabel', { text: shortText(card.text) })}>
                    {t('roundCardRemove')}
                  </button>
                </RoundCardItem>
              ),
            )}
          </ul>
          {mine.some((card) => !card.revealed) ? (
            <button type="button" className="button" onClick={() => send({ type: 'round:card:reveal-mine' })} data-testid="round-reveal-mine">
              {t('roundRevealMine')}
            </button>
          ) : null}
        </section>
      ) : null}
      {others.length > 0 ? (
        <section className="round-section" aria-labelledby="round-others-cards">
          <h3 className="round-subheading" id="round-others-cards">
            {t('roundOthersCards')}
          </h3>
          <ul className="round-cards" data-testid="round-others-cards">
            {others.map((card) => (
              <RoundCardItem key={card.id} card={card}>
                {facilitator ? (
                  <button type="button" className="chip" onClick={() => send({ type: 'round:card:remove', cardId: card.id })} aria-label={t('roundCardRemoveLabel', { text: shortText(card.text) })}>
                    {t('roundCardRemove')}
                  </button>
                ) : null}
              </RoundCardItem>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
