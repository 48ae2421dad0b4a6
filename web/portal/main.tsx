import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../i18n';
import { RouterProvider } from '../shared/router';
import { SessionProvider } from '../shared/session';
import { App } from './App';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider>
      <SessionProvider>
        <App />
      </SessionProvider>
    </RouterProvider>
  </StrictMode>,
);
