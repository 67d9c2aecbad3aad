import { useEffect, useState } from 'react';
import { useCollabSession } from '../collab/useCollabSession';
import { A4Page } from '../editor/A4Page';
import { ActiveEditorProvider } from '../editor/ActiveEditorContext';
import type { Fit } from '../editor/useFitScale';
import { useTranslation } from '../i18n/useTranslation';
import { tokenFromHash } from '../lib/canvasLink';
import { useCanvasInfo } from '../lib/useCanvasInfo';
import { ErrorPage } from './ErrorPage';

/**
 * Just the A4, read-only, at its real size, with `@page { size: A4; margin: 0 }`: prints as
 * exactly one page. Opens the print dialog once the canvas is synced and fitted. It publishes
 * no presence, so the room does not see the print view as a participant.
 */
export function PrintPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [token] = useState(() => tokenFromHash(window.location.hash));
  const load = useCanvasInfo(id, token);
  const [synced, setSynced] = useState(false);
  const [fit, setFit] = useState<Fit | null>(null);
  const { session } = useCollabSession(id, load.state === 'ready' ? token : null);

  useEffect(() => {
    if (load.state === 'ready') document.title = `${load.info.title || t('appName')} · ${t('printing')}`;
  }, [load, t]);

  useEffect(() => {
    if (!session) return undefined;
    const onSync = (isSynced: boolean) => setSynced(isSynced);
    if (session.provider.synced) setSynced(true);
    session.provider.on('sync', onSync);
    return () => session.provider.off('sync', onSync);
  }, [session]);

  const ready = synced && fit !== null;
  useEffect(() => {
    if (!ready || new URLSearchParams(window.location.hash.slice(1)).get('print') === '0') return undefined;
    // Let fonts and the fitted type scale settle before the dialog takes its snapshot.
    const timer = setTimeout(() => window.print(), 300);
    return () => clearTimeout(timer);
  }, [ready]);

  if (load.state === 'failed') return <ErrorPage message={t(load.message)} />;
  return (
    <ActiveEditorProvider>
      <main className="print-view" data-testid="print-view" data-ready={ready ? 'true' : 'false'}>
        {session && synced ? <A4Page doc={session.doc} provider={session.provider} user={null} editable={false} onFit={setFit} /> : <p className="desk__loading">{t('loading')}</p>}
      </main>
    </ActiveEditorProvider>
  );
}
