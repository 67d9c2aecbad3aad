import { useEffect, useState } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import { titleText } from '../../../shared/docLayout';
import { setSpotlight } from '../../../shared/session';
import { useCollabSession } from '../collab/useCollabSession';
import { useLiveText } from '../collab/useLiveText';
import { A4Page } from '../editor/A4Page';
import { ActiveEditorProvider } from '../editor/ActiveEditorContext';
import { WatchCaretsContext } from '../editor/RemoteCarets';
import { tokenFromHash } from '../lib/canvasLink';
import { useCanvasInfo } from '../lib/useCanvasInfo';
import { ErrorPage } from '../pages/ErrorPage';
import { SessionAnnouncer } from '../session/SessionAnnouncer';
import { TimerDisplay } from '../session/TimerDisplay';
import { useSessionState } from '../session/useSessionState';
import { useCanvasLanguage } from '../editor/useCanvasLanguage';
import { useRounds } from '../rounds/useRounds';
import type * as Y from 'yjs';
import type { RoundView } from '../../../shared/rounds';
import { JoinPanel } from './JoinPanel';
import { PresentRound } from './PresentRound';
import { PresentControls } from './PresentControls';
import { PresentStage } from './PresentStage';
import { useFullscreen } from './useFullscreen';
import { useIdle } from './useIdle';
import { usePresentKeys } from './usePresentKeys';
import '../session/session.css';
import './present.css';

const THEME_KEY = 'stip.presentTheme';

function storedDark(): boolean {
  try {
    return localStorage.getItem(THEME_KEY) === 'dark';
  } catch {
    return false;
  }
}

/**
 * The projector: the live A4 filling the screen (letterboxed), without editing chrome. With the
 * facilitator's token also the QR code to join, the spotlight (keys 1-4, 0) and the timer; with
 * a viewer's token the same canvas, read-only, without them.
 */
export function PresentPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [token] = useState(() => tokenFromHash(window.location.hash));
  const load = useCanvasInfo(id, token);
  const { session, serverRole, status, closedCode } = useCollabSession(id, load.state === 'ready' ? token : null);
  const title = useLiveText(session ? titleText(session.doc) : null);
  const { spotlight, timer } = useSessionState(session?.doc ?? null);
  // The projector watches rounds: it says no hello, so it never counts as a participant.
  const { active: round } = useRounds(session?.rounds ?? null, null);
  const [dark, setDark] = useState(storedDark);
  const [carets, setCarets] = useState(false);
  const [showQr, setShowQr] = useState(true);
  const [fullscreen, toggleFullscreen] = useFullscreen();
  const idle = useIdle(3000);
  const info = load.state === 'ready' ? load.info : null;
  const facilitator = (serverRole?.role ?? info?.role) === 'facilitator';
  const editorPath = `/c/${id}#token=${token ?? ''}`;

  useEffect(() => {
    document.title = `${title || t('appName')} · ${t('presentTitle')}`;
  }, [title, t]);

  useEffect(() => {
    try {
      localStorage.setItem(THEME_KEY, dark ? 'dark' : 'light');
    } catch {
      // Not remembered in private mode; the choice holds for this page.
    }
  }, [dark]);

  usePresentKeys({
    onSpotlight: facilitator && session ? (zone) => setSpotlight(session.doc, zone) : undefined,
    onFullscreen: toggleFullscreen,
    onEscape: () => {
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
      else window.location.assign(editorPath);
    },
  });

  if (load.state === 'failed') return <ErrorPage message={t(load.message)} />;

  const classes = ['present', dark ? 'present--dark' : 'present--light', carets ? '' : 'present--no-carets', spotlight ? 'present--spotlight' : '', round ? 'present--round' : ''];
  return (
    <div className={classes.filter(Boolean).join(' ')} data-testid="present" data-theme={dark ? 'dark' : 'light'} data-status={status}>
      <h1 className="visually-hidden">{`${title || t('appName')} · ${t('presentTitle')}`}</h1>
      {/* Only trouble is shown: a projector that quietly stopped updating would mislead the room. */}
      <p className="present__status" role="status">
        {closedCode !== null ? t('statusClosed') : status === 'offline' ? t('statusOffline') : status === 'connecting' ? t('statusConnecting') : ''}
      </p>
      {session && info ? (
        <PresentStage spotlight={spotlight}>
          <WatchCaretsContext.Provider value={true}>
            <ActiveEditorProvider>
              <A4Page doc={session.doc} provider={session.provider} user={null} editable={false} spotlight={spotlight} presentation />
            </ActiveEditorProvider>
          </WatchCaretsContext.Provider>
        </PresentStage>
      ) : (
        <p className="present__loading">{t('loading')}</p>
      )}
      {session && round ? <CanvasRound doc={session.doc} round={round} /> : null}
      {session && timer ? (
        <div className="present__timer">
          <TimerDisplay timer={timer} clock={session.clock} chime />
        </div>
      ) : null}
      {facilitator && showQr && token ? (
        <div className="present__join">
          <JoinPanel id={id} token={token} />
        </div>
      ) : null}
      <SessionAnnouncer spotlight={spotlight} timer={timer} clock={session?.clock ?? null} />
      <PresentControls
        editorPath={editorPath}
        facilitation={facilitator && session ? { doc: session.doc, clock: session.clock, spotlight, timer, showQr, onShowQr: setShowQr } : null}
        dark={dark}
        onDark={setDark}
        carets={carets}
        onCarets={setCarets}
        fullscreen={fullscreen}
        onFullscreen={toggleFullscreen}
        idle={idle}
      />
    </div>
  );
}

/** The running round, its question in the canvas language. */
function CanvasRound({ doc, round }: { doc: Y.Doc; round: RoundView }) {
  return <PresentRound round={round} language={useCanvasLanguage(doc)} />;
}
