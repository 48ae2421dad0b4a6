import { useEffect, type ReactElement } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { isUuid, Link, match, navigate, useLocation } from '../shared/router';
import { useSession } from '../shared/session';
import { DemoBanner } from '../shared/DemoBanner';
import { LanguageSelect, Loading } from '../shared/ui';
import { useMay } from './permissions';
import { AdminPage } from './pages/AdminPage';
import { BulkRunNewPage } from './pages/BulkRunNewPage';
import { BulkRunPage } from './pages/BulkRunPage';
import { BulkRunsPage } from './pages/BulkRunsPage';
import { CardReturnsPage } from './pages/CardReturnsPage';
import { CaseDeskPage } from './pages/CaseDeskPage';
import { HomePage } from './pages/HomePage';
import { IntakePage } from './pages/IntakePage';
import { LinePage } from './pages/LinePage';
import { QueuePage } from './pages/QueuePage';
import { ReportsPage } from './pages/ReportsPage';
import { SearchPage } from './pages/SearchPage';
import { SignInPage } from './pages/SignInPage';
import { WorkPage } from './pages/WorkPage';

const routes: { pattern: string; render: (params: Record<string, string>) => ReactElement }[] = [
  { pattern: '/console', render: () => <HomePage /> },
  { pattern: '/console/search', render: () => <SearchPage /> },
  { pattern: '/console/lines/:msisdn', render: (p) => <LinePage msisdn={p.msisdn!} /> },
  { pattern: '/console/lines/:msisdn/file', render: (p) => <IntakePage msisdn={p.msisdn!} /> },
  { pattern: '/console/queue', render: () => <QueuePage /> },
  {
    pattern: '/console/cases/:id',
    render: (p) => (isUuid(p.id!) ? <CaseDeskPage id={p.id!} /> : <p>{i18next.t('console.notFound')}</p>),
  },
  { pattern: '/console/card-returns', render: () => <CardReturnsPage /> },
  { pattern: '/console/work', render: () => <WorkPage /> },
  { pattern: '/console/reports', render: () => <ReportsPage /> },
  { pattern: '/console/admin', render: () => <AdminPage /> },
  { pattern: '/console/bulk-runs', render: () => <BulkRunsPage /> },
  { pattern: '/console/bulk-runs/new', render: () => <BulkRunNewPage /> },
  {
    pattern: '/console/bulk-runs/:id',
    render: (p) => (isUuid(p.id!) ? <BulkRunPage id={p.id!} /> : <p>{i18next.t('console.notFound')}</p>),
  },
];

/** The staff console: every page needs a signed-in staff member; the menu shows what the role may do. */
export function ConsoleApp() {
  const { t } = useTranslation();
  const { path } = useLocation();
  const { status, session, lost, signOut } = useSession();
  const may = useMay();
  useEffect(() => {
    performance.mark('simexit:interactive');
  }, []);

  let page: ReactElement = <Loading />;
  if (status === 'signed_out') page = <SignInPage />;
  else if (status === 'signed_in') {
    page = <p>{t('console.notFound')}</p>;
    for (const route of routes) {
      const params = match(route.pattern, path);
      if (params) {
        page = route.render(params);
        break;
      }
    }
  }

  const nav = [
    { to: '/console/search', label: t('console.nav.search'), show: may('line.lookup') },
    { to: '/console/queue', label: t('console.nav.queue'), show: may('review.queue') },
    { to: '/console/card-returns', label: t('console.nav.cardReturns'), show: may('card_return.record') },
    { to: '/console/work', label: t('console.nav.work'), show: may('case.read') },
    { to: '/console/reports', label: t('console.nav.reports'), show: may('reports.view') },
    { to: '/console/admin', label: t('console.nav.admin'), show: may('policy.admin') },
    { to: '/console/bulk-runs', label: t('console.nav.bulkRuns'), show: may('bulk.admin') },
  ].filter((item) => item.show);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className="site-header console-header">
        <div className="bar">
          <Link to="/console" className="brand">
            simexit <span className="brand-sub">{t('console.title')}</span>
          </Link>
          {status === 'signed_in' && (
            <nav aria-label={t('layout.nav')}>
              <ul>
                {nav.map((item) => (
                  <li key={item.to}>
                    <Link to={item.to} aria-current={path.startsWith(item.to) ? 'page' : undefined}>
                      {item.label}
                    </Link>
                  </li>
                ))}
                <li>
                  <span className="role">{t(`console.role.${session?.role ?? 'agent'}`)}</span>
                </li>
                <li>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void signOut().then(() => navigate('/console'))}
                  >
                    {t('layout.signOut')}
                  </button>
                </li>
              </ul>
            </nav>
          )}
          <LanguageSelect exclude={['de']} />
        </div>
      </header>
      <DemoBanner staff />
      <main id="main" tabIndex={-1} className="console-main">
        {lost && (
          <p className="notice" role="status">
            {t('console.sessionEnded')}
          </p>
        )}
        {page}
      </main>
    </>
  );
}
