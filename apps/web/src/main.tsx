// First: it sends the first page's requests before the rest of the console's code is evaluated.
import { firstPageLoaded } from './preload';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import './i18n';
import './styles.css';
import { App } from './App';
import { CONSOLE_BASE } from './routes';

void firstPageLoaded.then(() =>
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <BrowserRouter basename={CONSOLE_BASE}>
        <App />
      </BrowserRouter>
    </StrictMode>,
  ),
);
