import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../shared/api';
import { formatDate, formatInstant, formatNumber, localeFor } from '../../shared/format';
import { Link } from '../../shared/router';
import { ErrorBox, PageHeading, PageLoading } from '../../shared/ui';
import { Action } from '../Action';
import type { BulkRowRejection, BulkRunLinePage, BulkRunView } from '../types';
import { BulkRunCounts, BulkRunProgressBar } from './BulkRunProgress';
import { PROGRESS_POLL_MS, runIsMoving } from './BulkRunsPage';
import { RejectedRowsTable } from './RejectedRowsTable';
import { DAY_SECONDS } from '../../../src/domain/time.js';
import type { AdminRunCommand } from '../../../src/domain/bulk-runs.js';

/** The most lines that could not be processed the page lists; the report has them all. */
const FAILED_SHOWN = 100;

/**
 * One bulk run: how far it is (lines per stage, lines per second, expected end, a bar that follows the
 * run while it moves), pause / resume / cancel (cancel asks first), the lines that could not be
 * processed with the reason, the rows of its list that were not taken, and its market report.
 */
export function BulkRunPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const [run, setRun] = useState<BulkRunView | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  // What the last command did, shown only while the run is still in the state it left it in.
  const [notice, setNotice] = useState<{ text: string; state: string } | null>(null);
  const [failed, setFailed] = useState<BulkRunLinePage | null>(null);
  const [rejected, setRejected] = useState<BulkRowRejection[] | null>(null);
  const reading = useRef(false);

  const load = useCallback(async () => {
    // A slow answer is not overtaken by the next poll's.
    if (reading.current) return;
    reading.current = true;
    try {
      setRun(await api<BulkRunView>('GET', `/v1/admin/bulk-runs/${id}`));
    } catch (caught) {
      setError(caught as ApiError);
    } finally {
      reading.current = false;
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  const moving = run ? runIsMoving(run) : false;
  useEffect(() => {
    if (!moving) return;
    const timer = window.setInterval(() => void load(), PROGRESS_POLL_MS);
    return () => window.clearInterval(timer);
  }, [moving, load]);

  // The lists are read again only when their counts change, not on every poll.
  const failedCount = run?.progress.ended.failed ?? 0;
  useEffect(() => {
    if (failedCount === 0) return;
    api<BulkRunLinePage>('GET', `/v1/admin/bulk-runs/${id}/lines?status=failed&limit=${FAILED_SHOWN}`)
      .then(setFailed)
      .catch(setError);
  }, [id, failedCount]);
  const rejectedCount = run?.progress.rejectedRows ?? 0;
  useEffect(() => {
    if (rejectedCount === 0) return;
    api<{ rejections: BulkRowRejection[] }>('GET', `/v1/admin/bulk-runs/${id}/rejections`)
      .then((answer) => setRejected(answer.rejections))
      .catch(setError);
  }, [id, rejectedCount]);

  const command = (name: AdminRunCommand, done: string) => async () => {
    setError(null);
    setNotice(null);
    try {
      const moved = await api<BulkRunView>('POST', `/v1/admin/bulk-runs/${id}/${name}`);
      setRun(moved);
      setNotice({ text: done, state: moved.state });
    } catch (caught) {
      // The run moved on meanwhile (finished, or someone else paused it): say so and show where it is.
      if (caught instanceof ApiError && caught.code === 'ILLEGAL_TRANSITION') {
        setError(new Error(t('console.bulk.run.movedOn')));
        await load();
      } else setError(caught as ApiError);
      throw caught;
    }
  };

  if (!run) return <PageLoading title={t('console.bulk.run.title')} error={error} />;
  const locale = localeFor(i18n.language, run.market);
  const n = (value: number) => formatNumber(value, i18n.language);
  const state = t(`console.bulk.state.${run.state}`);
  return (
    <>
      <PageHeading title={run.name}>{run.name}</PageHeading>
      <p>
        <Link to="/console/bulk-runs">{t('console.bulk.run.back')}</Link>
      </p>
      {notice?.state === run.state && (
        <p className="success" role="status">
          {notice.text}
        </p>
      )}
      <ErrorBox error={error} />
      {run.lastError && <p className="notice">{t('console.bulk.run.lastError', { error: run.lastError })}</p>}
      <h2 id="run-progress">
        {t('console.bulk.run.progress')} · <span className="state">{state}</span>
      </h2>
      <BulkRunProgressBar run={run} labelId="run-progress" />
      <dl className="summary">
        <dt>{t('console.field.market')}</dt>
        <dd>{t(`market.${run.market}`)}</dd>
        <dt>{t('console.bulk.run.source')}</dt>
        <dd>
          {run.selector?.kind === 'unregistered'
            ? t('console.bulk.run.selectorUnregistered', { date: formatDate(run.selector.registeredBefore, locale) })
            : run.selector?.kind === 'dormant_prepaid'
              ? t('console.bulk.run.selectorDormant', { days: run.selector.inactiveDays })
              : t('console.bulk.form.sourceName.csv')}
        </dd>
        <dt>{t('console.bulk.run.rate')}</dt>
        <dd>
          {t('console.bulk.run.rateValue', {
            now: n(run.progress.linesPerSecond),
            limit: n(run.linesPerSecond),
          })}
        </dd>
        <dt>{run.finishedAt ? t('console.bulk.run.ended') : t('console.bulk.run.expectedEnd')}</dt>
        <dd>
          {run.finishedAt
            ? formatInstant(run.finishedAt, locale)
            : run.progress.expectedEndAt
              ? formatInstant(run.progress.expectedEndAt, locale)
              : t('console.bulk.run.noEstimate')}
        </dd>
        <dt>{t('console.bulk.run.schedule')}</dt>
        <dd>
          {run.stages
            .map((stage) =>
              stage === 'notice'
                ? t('console.bulk.stage.notice')
                : t('console.bulk.run.after', {
                    stage: t(`console.bulk.stage.${stage}`),
                    days: n(Math.round(((run.delaySeconds[stage] ?? 0) / DAY_SECONDS) * 100) / 100),
                  }),
            )
            .join(' → ')}
        </dd>
        <dt>{t('console.bulk.run.created')}</dt>
        <dd>{formatInstant(run.createdAt, locale)}</dd>
      </dl>
      <div className="actions">
        {run.state === 'running' && (
          <Action label={t('console.bulk.run.pause')} onSubmit={command('pause', t('console.bulk.run.paused'))} />
        )}
        {run.state === 'paused' && (
          <Action label={t('console.bulk.run.resume')} onSubmit={command('resume', t('console.bulk.run.resumed'))} />
        )}
        {(run.state === 'preparing' || run.state === 'running' || run.state === 'paused') && (
          <Action
            label={t('console.bulk.run.cancel')}
            backLabel={t('console.bulk.run.keep')}
            danger
            onSubmit={command('cancel', t('console.bulk.run.cancelling'))}
          >
            <p>{t('console.bulk.run.cancelConfirm')}</p>
          </Action>
        )}
      </div>
      {run.state === 'paused' && <p>{t('console.bulk.run.pausedHint')}</p>}
      <BulkRunCounts run={run} caption={t('console.bulk.run.counts')} />
      <p className="downloads">
        <a href={`/v1/admin/bulk-runs/${id}/report.csv`} download>
          {t('console.bulk.run.report')}
        </a>
      </p>
      <section aria-labelledby="failed-title">
        <h2 id="failed-title">{t('console.bulk.run.failedTitle')}</h2>
        {failedCount === 0 ? (
          <p>{t('console.bulk.run.noneFailed')}</p>
        ) : (
          <>
            <p>{t('console.bulk.run.failedHint')}</p>
            <div className="table-wrap">
              <table className="narrow-cells">
                <caption>{t('console.bulk.run.failedCaption', { count: failedCount })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('console.field.msisdn')}</th>
                    <th scope="col">{t('console.bulk.rejected.reason')}</th>
                    <th scope="col">{t('console.field.case')}</th>
                  </tr>
                </thead>
                <tbody>
                  {(failed?.lines ?? []).map((line) => (
                    <tr key={line.msisdn}>
                      <td className="number">{line.msisdn}</td>
                      <td>{t(`console.bulk.lineReason.${line.reason ?? ''}`, { defaultValue: line.reason ?? '' })}</td>
                      <td>
                        {line.caseId ? (
                          <Link to={`/console/cases/${line.caseId}`}>{t('console.bulk.run.openCase')}</Link>
                        ) : (
                          t('console.bulk.run.noCase')
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {failedCount > FAILED_SHOWN && <p>{t('console.bulk.run.moreInReport', { shown: FAILED_SHOWN })}</p>}
            </div>
          </>
        )}
      </section>
      <section aria-labelledby="reinstate-title">
        <h2 id="reinstate-title">{t('console.bulk.run.reinstateTitle')}</h2>
        <p>{t('console.bulk.run.reinstateHint')}</p>
      </section>
      {rejected && (
        <section aria-labelledby="rejected-title">
          <h2 id="rejected-title">{t('console.bulk.rejected.title')}</h2>
          <RejectedRowsTable rows={rejected} total={rejectedCount} caption={t('console.bulk.rejected.caption')} />
        </section>
      )}
    </>
  );
}
