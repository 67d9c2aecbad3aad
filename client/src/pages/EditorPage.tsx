import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { titleText } from '../../../shared/docLayout';
import { effectiveRole, mayEdit, type AwarenessUser } from '../../../shared/protocol';
import { useCollabSession } from '../collab/useCollabSession';
import { usePreloadAfterSync } from '../collab/usePreloadAfterSync';
import { useLiveText } from '../collab/useLiveText';
import { useWarnBeforeLeaving } from '../collab/useWarnBeforeLeaving';
import { A4Page } from '../editor/A4Page';
import { CanvasMenu, preloadCanvasDialogs } from '../canvas/CanvasMenu';
import { preloadShortcutsDialog } from '../a11y/ShortcutsHelp';
import { ActiveEditorProvider } from '../editor/ActiveEditorContext';
import { EditorChrome } from '../editor/EditorChrome';
import { NameDialog } from '../editor/NameDialog';
import { PageScaler } from '../editor/PageScaler';
import type { Fit } from '../editor/useFitScale';
import { useTranslation } from '../i18n/useTranslation';
import { tokenFromHash } from '../lib/canvasLink';
import { myColor, storeColor, storedName, storeName } from '../lib/identity';
import { rememberCanvas, updateRecentTitle } from '../lib/recentCanvases';
import { useCanvasInfo } from '../lib/useCanvasInfo';
import { SessionBar } from '../session/SessionBar';
import { useSessionState } from '../session/useSessionState';
import type { RoundPanel as RoundPanelComponent, RoundPanelView } from '../rounds/RoundPanel';
import { lazyComponent } from '../lib/lazyComponent';
import { useRounds } from '../rounds/useRounds';
import { ZoneRoundsContext } from '../rounds/ZoneRounds';
import { useCanvasLanguage } from '../editor/useCanvasLanguage';
import type { ZoneKey } from '../../../shared/zones';
import { ErrorPage } from './ErrorPage';

/**
 * The round panel (and dnd-kit with it) is a chunk of its own: most canvases are opened with no
 * round running, and the editor is interactive sooner without it.
 */
const RoundPanel = lazyComponent(() => import('../rounds/RoundPanel'), 'RoundPanel');

/** What a click in the editor may open next, each a chunk of its own. */
function preloadDialogs(): void {
  preloadCanvasDialogs();
  preloadShortcutsDialog();
  RoundPanel.preload();
}

