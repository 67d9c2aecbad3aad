import { Route, Switch } from 'wouter';
import { EditorPage } from './pages/EditorPage';
import { HomePage } from './pages/HomePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PrintPage } from './pages/PrintPage';

export function App() {
  return (
    <Switch>
      <Route path="/" component={HomePage} />
      <Route path="/c/:id">{(params) => <EditorPage key={params.id} id={params.id} />}</Route>
      <Route path="/c/:id/print">{(params) => <PrintPage key={params.id} id={params.id} />}</Route>
      {/* Until the projector view exists, a present link opens the canvas itself (its token decides the role). */}
      <Route path="/c/:id/present">{(params) => <EditorPage key={params.id} id={params.id} />}</Route>
      <Route component={NotFoundPage} />
    </Switch>
  );
}
