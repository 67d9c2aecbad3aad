import { useEffect, useMemo, useState } from 'react';
import { Link } from 'wouter';
import type { CanvasInfo } from '../../../shared/api';
import type { AwarenessUser } from '../../../shared/protocol';
import { useCollabSession } from '../collab/useCollabSession';
import { A4Page } from '../editor/A4Page';
import { ActiveEditorProvider } from '../editor/ActiveEditorContext';
import { ClosedBanner } from '../editor/ClosedBanner';
import { ConnectionBadge } from '../editor/ConnectionBadge';
import { CopyLinkButton } from '../editor/CopyLinkButton';
import { FitWarning } from '../editor/FitWarning';
import { NameDialog } from '../editor/NameDialog';
import { PageScaler } from '../editor/PageScaler';
import { PdfButtons } from '../editor/PdfButtons';
import { PresenceBar } from '../editor/PresenceBar';
import { Toolbar } from '../editor/Toolbar';
import type { Fit } from '../editor/useFitScale';
import { t } from '../i18n/strings';
import { ApiFailure, getCanvas } from '../lib/api';
import { tokenFromHash } from '../lib/canvasLink';
import { myColor, storedName, storeName } from '../lib/identity';
import { rememberCanvas } from '../lib/recentCanvases';
import { ErrorPage } from './ErrorPage';

type Load = { state: 'loading' } | { state: 'ready'; info: CanvasInfo } | { state: 'failed'; message: string };

const ROLE_LABEL = { facilitator: t.roleFacilitator, editor: t.roleEditor, viewer: t.roleViewer } as const;

export function EditorPage({ id }: { id: string }) {
  const [token] = useState(() => tokenFromHash(window.location.hash));
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [name, setName] = useState<string | null>(() => storedName());
  const [editingName, setEditingName] = useState(false);
  const [fit, setFit] = useState<Fit | null>(null);
  const color = useMemo(() => myColor(), []);
  const { session, status, closedCode, serverRole } = useCollabSession(id, load.state === 'ready' ? token : null);

  useEffect(() => {
    if (!token) {
      setLoad({ state: 'failed', message: t.errorNoToken });
      return undefined;
    }
    let cancelled = false;
    getCanvas(id, token).then(
      (info) => {
        if (cancelled) return;
        setLoad({ state: 'ready', info });
        rememberCanvas({ id, title: info.title, path: `/c/${id}#token=${token}`, role: info.role, lastOpened: new Date().toISOString() });
        document.title = `${info.title || 'Stip'} · Stip`;
      },
      (error: unknown) => {
        if (cancelled) return;
        const code = error instanceof ApiFailure ? error.code : 'network';
        const message = code === 'unauthorized' ? t.errorUnauthorized : code === 'not_found' ? t.errorNotFound : t.errorGeneric;
        setLoad({ state: 'failed', message });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [id, token]);

  const user: AwarenessUser | null = name ? { name, color } : null;

  useEffect(() => {
    if (session && user) session.provider.awareness.setLocalStateField('user', user);
  }, [session, user?.name, user?.color]); // eslint-disable-line react-hooks/exhaustive-deps

  if (load.state === 'failed') return <ErrorPage message={load.message} />;

  const role = serverRole?.role ?? (load.state === 'ready' ? load.info.role : 'viewer');
  const locked = serverRole?.locked ?? (load.state === 'ready' ? load.info.locked : false);
  const editable = role !== 'viewer' && !locked && closedCode === null;

  return (
    <ActiveEditorProvider>
      <div className="app-shell">
        <header className="topbar">
          <Link href="/" className="brand" aria-label={`${t.appName}: ${t.backHome}`}>
            <span className="brand__mark" aria-hidden="true" />
            {t.appName}
          </Link>
          {editable ? <Toolbar /> : <span className="badge">{ROLE_LABEL.viewer}</span>}
          <div className="topbar__end">
            {session ? <PresenceBar provider={session.provider} onEditName={() => setEditingName(true)} /> : null}
            {session ? <PdfButtons doc={session.doc} printPath={`/c/${id}/print#token=${token ?? ''}`} /> : null}
            <ConnectionBadge status={status} />
            <CopyLinkButton link={window.location.href} />
          </div>
        </header>
        {closedCode !== null ? <ClosedBanner code={closedCode} /> : null}
        {fit && load.state === 'ready' ? <FitWarning fit={fit} language={load.info.language} /> : null}
        <main className="desk" id="canvas">
          {session && user && load.state === 'ready' ? (
            <PageScaler>
              <A4Page doc={session.doc} provider={session.provider} user={user} editable={editable} onFit={setFit} />
            </PageScaler>
          ) : (
            <p className="desk__loading">{t.loading}</p>
          )}
        </main>
        {!name || editingName ? (
          <NameDialog
            initial={name ?? ''}
            onSave={(value) => {
              storeName(value);
              setName(value);
              setEditingName(false);
            }}
            onCancel={name ? () => setEditingName(false) : undefined}
          />
        ) : null}
      </div>
    </ActiveEditorProvider>
  );
}
