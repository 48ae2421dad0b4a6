import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';

/**
 * English and Simplified Chinese are complete; German covers what a German holder needs to cancel
 * (the §312k BGB button, confirmation page and receipt) and falls back to English elsewhere.
 * The choice is kept in localStorage; the first visit follows the browser's languages.
 */
export const languages = [
  { code: 'en', name: 'English' },
  { code: 'zh-CN', name: '简体中文' },
  { code: 'de', name: 'Deutsch' },
] as const;

const STORAGE_KEY = 'simexit.language';

function initialLanguage(): string {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  if (saved && languages.some((l) => l.code === saved)) return saved;
  for (const wanted of navigator.languages ?? []) {
    if (wanted.toLowerCase().startsWith('zh')) return 'zh-CN';
    if (wanted.toLowerCase().startsWith('de')) return 'de';
    if (wanted.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

export function setLanguage(code: string) {
  window.localStorage.setItem(STORAGE_KEY, code);
  void i18next.changeLanguage(code);
}

i18next.on('languageChanged', (code) => {
  document.documentElement.lang = code;
});

/** Starts i18next with an app's strings (the portal's, or the console's on top of them). */
export function startI18n(resources: Resource) {
  void i18next.use(initReactI18next).init({
    resources,
    lng: initialLanguage(),
    fallbackLng: 'en',
    // React escapes what it renders; escaping here as well would show &amp; to people.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}
