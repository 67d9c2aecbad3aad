import type { ReactNode } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import type * as Y from 'yjs';
import type { ZoneKey } from '../../../shared/docLayout';
import type { TimerState } from '../../../shared/session';
import { ShortcutsHelp } from '../a11y/ShortcutsHelp';
import type { ServerClock } from '../session/ServerClock';
import { SpotlightPicker } from '../session/SpotlightPicker';
import { TimerControls } from '../session/TimerControls';

function Toggle({ pressed, onClick, testId, children }: { pressed: boolean; onClick: () => void; testId: string; children: ReactNode }) {
  return (
    <button type="button" className="present-button" aria-pressed={pressed} onClick={onClick} data-testid={testId}>
      {children}
    </button>
  );
}

interface Props {
  editorPath: string;
  /** The facilitator's spotlight, timer and QR controls; absent for a viewer. */
  facilitation: { doc: Y.Doc; clock: ServerClock; spotlight: ZoneKey | null; timer: TimerState | null; showQr: boolean; onShowQr: (show: boolean) => void } | null;
  dark: boolean;
  onDark: (dark: boolean) => void;
  carets: boolean;
  onCarets: (carets: boolean) => void;
  fullscreen: boolean;
  onFullscreen: () => void;
  idle: boolean;
}

/** The projector's controls: a bar that fades out when nobody uses the mouse or keyboard. */
export function PresentControls({ editorPath, facilitation, dark, onDark, carets, onCarets, fullscreen, onFullscreen, idle }: Props) {
  const { t } = useTranslation();
  return (
    <nav className={`present-controls${idle ? ' present-controls--idle' : ''}`} aria-label={t('presentControls')} data-testid="present-controls">
      <a className="present-button" href={editorPath}>
        <span aria-hidden="true">←</span> {t('presentBack')}
      </a>
      {facilitation ? (
        <>
          <SpotlightPicker doc={facilitation.doc} spotlight={facilitation.spotlight} id="present-spotlight" />
          <TimerControls doc={facilitation.doc} clock={facilitation.clock} timer={facilitation.timer} />
          <Toggle pressed={facilitation.showQr} onClick={() => facilitation.onShowQr(!facilitation.showQr)} testId="toggle-qr">
            {t('showQr')}
          </Toggle>
        </>
      ) : null}
      <Toggle pressed={carets} onClick={() => onCarets(!carets)} testId="toggle-carets">
        {t('showCarets')}
      </Toggle>
      <Toggle pressed={dark} onClick={() => onDark(!dark)} testId="toggle-dark">
        {t('darkTheme')}
      </Toggle>
      <Toggle pressed={fullscreen} onClick={onFullscreen} testId="toggle-fullscreen">
        {t('fullscreen')} (F)
      </Toggle>
      <ShortcutsHelp />
    </nav>
  );
}
