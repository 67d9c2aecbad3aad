import { useEffect, useRef, useState } from 'react';
import type { Language } from '../../../shared/docLayout';
import type { Role } from '../../../shared/protocol';
import { ROUND_PHASES, type RoundPhase, type RoundView } from '../../../shared/rounds';
import type { ZoneKey } from '../../../shared/zones';
import { useTranslation } from '../i18n/useTranslation';
import { useZoneHeading } from '../session/useZoneHeading';
import { RoundGroup } from './RoundGroup';
import { RoundResults } from './RoundResults';
import { RoundStart } from './RoundStart';
import { RoundVote } from './RoundVote';
import { RoundWrite } from './RoundWrite';
import { PHASE_MESSAGES, ROUND_ERROR_MESSAGES, type Rounds } from './useRounds';
import './rounds.css';

/** What the panel shows when no round runs: the facilitator's start form, or a zone's history. */
export type RoundPanelView = { kind: 'start'; zone: ZoneKey } | { kind: 'history'; zone: ZoneKey };

interface Props {
  rounds: Rounds;
  role: Role;
  /** The canvas language (questions are asked in it). */
  language: Language;
  view: RoundPanelView | null;
  onView: (view: RoundPanelView | null) => void;
  /** The socket is open: commands can go out. */
  connected: boolean;
}

const STEPS = ROUND_PHASES.filter((phase) => phase !== 'closed');

/**
 * The round beside the A4 (above it on a phone): the running round in its phase for everyone,
 * with the facilitator's controls; else the start form or a zone's earlier rounds. Never part
 * of the A4, never printed.
 */
export function RoundPanel({ rounds, role, language, view, onView, connected }: Props) {
  const { t } = useTranslation();
  const heading = useZoneHeading();
  const { active } = rounds;
  const zone = active?.zone ?? view?.zone ?? null;
  const titleRef = useRef<HTMLHeadingElement | null>(null);
  const activeId = active?.id ?? null;
  // A round that starts closes the start form.
  useEffect(() => {
    if (activeId) onView(null);
  }, [activeId, onView]);
  if (!zone || (!active && !view)) return null;
  const history = rounds.rounds.filter((round) => round.zone === zone && round.phase === 'closed');
  return (
    <aside className="round-panel no-print" aria-labelledby="round-panel-title" data-testid="round-panel" data-phase={active?.phase ?? view?.kind}>
      <div className="round-panel__head">
        <h2 className="round-panel__title" id="round-panel-title" tabIndex={-1} ref={titleRef}>
          {active || view?.kind === 'start' ? t('roundPanel', { zone: heading(zone) }) : t('roundHistoryTitle', { zone: heading(zone) })}
        </h2>
        {!active ? (
          <button type="button" className="icon-button" onClick={() => onView(null)} aria-label={t('close')}>
            <span aria-hidden="true">×</span>
          </button>
        ) : null}
      </div>
      <RefusalNotice rounds={rounds} />
      {!connected ? (
        <p className="round-notice" role="status">
          {t('roundOffline')}
        </p>
      ) : null}
      {active ? (
        <ActiveRound round={active} rounds={rounds} role={role} language={language} />
      ) : view?.kind === 'start' && role === 'facilitator' ? (
        <RoundStart send={rounds.send} language={language} initialZone={view.zone} onCancel={() => onView(null)} />
      ) : (
        <RoundHistory rounds={history} language={language} />
      )}
    </aside>
  );
}

function RefusalNotice({ rounds }: { rounds: Rounds }) {
  const { t } = useTranslation();
  const { refusal, dismissRefusal } = rounds;
  useEffect(() => {
    if (!refusal) return undefined;
    const timer = setTimeout(dismissRefusal, 10_000);
    return () => clearTimeout(timer);
  }, [refusal, dismissRefusal]);
  return (
    <div className={refusal ? 'round-notice round-notice--refused' : 'visually-hidden'} role="alert" data-testid="round-refused">
      {refusal ? t(ROUND_ERROR_MESSAGES[refusal.error]) : ''}
    </div>
  );
}

