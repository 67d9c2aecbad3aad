import { lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { EditorPage } from './pages/EditorPage';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PrintPage } from './pages/PrintPage';

// The projector view (and its QR library) loads only when opened: the editor does not carry it.
const PresentPage = lazy(() => import('./present/PresentPage').then((m) => ({ default: m.PresentPage })));

export function App() {
  return (
    <Switch>
      <Route path="/" component={HomePage} />
      <Route path="/c/:id">{(params) => <EditorPage key={params.id} id={params.id} />}</Route>
      <Route path="/c/:id/print">{(params) => <PrintPage key={params.id} id={params.id} />}</Route>
      <Route path="/c/:id/present">
        {(params) => (
          <Suspense fallback={null}>
            <PresentPage key={params.id} id={params.id} />
          </Suspense>
        )}
      </Route>
      <Route component={NotFoundPage} />
    </Switch>
  );
}