export function EditorPage({ id }: { id: string }) {
  const { t } = useTranslation();
  // The token stays in the fragment: it never reaches a server log or a Referer header.
  const [token] = useState(() => tokenFromHash(window.location.hash));
  const load = useCanvasInfo(id, token);
  const [name, setName] = useState<string | null>(() => storedName());
  const [color, setColor] = useState(() => myColor());
  const [editingName, setEditingName] = useState(false);
  const [fit, setFit] = useState<Fit | null>(null);
  const { session, status, closedCode, serverRole, unstored, stored, refusal, serverCannotStore } = useCollabSession(id, load.state === 'ready' ? token : null);
  const title = useLiveText(session ? titleText(session.doc) : null);
  const user = useMemo<AwarenessUser | null>(() => (name ? { name, color } : null), [name, color]);
  const { spotlight, timer } = useSessionState(session?.doc ?? null);
  usePreloadAfterSync(session?.provider ?? null, preloadDialogs);

  useEffect(() => {
    if (load.state !== 'ready' || load.offline || !token) return;
    const { info } = load;
    rememberCanvas({ id, title: info.title, path: `/c/${id}#token=${token}`, role: info.role, lastOpened: new Date().toISOString(), info });
  }, [id, token, load]);

  // The tab and the "recent canvases" list follow the title as people edit it.
  useEffect(() => {
    if (!session) return undefined;
    document.title = title ? `${title} · ${t('appName')}` : t('appName');
    const timer = setTimeout(() => updateRecentTitle(id, title), 800);
    return () => clearTimeout(timer);
  }, [id, session, title, t]);

  useEffect(() => {
    if (session && user) session.provider.awareness.setLocalStateField('user', user);
  }, [session, user]);

  const info = load.state === 'ready' ? load.info : null;
  const role = serverRole?.role ?? info?.role ?? 'viewer';
  const locked = serverRole?.locked ?? info?.locked ?? false;
  // The lock rule is the server's own (shared/protocol.ts).
  const editable = mayEdit(role, locked) && closedCode === null;
  // Read-only, nothing here is ours to store (what IndexedDB held is the server's copy).
  useWarnBeforeLeaving(editable && unstored);
  // Editors take part in rounds and join each running one; the facilitator runs them, viewers watch.
  const rounds = useRounds(session?.rounds ?? null, name, effectiveRole(role, locked) === 'editor');
  const [roundView, setRoundView] = useState<RoundPanelView | null>(null);
  const openRounds = useCallback((zone: ZoneKey) => setRoundView({ kind: 'history', zone }), []);
  const closedRounds = useMemo(() => {
    const closed: Partial<Record<ZoneKey, number>> = {};
    for (const round of rounds.rounds) if (round.phase === 'closed') closed[round.zone] = (closed[round.zone] ?? 0) + 1;
    return { closed, open: openRounds };
  }, [rounds.rounds, openRounds]);

  if (load.state === 'failed') return <ErrorPage message={t(load.message)} />;

  return (
    <ActiveEditorProvider>
      <div className="app-shell">
        <EditorChrome
          info={info}
          session={session}
          printPath={`/c/${id}/print#token=${token ?? ''}`}
          editable={editable}
          locked={locked}
          status={status}
          unstored={unstored}
          stored={stored}
          closedCode={closedCode}
          refusal={refusal}
          serverCannotStore={serverCannotStore}
          fit={fit}
          onEditName={() => setEditingName(true)}
          sessionBar={
            session && info ? (
              <SessionBar
                doc={session.doc}
                clock={session.clock}
                spotlight={spotlight}
                timer={timer}
                facilitator={role === 'facilitator'}
                presentPath={`/c/${id}/present#token=${token ?? ''}`}
                rounds={
                  role === 'facilitator' && !rounds.active ? (
                    <button type="button" className="chip" onClick={() => setRoundView({ kind: 'start', zone: spotlight ?? 'obstacles' })} data-testid="round-start">
                      {t('roundStart')}
                    </button>
                  ) : null
                }
              />
            ) : null
          }
          canvasActions={info && token ? <CanvasMenu id={id} token={token} role={info.role} locked={locked} title={title} userName={name} doc={session?.doc ?? null} /> : null}
        />
        <div className="workspace">
          <main className="desk" id="canvas" tabIndex={-1}>
            {session && info ? (
              <PageScaler>
                <ZoneRoundsContext.Provider value={closedRounds}>
                  {/* Carets need a name: the editors are built again once there is one. */}
                  <A4Page key={user ? 'named' : 'anonymous'} doc={session.doc} provider={session.provider} user={user} editable={editable && user !== null} onFit={setFit} spotlight={spotlight} />
                </ZoneRoundsContext.Provider>
              </PageScaler>
            ) : (
              <p className="desk__loading">{t('loading')}</p>
            )}
          </main>
          {session && info && (rounds.active || roundView) ? (
            <Suspense fallback={null}>
              <CanvasRoundPanel doc={session.doc} rounds={rounds} role={effectiveRole(role, locked)} view={roundView} onView={setRoundView} connected={status === 'connected'} />
            </Suspense>
          ) : null}
        </div>
        {info && (!name || editingName) ? (
          <NameDialog
            initialName={name}
            initialColor={color}
            onSave={(nextName, nextColor) => {
              storeName(nextName);
              storeColor(nextColor);
              setName(nextName);
              setColor(nextColor);
              setEditingName(false);
            }}
            onCancel={name ? () => setEditingName(false) : undefined}
          />
        ) : null}
      </div>
    </ActiveEditorProvider>
  );
}

/** The round panel, in the canvas's language for its questions. */
function CanvasRoundPanel({ doc, ...props }: Omit<Parameters<typeof RoundPanelComponent>[0], 'language'> & { doc: Parameters<typeof useCanvasLanguage>[0] }) {
  const language = useCanvasLanguage(doc);
  return <RoundPanel {...props} language={language} />;
}
