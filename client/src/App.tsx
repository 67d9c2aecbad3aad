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
      <Route component={NotFoundPage} />
    </Switch>
  );
}
