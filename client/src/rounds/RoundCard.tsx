import type { ReactNode } from 'react';
import type { CardView } from '../../../shared/rounds';
import { useTranslation } from '../i18n/useTranslation';

/** A card's text, with its author's name when the round shows names; `children`: its controls. */
export function RoundCardText({ card }: { card: CardView }) {
  const { t } = useTranslation();
  return (
    <>
      <span className="round-card__text">{card.text}</span>
      {card.author ? <span className="round-card__author">{t('roundBy', { name: card.author })}</span> : null}
    </>
  );
}

/** A card in a list: its text, then whatever controls the phase gives it. */
export function RoundCardItem({ card, children, testId = 'round-card' }: { card: CardView; children?: ReactNode; testId?: string }) {
  return (
    <li className={`round-card${card.mine ? ' round-card--mine' : ''}`} data-testid={testId} data-card-id={card.id}>
      <RoundCardText card={card} />
      {children ? <div className="round-card__controls">{children}</div> : null}
    </li>
  );
}

/** A card's text cut short for a label ("Verwijderen: Te weinig tijd voor…"). */
export function shortText(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
