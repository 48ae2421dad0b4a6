import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startI18n } from '../i18n';
import { consoleEn } from '../i18n/console-en.js';
import { consoleZhCN } from '../i18n/console-zh-CN.js';
import { en } from '../i18n/en.js';
import { zhCN } from '../i18n/zh-CN.js';
import { RouterProvider } from '../shared/router';
import { SessionProvider } from '../shared/session';
import { ConsoleApp } from './ConsoleApp';
import '../portal/styles.css';
import './console.css';

// The console speaks the portal's words for shared things (states, products, errors) plus its own.
startI18n({
  en: { translation: { ...en, ...consoleEn } },
  'zh-CN': { translation: { ...zhCN, ...consoleZhCN } },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider>
      <SessionProvider kind="staff">
        <ConsoleApp />
      </SessionProvider>
    </RouterProvider>
  </StrictMode>,
);
