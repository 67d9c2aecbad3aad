import type { ReactNode } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import type * as Y from 'yjs';
import type { ZoneKey } from '../../../shared/docLayout';
import type { TimerState } from '../../../shared/session';
import { SessionAnnouncer } from './SessionAnnouncer';
import type { ServerClock } from './ServerClock';
import { SpotlightPicker } from './SpotlightPicker';
import { TimerControls } from './TimerControls';
import { TimerDisplay } from './TimerDisplay';
import { useZoneHeading } from './useZoneHeading';
import './session.css';

interface Props {
  doc: Y.Doc;
  clock: ServerClock;
  spotlight: ZoneKey | null;
  timer: TimerState | null;
  /** Spotlight and timer controls, and the projector link. */
  facilitator: boolean;
  presentPath: string;
  /** The rounds' entry (the facilitator's "start a round"), built by the page. */
  rounds?: ReactNode;
}

/** Brings a zone into view, and the focus with it (into its text where it can be edited). */
function goToZone(zone: ZoneKey): void {
  const section = document.querySelector<HTMLElement>(`[data-zone=${zone}]`);
  if (!section) return;
  const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  section.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'center' });
  const editor = section.querySelector<HTMLElement>('.zone-editor[contenteditable=true]');
  if (editor) editor.focus({ preventScroll: true });
  else {
    section.tabIndex = -1;
    section.focus({ preventScroll: true });
  }
}

/**
 * The session strip under the editor's top bar: the spotlight ("go to the spotlight") and the
 * timer for everyone; for the facilitator also the controls and the projector link.
 */
export function SessionBar({ doc, clock, spotlight, timer, facilitator, presentPath, rounds }: Props) {
  const { t } = useTranslation();
  const heading = useZoneHeading();
  const visible = facilitator || spotlight !== null || timer !== null;
  return (
    <>
      <SessionAnnouncer spotlight={spotlight} timer={timer} clock={clock} />
      {visible ? (
        <div className="session-bar" role="region" aria-label={t('sessionBar')} data-testid="session-bar">
          {facilitator ? (
            <SpotlightPicker doc={doc} spotlight={spotlight} />
          ) : spotlight ? (
            <p className="session-bar__spotlight" data-testid="spotlight-notice">
              <span className="session-bar__dot" aria-hidden="true" />
              {t('spotlightOn', { zone: heading(spotlight) })}
            </p>
          ) : null}
          {spotlight ? (
            <button type="button" className="chip" onClick={() => goToZone(spotlight)} data-testid="go-to-spotlight">
              {t('goToSpotlight')}
            </button>
          ) : null}
          {rounds}
          <span className="session-bar__gap" />
          {timer ? <TimerDisplay timer={timer} clock={clock} /> : null}
          {facilitator ? <TimerControls doc={doc} clock={clock} timer={timer} /> : null}
          {facilitator ? (
            <a className="chip chip--primary" href={presentPath} target="_blank" rel="noopener" data-testid="open-present">
              {t('openPresent')}
            </a>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
