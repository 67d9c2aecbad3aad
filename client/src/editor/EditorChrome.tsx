import type { ReactNode } from 'react';
import { Link } from 'wouter';
import type { CanvasInfo } from '../../../shared/api';
import type { CollabSession, ConnectionStatus, Refusal } from '../collab/useCollabSession';
import { useTranslation } from '../i18n/useTranslation';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { ShortcutsHelp } from '../a11y/ShortcutsHelp';
import { SkipLink } from '../a11y/SkipLink';
import { ClosedBanner } from './ClosedBanner';
import { ConnectionBadge } from './ConnectionBadge';
import { CopyLinkButton } from './CopyLinkButton';
import { FitWarning } from './FitWarning';
import { PdfButtons } from './PdfButtons';
import { PresenceBar } from './PresenceBar';
import { RefusedBanner } from './RefusedBanner';
import { Toolbar } from './Toolbar';
import type { Fit } from './useFitScale';

interface Props {
  info: CanvasInfo | null;
  session: CollabSession | null;
  printPath: string;
  editable: boolean;
  locked: boolean;
  status: ConnectionStatus;
  /** Changes made here that the server has not confirmed storing; `stored`: it confirmed all. */
  unstored: boolean;
  stored: boolean;
  closedCode: number | null;
  refusal: Refusal | null;
  serverCannotStore: boolean;
  fit: Fit | null;
  onEditName: () => void;
  /** The canvas's own actions (share, lock, versions, export...), built by the page. */
  canvasActions?: ReactNode;
  /** The workshop strip (spotlight, timer), under the bar so it stays in view too. */
  sessionBar?: ReactNode;
}

/**
 * Everything above the desk: the bar (toolbar, people, PDF, connection, link) and the banners.
 * It stays in view: "offline" matters most while someone is typing far down the page.
 */
export function EditorChrome({ info, session, printPath, editable, locked, status, unstored, stored, closedCode, refusal, serverCannotStore, fit, onEditName, canvasActions, sessionBar }: Props) {
  const { t } = useTranslation();
  return (
    <div className="chrome">
      <SkipLink target="canvas" />
      <header className="topbar">
        <Link href="/" className="brand" aria-label={`${t('appName')}: ${t('backHome')}`}>
          <span className="brand__mark" aria-hidden="true" />
          {t('appName')}
        </Link>
        {info && editable ? <Toolbar /> : null}
        {info && !editable ? (
          <span className={`badge${locked ? ' badge--locked' : ''}`} data-testid="read-only-badge">
            {locked ? t('lockedReadOnly') : t('readOnly')}
          </span>
        ) : null}
        <div className="topbar__end">
          {session ? <PresenceBar provider={session.provider} onEditName={onEditName} /> : null}
          {session ? <PdfButtons doc={session.doc} printPath={printPath} /> : null}
          <ConnectionBadge status={status} closed={closedCode !== null} editable={editable} unstored={unstored} stored={stored} serverCannotStore={serverCannotStore} />
          {/* The facilitator shares from the share dialog: their own link gives everything away. */}
          {info?.role !== 'facilitator' ? <CopyLinkButton link={window.location.href} /> : null}
          {canvasActions}
          <LanguageSwitch />
          <ShortcutsHelp />
        </div>
      </header>
      {sessionBar}
      {closedCode !== null ? <ClosedBanner code={closedCode} /> : null}
      <RefusedBanner refusal={refusal} />
      <div className={serverCannotStore ? 'banner banner--warning' : 'visually-hidden'} role="status" data-testid="storage-banner">
        {serverCannotStore ? t('serverCannotStore') : ''}
      </div>
      {status === 'offline' && closedCode === null ? (
        <div className="banner banner--warning" role="status" data-testid="offline-banner">
          {t('offlineBanner')}
        </div>
      ) : null}
      {fit && info ? <FitWarning fit={fit} language={info.language} /> : null}
    </div>
  );
}
