import { useState, type FormEvent } from 'react';
import type { Language } from '../../../shared/docLayout';
import { DEFAULT_QUESTIONS, DEFAULT_ROUND_SETTINGS, ROUND_LIMITS } from '../../../shared/rounds';
import { ZONE_KEYS, type ZoneKey } from '../../../shared/zones';
import { useTranslation } from '../i18n/useTranslation';
import { useZoneHeading } from '../session/useZoneHeading';
import type { Rounds } from './useRounds';

interface Props {
  send: Rounds['send'];
  /** The canvas language: the question is asked in it. */
  language: Language;
  initialZone: ZoneKey;
  onCancel: () => void;
}

/** The facilitator's new round: zone, question (the zone's own by default), vote budget, names. */
export function RoundStart({ send, language, initialZone, onCancel }: Props) {
  const { t } = useTranslation();
  const heading = useZoneHeading();
  const [zone, setZone] = useState<ZoneKey>(initialZone);
  // The zone's default question until the facilitator writes their own.
  const [question, setQuestion] = useState<string | null>(null);
  const [votes, setVotes] = useState<number>(DEFAULT_ROUND_SETTINGS.votesPerPerson);
  const [perGroup, setPerGroup] = useState<number>(DEFAULT_ROUND_SETTINGS.maxPerGroup);
  const [showNames, setShowNames] = useState<boolean>(DEFAULT_ROUND_SETTINGS.showNames);
  const shownQuestion = question ?? DEFAULT_QUESTIONS[zone][language];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send({
      type: 'round:start',
      zone,
      question: shownQuestion.trim() || undefined,
      votesPerPerson: votes,
      maxPerGroup: Math.min(perGroup, votes),
      showNames,
    });
  };
  const number = (value: string, fallback: number) => {
    const n = Math.round(Number(value));
    return Number.isFinite(n) && n >= 1 ? Math.min(n, ROUND_LIMITS.maxVotesPerPerson) : fallback;
  };
  return (
    <form className="round-start" onSubmit={submit} data-testid="round-start-form">
      <h3 className="round-subheading">{t('roundStartTitle')}</h3>
      <label className="round-label" htmlFor="round-start-zone">
        {t('roundZone')}
      </label>
      <select id="round-start-zone" className="select" value={zone} onChange={(event) => setZone(event.target.value as ZoneKey)} data-testid="round-start-zone">
        {ZONE_KEYS.map((key) => (
          <option key={key} value={key}>
            {heading(key)}
          </option>
        ))}
      </select>
      <label className="round-label" htmlFor="round-start-question">
        {t('roundQuestion')}
      </label>
      <textarea
        id="round-start-question"
        className="field"
        rows={2}
        lang={language}
        maxLength={ROUND_LIMITS.questionChars}
        value={shownQuestion}
        onChange={(event) => setQuestion(event.target.value)}
        data-testid="round-start-question"
      />
      <div className="round-start__numbers">
        <span>
          <label className="round-label" htmlFor="round-start-votes">
            {t('roundVotesPerPerson')}
          </label>
          <input id="round-start-votes" className="field field--small" type="number" min={1} max={ROUND_LIMITS.maxVotesPerPerson} value={votes} onChange={(event) => setVotes(number(event.target.value, votes))} />
        </span>
        <span>
          <label className="round-label" htmlFor="round-start-per-group">
            {t('roundMaxPerGroup')}
          </label>
          <input id="round-start-per-group" className="field field--small" type="number" min={1} max={votes} value={Math.min(perGroup, votes)} onChange={(event) => setPerGroup(number(event.target.value, perGroup))} />
        </span>
      </div>
      <label className="round-check">
        <input type="checkbox" checked={showNames} onChange={(event) => setShowNames(event.target.checked)} />
        {t('roundShowNames')}
      </label>
      <div className="round-write__row">
        <button type="button" className="button" onClick={onCancel}>
          {t('roundCancel')}
        </button>
        <button type="submit" className="button button--primary" data-testid="round-start-submit">
          {t('roundStartSubmit')}
        </button>
      </div>
    </form>
  );
}
