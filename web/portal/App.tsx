import { useEffect, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { isUuid, Link, match, navigate, useLocation } from '../shared/router';
import { useSession } from '../shared/session';
import { DemoBanner } from '../shared/DemoBanner';
import { LanguageSelect, Loading } from '../shared/ui';
import { CasePage } from './pages/CasePage';
import { CasesPage } from './pages/CasesPage';
import { ChecklistPage } from './pages/ChecklistPage';
import { ConfirmCallPage } from './pages/ConfirmCallPage';
import { ConfirmPage } from './pages/ConfirmPage';
import { HelpPage } from './pages/HelpPage';
import { HomePage } from './pages/HomePage';
import { InboxPage } from './pages/InboxPage';
import { IdentifyPage } from './pages/IdentifyPage';
import { LinesPage } from './pages/LinesPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ReceiptPage } from './pages/ReceiptPage';

/** Pages that need a signed-in holder; the others are open to everyone. */
const routes: { pattern: string; signedIn: boolean; render: (params: Record<string, string>) => ReactElement }[] = [
  { pattern: '/', signedIn: false, render: () => <HomePage /> },
  { pattern: '/identify', signedIn: false, render: () => <IdentifyPage /> },
  { pattern: '/help', signedIn: false, render: () => <HelpPage /> },
  // The link in an agent's confirmation text: the link is the proof, so no sign-in.
  { pattern: '/confirm-call/:token', signedIn: false, render: (p) => <ConfirmCallPage token={p.token!} /> },
  { pattern: '/lines', signedIn: true, render: () => <LinesPage /> },
  { pattern: '/lines/:msisdn', signedIn: true, render: (p) => <ChecklistPage msisdn={p.msisdn!} /> },
  { pattern: '/lines/:msisdn/cancel', signedIn: true, render: (p) => <ConfirmPage msisdn={p.msisdn!} /> },
  { pattern: '/cases', signedIn: true, render: () => <CasesPage /> },
  // The case page explains itself to a signed-out visitor (the "not you? stop it" link lands here).
  {
    pattern: '/cases/:id',
    signedIn: false,
    render: (p) => (isUuid(p.id!) ? <CasePage id={p.id!} /> : <NotFoundPage />),
  },
  // A demo persona's phone or mailbox (the demo operator's inbox); no sign-in, as in the demo's API.
  { pattern: '/inbox/:address', signedIn: false, render: (p) => <InboxPage address={p.address!} /> },
  {
    pattern: '/cases/:id/receipt',
    signedIn: true,
    render: (p) => (isUuid(p.id!) ? <ReceiptPage id={p.id!} /> : <NotFoundPage />),
  },
];

function RequireSignIn({ children }: { children: ReactElement }) {
  const { status } = useSession();
  const { path, query } = useLocation();
  useEffect(() => {
    if (status === 'signed_out') {
      navigate(`/identify?next=${encodeURIComponent(path + (query.size ? `?${query}` : ''))}`, { replace: true });
    }
  }, [status, path, query]);
  return status === 'signed_in' ? children : <Loading />;
}

export function App() {
  const { t } = useTranslation();
  // The first render with its handlers attached: what bench/portal.bench.ts times as "interactive".
  useEffect(() => {
    performance.mark('simexit:interactive');
  }, []);
  const { path } = useLocation();
  const { status, lost, signOut } = useSession();
  let page: ReactElement = <NotFoundPage />;
  for (const route of routes) {
    const params = match(route.pattern, path);
    if (params) {
      page = route.render(params);
      if (route.signedIn) page = <RequireSignIn>{page}</RequireSignIn>;
      break;
    }
  }
  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className="site-header">
        <div className="bar">
          <Link to="/" className="brand">
            simexit
          </Link>
          <nav aria-label={t('layout.nav')}>
            <ul>
              <li>
                {/* The one clearly labelled entry point, on every page (§312k(2) BGB). */}
                <Link to="/lines" className="button cancel-entry">
                  {t('layout.cancelEntry')}
                </Link>
              </li>
              <li>
                <Link to="/cases">{t('layout.myCases')}</Link>
              </li>
              <li>
                <Link to="/help">{t('layout.help')}</Link>
              </li>
              {status === 'signed_in' && (
                <li>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void signOut().then(() => navigate('/'))}
                  >
                    {t('layout.signOut')}
                  </button>
                </li>
              )}
            </ul>
          </nav>
          <LanguageSelect />
        </div>
      </header>
      <DemoBanner />
      <main id="main" tabIndex={-1}>
        {lost && (
          <p className="notice" role="status">
            {t('layout.sessionEnded')}
          </p>
        )}
        {page}
      </main>
      <footer className="site-footer">
        <p>{t('layout.safety')}</p>
        <p>{t('layout.free')}</p>
      </footer>
    </>
  );
}
