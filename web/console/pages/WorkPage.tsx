import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../shared/api';
import { ErrorBox, Loading, PageHeading } from '../../shared/ui';
import { useMay } from '../permissions';
import type { WorkRow } from '../types';
import { WorkList } from './WorkList';

/** Cases stuck on an outside system or failed: visible, with the reason; the case page has the retry. */
export function WorkPage() {
  const { t } = useTranslation();
  const [lists, setLists] = useState<{ failed: WorkRow[]; waiting: WorkRow[] } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** The failed case whose retry waits for confirmation. */
  const [confirming, setConfirming] = useState<WorkRow | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // The question shows above the lists: focus goes to its answer, not left on the row's button.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);
  const may = useMay();
  const load = useCallback(async () => {
    const [failed, waiting] = await Promise.all([
      api<{ cases: WorkRow[] }>('GET', '/v1/staff/work?list=failed'),
      api<{ cases: WorkRow[] }>('GET', '/v1/staff/work?list=waiting'),
    ]);
    setLists({ failed: failed.cases, waiting: waiting.cases });
  }, []);
  useEffect(() => {
    load().catch(setError);
  }, [load]);
  const retry = async (row: WorkRow) => {
    setConfirming(null);
    setError(null);
    try {
      await api('POST', `/v1/staff/cases/${row.id}/retry`, {});
      setNotice(t('console.work.retried', { reference: row.reference }));
      await load();
    } catch (caught) {
      setError(caught as ApiError);
    }
  };
  return (
    <>
      <PageHeading title={t('console.work.title')}>{t('console.work.title')}</PageHeading>
      {notice && (
        <p className="success" role="status">
          {notice}
        </p>
      )}
      <ErrorBox error={error} />
      {confirming && (
        <div className="panel" role="group" aria-label={t('console.work.retry', { reference: confirming.reference })}>
          <p>{t('console.case.retryConfirm')}</p>
          <div className="actions">
            <button type="button" className="primary" ref={confirmButton} onClick={() => void retry(confirming)}>
              {t('console.work.confirmRetry', { reference: confirming.reference })}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(null)}>
              {t('console.case.back')}
            </button>
          </div>
        </div>
      )}
      {!lists && !error && <Loading />}
      {lists && (
        <>
          <h2>{t('console.work.failed')}</h2>
          <WorkList
            rows={lists.failed}
            caption={t('console.work.failedCaption')}
            onRetry={may('execution.retry') ? (row) => setConfirming(row) : undefined}
          />
          <h2>{t('console.work.waiting')}</h2>
          <WorkList rows={lists.waiting} caption={t('console.work.waitingCaption')} />
        </>
      )}
    </>
  );
}
