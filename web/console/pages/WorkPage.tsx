import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../shared/api';
import { ErrorBox, Loading, PageHeading } from '../../shared/ui';
import type { WorkRow } from '../types';
import { WorkList } from './WorkList';

/** Cases stuck on an outside system or failed: visible, with the reason; the case page has the retry. */
export function WorkPage() {
  const { t } = useTranslation();
  const [lists, setLists] = useState<{ failed: WorkRow[]; waiting: WorkRow[] } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    Promise.all([
      api<{ cases: WorkRow[] }>('GET', '/v1/staff/work?list=failed'),
      api<{ cases: WorkRow[] }>('GET', '/v1/staff/work?list=waiting'),
    ])
      .then(([failed, waiting]) => setLists({ failed: failed.cases, waiting: waiting.cases }))
      .catch(setError);
  }, []);
  return (
    <>
      <PageHeading title={t('console.work.title')}>{t('console.work.title')}</PageHeading>
      <ErrorBox error={error} />
      {!lists && !error && <Loading />}
      {lists && (
        <>
          <h2>{t('console.work.failed')}</h2>
          <WorkList rows={lists.failed} caption={t('console.work.failedCaption')} />
          <h2>{t('console.work.waiting')}</h2>
          <WorkList rows={lists.waiting} caption={t('console.work.waitingCaption')} />
        </>
      )}
    </>
  );
}
