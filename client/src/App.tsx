import { Suspense, type ReactNode } from 'react';
import { useTranslation } from './i18n/useTranslation';
import { Route, Switch, useLocation } from 'wouter';
import { ChunkBoundary } from './lib/ChunkBoundary';
import { lazyComponent } from './lib/lazyComponent';
import { EditorPage } from './pages/EditorPage';
import { ErrorPage } from './pages/ErrorPage';

// Only the editor is in the first download: a participant's link opens it, and every byte
// before it is editable counts on venue Wi-Fi. The other pages (the projector view with its QR
// library, the home page with its forms) load when opened; the service worker keeps them all.
const HomePage = lazyComponent(() => import('./pages/HomePage'), 'HomePage');
const PrintPage = lazyComponent(() => import('./pages/PrintPage'), 'PrintPage');
const PresentPage = lazyComponent(() => import('./present/PresentPage'), 'PresentPage');
const NotFoundPage = lazyComponent(() => import('./pages/NotFoundPage'), 'NotFoundPage');

export function App() {
  return (
    <LazyPages>
      <Switch>
        <Route path="/" component={HomePage} />
        <Route path="/c/:id">{(params) => <EditorPage key={params.id} id={params.id} />}</Route>
        <Route path="/c/:id/print">{(params) => <PrintPage key={params.id} id={params.id} />}</Route>
        <Route path="/c/:id/present">{(params) => <PresentPage key={params.id} id={params.id} />}</Route>
        <Route component={NotFoundPage} />
      </Switch>
    </LazyPages>
  );
}

/** Pages of their own chunk: nothing while one loads (a moment), a message if it cannot. */
function LazyPages({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  // A new boundary per address: going elsewhere and back tries the load again.
  const [location] = useLocation();
  return (
    <ChunkBoundary key={location} fallback={<ErrorPage message={t('loadFailed')} />}>
      <Suspense fallback={null}>{children}</Suspense>
    </ChunkBoundary>
  );
}
