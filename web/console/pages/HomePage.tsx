import { useTranslation } from 'react-i18next';
import { Link } from '../../shared/router';
import { useSession } from '../../shared/session';
import { PageHeading } from '../../shared/ui';
import { useMay } from '../permissions';

/** Where each role starts: the work it may do, one link each. */
export function HomePage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const may = useMay();
  const tiles = [
    { to: '/console/search', title: t('console.nav.search'), text: t('console.home.search'), show: may('line.lookup') },
    { to: '/console/queue', title: t('console.nav.queue'), text: t('console.home.queue'), show: may('review.queue') },
    {
      to: '/console/card-returns',
      title: t('console.nav.cardReturns'),
      text: t('console.home.cardReturns'),
      show: may('card_return.record'),
    },
    { to: '/console/work', title: t('console.nav.work'), text: t('console.home.work'), show: may('case.read') },
    {
      to: '/console/reports',
      title: t('console.nav.reports'),
      text: t('console.home.reports'),
      show: may('reports.view'),
    },
    {
      to: '/console/admin',
      title: t('console.nav.admin'),
      text: t('console.home.admin'),
      show: may('policy.admin'),
    },
    {
      to: '/console/bulk-runs',
      title: t('console.nav.bulkRuns'),
      text: t('console.home.bulkRuns'),
      show: may('bulk.admin'),
    },
  ].filter((tile) => tile.show);
  return (
    <>
      <PageHeading title={t('console.home.title')}>
        {t('console.home.greeting', { role: t(`console.role.${session?.role ?? 'agent'}`) })}
      </PageHeading>
      <ul className="cards">
        {tiles.map((tile) => (
          <li key={tile.to} className="card">
            <h2>
              <Link to={tile.to}>{tile.title}</Link>
            </h2>
            <p>{tile.text}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
