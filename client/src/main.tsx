import './zodConfig';
import { i18nReady } from './i18n/i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource/inter/400.css';
import '@fontsource/inter/400-italic.css';
import '@fontsource/inter/600.css';
import '@fontsource/inter/700.css';
import '@fontsource/inter/700-italic.css';
import './styles/app.css';
import './styles/page.css';
import './styles/manage.css';
import { App } from './App';
import { registerServiceWorker } from './lib/serviceWorker';

function render(): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// Nothing to wait for in Dutch; an English UI waits for its messages (a small chunk). Should
// that chunk not arrive, the UI shows in Dutch, the fallback.
void i18nReady.then(render, render);

registerServiceWorker();
