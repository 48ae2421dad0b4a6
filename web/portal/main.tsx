import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startI18n } from '../i18n';
import { de } from '../i18n/de.js';
import { en } from '../i18n/en.js';
import { zhCN } from '../i18n/zh-CN.js';
import { RouterProvider } from '../shared/router';
import { SessionProvider } from '../shared/session';
import { App } from './App';
import './styles.css';

startI18n({ en: { translation: en }, 'zh-CN': { translation: zhCN }, de: { translation: de } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider>
      <SessionProvider>
        <App />
      </SessionProvider>
    </RouterProvider>
  </StrictMode>,
);
