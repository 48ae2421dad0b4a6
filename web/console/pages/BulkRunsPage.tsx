import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../shared/api';
import { formatNumber } from '../../shared/format';
import { Link } from '../../shared/router';
import { ErrorBox, Loading, PageHeading } from '../../shared/ui';
import type { BulkRunView } from '../types';
import { BulkRunProgressBar } from './BulkRunProgress';

/** Runs that still move: the list reads them again while any does. */
export const runIsMoving = (run: BulkRunView) => run.state !== 'completed' && run.state !== 'cancelled';

/** How often a page with a moving run reads its progress again (the read is a few rows: migration 0022). */
export const PROGRESS_POLL_MS = 3000;

/**
 * Bulk deactivation runs, newest first: name, market, state, lines at each stage and how far each run
 * is. Admins only (the API's bulk.admin).
 */
export function BulkRunsPage() {
  const { t, i18n } = useTranslation();
  const [runs, setRuns] = useState<BulkRunView[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    try {
      setRuns((await api<{ runs: BulkRunView[] }>('GET', '/v1/admin/bulk-runs')).runs);
      setError(null);
    } catch (caught) {
      setError(caught as ApiError);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const moving = runs?.some(runIsMoving) ?? false;
  useEffect(() => {
    if (!moving) return;
    const timer = window.setInterval(() => void load(), PROGRESS_POLL_MS);
    return () => window.clearInterval(timer);
  }, [moving, load]);

  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <>
      <PageHeading title={t('console.bulk.title')}>{t('console.bulk.title')}</PageHeading>
      <p>{t('console.bulk.intro')}</p>
      <p>
        <Link to="/console/bulk-runs/new" className="button primary">
          {t('console.bulk.newRun')}
        </Link>
      </p>
      <ErrorBox error={error} />
      {!runs && !error && <Loading />}
      {runs && runs.length === 0 && <p>{t('console.bulk.empty')}</p>}
      {runs && runs.length > 0 && (
        <ul className="cards runs">
          {runs.map((run) => {
            const { atStage, ended } = run.progress;
            const open = Object.values(atStage).reduce((sum, count) => sum + count, 0);
            return (
              <li key={run.id} className="card">
                <h2 id={`run-${run.id}`}>
                  <Link to={`/console/bulk-runs/${run.id}`}>{run.name}</Link>
                </h2>
                <p>
                  {t(`market.${run.market}`)} · <span className="state">{t(`console.bulk.state.${run.state}`)}</span>
                </p>
                <BulkRunProgressBar run={run} />
                <dl className="summary">
                  <dt>{t('console.bulk.allLines')}</dt>
                  <dd>{n(run.progress.lines)}</dd>
                  <dt>{t('console.bulk.openLines')}</dt>
                  <dd>
                    {n(open)}
                    {open > 0 &&
                      ` (${[
                        ['pending', atStage.pending ?? 0] as const,
                        ...run.stages.filter((s) => s !== 'deactivate').map((s) => [s, atStage[s] ?? 0] as const),
                      ]
                        .map(([stage, count]) => `${t(`console.bulk.atStage.${stage}`)}: ${n(count)}`)
                        .join(', ')})`}
                  </dd>
                  <dt>{t('console.bulk.ended.deactivated')}</dt>
                  <dd>{n(ended.deactivated)}</dd>
                  <dt>{t('console.bulk.ended.reinstated')}</dt>
                  <dd>{n(ended.reinstated)}</dd>
                  <dt>{t('console.bulk.ended.failed')}</dt>
                  <dd>{n(ended.failed)}</dd>
                  {ended.cancelled > 0 && (
                    <>
                      <dt>{t('console.bulk.ended.cancelled')}</dt>
                      <dd>{n(ended.cancelled)}</dd>
                    </>
                  )}
                </dl>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
