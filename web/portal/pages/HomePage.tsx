import { useTranslation } from 'react-i18next';
import { Link } from '../../shared/router';
import { PageHeading } from '../../shared/ui';

export function HomePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('home.title')}>{t('home.title')}</PageHeading>
      <p className="lead">{t('home.lead')}</p>
      <p>
        <Link to="/lines" className="button primary">
          {t('home.start')}
        </Link>
      </p>
      <h2>{t('home.howTitle')}</h2>
      <ol className="steps">
        <li>{t('home.step1')}</li>
        <li>{t('home.step2')}</li>
        <li>{t('home.step3')}</li>
        <li>{t('home.step4')}</li>
      </ol>
      <h2>{t('home.trackTitle')}</h2>
      <p>
        <Link to="/cases">{t('home.track')}</Link>
      </p>
      <aside className="warning" aria-labelledby="home-safety">
        <h2 id="home-safety">{t('home.safetyTitle')}</h2>
        <p>{t('home.safety')}</p>
      </aside>
    </>
  );
}