function ActiveRound({ round, rounds, role, language }: { round: RoundView; rounds: Rounds; role: Role; language: Language }) {
  const { t } = useTranslation();
  const facilitator = role === 'facilitator';
  const takesPart = role !== 'viewer';
  const step = STEPS.indexOf(round.phase as Exclude<RoundPhase, 'closed'>) + 1;
  const { send } = rounds;
  return (
    <>
      <p className="round-question" lang={language} data-testid="round-question">
        {round.question}
      </p>
      <ol className="round-steps" aria-label={t('roundStep', { step, phase: t(PHASE_MESSAGES[round.phase]) })}>
        {STEPS.map((phase, index) => (
          <li key={phase} className={`round-step${phase === round.phase ? ' round-step--current' : index < step - 1 ? ' round-step--done' : ''}`} aria-current={phase === round.phase ? 'step' : undefined}>
            {t(PHASE_MESSAGES[phase])}
          </li>
        ))}
      </ol>
      <p className="round-counts" role="status" data-testid="round-counts">
        {round.phase === 'write' ? <span data-testid="round-card-count">{t('roundCardCount', { count: round.cardCount })}</span> : null}
        {facilitator ? <span data-testid="round-participants">{t('roundParticipants', { count: round.participantCount })}</span> : null}
        {facilitator && round.phase === 'vote' ? <span data-testid="round-finished">{t('roundFinished', { count: round.finishedCount, total: round.participantCount })}</span> : null}
      </p>
      {!takesPart ? <p className="muted round-small">{t('roundViewerHint')}</p> : null}
      {round.phase === 'write' ? <RoundWrite round={round} send={send} writes={takesPart} facilitator={facilitator} /> : null}
      {round.phase === 'group' ? <RoundGroup round={round} send={send} groups={takesPart} facilitator={facilitator} /> : null}
      {round.phase === 'vote' ? <RoundVote round={round} send={send} /> : null}
      {round.phase === 'results' ? <RoundResults key={round.id} round={round} send={send} picking={facilitator} /> : null}
      {facilitator ? <FacilitatorControls round={round} send={send} /> : null}
    </>
  );
}

const NEXT: Partial<Record<RoundPhase, { to: RoundPhase; label: 'roundAdvanceGroup' | 'roundAdvanceVote' | 'roundAdvanceResults' }>> = {
  write: { to: 'group', label: 'roundAdvanceGroup' },
  group: { to: 'vote', label: 'roundAdvanceVote' },
  vote: { to: 'results', label: 'roundAdvanceResults' },
};

/** Advance, names on or off, close: the facilitator's part of the panel. */
function FacilitatorControls({ round, send }: { round: RoundView; send: Rounds['send'] }) {
  const { t } = useTranslation();
  const next = NEXT[round.phase];
  // Ticked at once; the server's next view confirms it (or, refused, puts it back).
  const [names, setNames] = useState<{ want: boolean; was: boolean } | null>(null);
  const showNames = names && names.was === round.settings.showNames ? names.want : round.settings.showNames;
  return (
    <div className="round-controls" role="group" aria-label={t('rounds')} data-testid="round-controls">
      {round.phase !== 'results' ? (
        <label className="round-check">
          <input
            type="checkbox"
            checked={showNames}
            onChange={(event) => {
              const want = event.target.checked;
              if (send({ type: 'round:names', show: want })) setNames({ want, was: round.settings.showNames });
            }}
            data-testid="round-names"
          />
          {t('roundShowNamesToggle')}
        </label>
      ) : null}
      <span className="session-bar__gap" />
      <button type="button" className="button" onClick={() => send({ type: 'round:advance', to: 'closed' })} data-testid="round-close">
        {t('roundCloseRound')}
      </button>
      {next ? (
        <button type="button" className="button button--primary" onClick={() => send({ type: 'round:advance', to: next.to })} data-testid="round-advance">
          {t(next.label)}
        </button>
      ) : null}
    </div>
  );
}

/** A zone's closed rounds, newest first, each collapsed to its question. */
function RoundHistory({ rounds, language }: { rounds: RoundView[]; language: Language }) {
  const { t, i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <ul className="round-history" data-testid="round-history">
      {[...rounds].reverse().map((round) => (
        <li key={round.id}>
          <details className="round-history__item">
            <summary>
              <span lang={language}>{round.question}</span>
              {round.closedAt ? <span className="muted round-small"> · {t('roundClosedAt', { date: format.format(round.closedAt) })}</span> : null}
            </summary>
            <RoundResults round={round} picking={false} />
          </details>
        </li>
      ))}
    </ul>
  );
}
