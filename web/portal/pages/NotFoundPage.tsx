import { useTranslation } from 'react-i18next';
import { Link } from '../../shared/router';
import { PageHeading } from '../../shared/ui';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('notFound.title')}>{t('notFound.title')}</PageHeading>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}
