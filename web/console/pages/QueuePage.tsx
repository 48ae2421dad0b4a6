import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { markets, riskSignals } from '../../../src/domain/policy/types.js';
import { api, type ApiError } from '../../shared/api';
import { formatInstant, localeFor } from '../../shared/format';
import { Link, navigate, useLocation } from '../../shared/router';
import { ErrorBox, Field, Loading, PageHeading } from '../../shared/ui';
import { useMay, useStateName } from '../permissions';
import { reviewableChannels } from '../../../src/domain/evidence.js';
import { bulkRejectionReasons } from '../../../src/domain/rejection-reasons.js';
import type { SlaStatus } from '../../../src/domain/review-sla.js';

interface QueueRow {
  id: string;
  reference?: string;
  msisdn: string;
  market: string;
  channel: string;
  state?: string;
  reviewRoute: string | null;
  riskSignals: string[];
  approvals: number;
  escalated: boolean;
  escalations?: number;
  needsAnswerSince?: string | null;
  receivedAt: string;
  deadline: string | null;
  sla?: { status: SlaStatus; workingHoursLeft: number } | null;
}

const filterNames = ['market', 'channel', 'riskSignal', 'state'] as const;

/**
 * Cases waiting for a person, nearest deadline first, with the SLA clock in working days coloured by
 * time left. Filters live in the URL, so a view can be shared or bookmarked. Supervisors can decide
 * several cases at once; each is still decided on its own, with the same rules.
 */
export function QueuePage() {
  const { t, i18n } = useTranslation();
  const stateName = useStateName();
  const { query } = useLocation();
  const may = useMay();
  const [rows, setRows] = useState<QueueRow[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkReason, setBulkReason] = useState('suspected_fraud');
  const [bulkResult, setBulkResult] = useState<string | null>(null);
  const [deciding, setDeciding] = useState(false);
  /** A bulk decision waiting for the supervisor's confirmation: it cannot be undone. */
  const [confirming, setConfirming] = useState<'approve' | 'reject' | null>(null);
  const filters = Object.fromEntries(filterNames.map((name) => [name, query.get(name) ?? '']));
  const queryString = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();

  const load = useCallback(
    async (cursor?: string) => {
      try {
        const params = new URLSearchParams(queryString);
        if (cursor) params.set('cursor', cursor);
        const page = await api<{ cases: QueueRow[]; nextCursor?: string | null }>(
          'GET',
          `/v1/staff/review-queue?${params}`,
        );
        setRows((was) => (cursor ? [...(was ?? []), ...page.cases] : page.cases));
        setNextCursor(page.nextCursor ?? null);
        setError(null);
      } catch (caught) {
        setError(caught as ApiError);
      }
    },
    [queryString],
  );
  useEffect(() => {
    setRows(null);
    setSelected([]);
    void load();
  }, [load]);

  const setFilter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const name of filterNames) {
      const value = String(form.get(name) ?? '');
      if (value) params.set(name, value);
    }
    navigate(`/console/queue${params.size ? `?${params}` : ''}`, { replace: true });
  };

  const bulk = async (action: 'approve' | 'reject') => {
    if (deciding) return;
    setConfirming(null);
    setDeciding(true);
    setBulkResult(null);
    try {
      const result = await api<{ results: { caseId: string; ok: boolean }[] }>('POST', '/v1/staff/cases/bulk', {
        action,
        caseIds: selected,
        ...(action === 'reject' ? { reason: bulkReason } : {}),
      });
      const done = result.results.filter((r) => r.ok).length;
      setBulkResult(t('console.queue.bulkDone', { done, failed: result.results.length - done }));
      setSelected([]);
      await load();
    } catch (caught) {
      setError(caught as ApiError);
    } finally {
      setDeciding(false);
    }
  };

  const locale = localeFor(i18n.language, undefined);
  const slaText = (row: QueueRow) => {
    if (!row.sla) return row.deadline ? formatInstant(row.deadline, locale) : t('console.queue.noReview');
    if (row.sla.status === 'paused') return t('console.queue.paused');
    const days = Math.abs(row.sla.workingHoursLeft) / 24;
    const amount =
      days >= 1
        ? t('console.queue.days', { count: Math.round(days * 10) / 10 })
        : t('console.queue.hours', { count: Math.round(Math.abs(row.sla.workingHoursLeft)) });
    return row.sla.workingHoursLeft < 0
      ? t('console.queue.overdueBy', { amount })
      : t('console.queue.left', { amount });
  };

  return (
    <>
      <PageHeading title={t('console.queue.title')}>{t('console.queue.title')}</PageHeading>
      <form className="filters" onSubmit={setFilter} aria-label={t('console.queue.filters')}>
        <Field label={t('console.field.market')}>
          {({ id }) => (
            <select id={id} name="market" defaultValue={filters.market}>
              <option value="">{t('console.queue.all')}</option>
              {markets.map((m) => (
                <option key={m} value={m}>
                  {t(`market.${m}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('console.field.channel')}>
          {({ id }) => (
            <select id={id} name="channel" defaultValue={filters.channel}>
              <option value="">{t('console.queue.all')}</option>
              {reviewableChannels.map((c) => (
                <option key={c} value={c}>
                  {t(`console.channel.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('console.field.risk')}>
          {({ id }) => (
            <select id={id} name="riskSignal" defaultValue={filters.riskSignal}>
              <option value="">{t('console.queue.all')}</option>
              {riskSignals.map((r) => (
                <option key={r} value={r}>
                  {t(`console.risk.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('console.field.state')}>
          {({ id }) => (
            <select id={id} name="state" defaultValue={filters.state}>
              <option value="">{t('console.queue.all')}</option>
              <option value="in_review">{stateName('in_review')}</option>
              <option value="needs_info">{stateName('needs_info')}</option>
              <option value="to_answer">{t('console.queue.toAnswer')}</option>
            </select>
          )}
        </Field>
        <button type="submit" className="secondary">
          {t('console.queue.apply')}
        </button>
      </form>
      <ErrorBox error={error} />
      {bulkResult && (
        <p className="success" role="status">
          {bulkResult}
        </p>
      )}
      {may('review.bulk') && selected.length > 0 && (
        <div className="panel" role="group" aria-label={t('console.queue.bulk')}>
          <p>{t('console.queue.selected', { count: selected.length })}</p>
          {confirming ? (
            <>
              <p>
                {t(`console.queue.confirm_${confirming}`, {
                  count: selected.length,
                  reason: t(`console.reason.${bulkReason}`),
                })}
              </p>
              <div className="actions">
                <button
                  type="button"
                  className={confirming === 'reject' ? 'primary danger' : 'primary'}
                  disabled={deciding}
                  onClick={() => void bulk(confirming)}
                >
                  {t(`console.queue.confirmButton_${confirming}`, { count: selected.length })}
                </button>
                <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                  {t('console.case.back')}
                </button>
              </div>
            </>
          ) : (
            <div className="actions">
              <button type="button" className="primary" disabled={deciding} onClick={() => setConfirming('approve')}>
                {t('console.queue.bulkApprove')}
              </button>
              <label htmlFor="bulk-reason">{t('console.case.reason')}</label>
              <select id="bulk-reason" value={bulkReason} onChange={(e) => setBulkReason(e.target.value)}>
                {bulkRejectionReasons.map((r) => (
                  <option key={r} value={r}>
                    {t(`console.reason.${r}`)}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="secondary danger"
                disabled={deciding}
                onClick={() => setConfirming('reject')}
              >
                {t('console.queue.bulkReject')}
              </button>
            </div>
          )}
        </div>
      )}
      {!rows && !error && <Loading />}
      {rows && rows.length === 0 && <p>{t('console.queue.empty')}</p>}
      {rows && rows.length > 0 && (
        <div className="table-wrap">
          <table className="stack">
            <caption className="visually-hidden">{t('console.queue.caption')}</caption>
            <thead>
              <tr>
                {may('review.bulk') && <th scope="col">{t('console.queue.select')}</th>}
                <th scope="col">{t('console.field.case')}</th>
                <th scope="col">{t('console.field.sla')}</th>
                <th scope="col">{t('console.field.market')}</th>
                <th scope="col">{t('console.field.channel')}</th>
                <th scope="col">{t('console.field.risk')}</th>
                <th scope="col">{t('console.field.state')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  {may('review.bulk') && (
                    <td data-label={t('console.queue.select')}>
                      <input
                        type="checkbox"
                        aria-label={t('console.queue.selectCase', { reference: row.reference ?? row.id })}
                        checked={selected.includes(row.id)}
                        onChange={(e) =>
                          setSelected((was) =>
                            e.target.checked ? [...was, row.id] : was.filter((id) => id !== row.id),
                          )
                        }
                      />
                    </td>
                  )}
                  <td data-label={t('console.field.case')}>
                    <Link to={`/console/cases/${row.id}`}>{row.reference ?? row.id.slice(0, 8)}</Link>
                    <br />
                    <span className="number">{row.msisdn}</span>
                    {row.needsAnswerSince && (
                      <>
                        <br />
                        <span className="badge badge-answer">{t('console.queue.needsAnswer')}</span>
                      </>
                    )}
                  </td>
                  <td data-label={t('console.field.sla')}>
                    <span className={`sla sla-${row.sla?.status ?? 'ok'}`}>{slaText(row)}</span>
                    {row.escalated && (
                      <>
                        <br />
                        <span className="badge badge-escalated">
                          {(row.escalations ?? 1) > 1
                            ? t('console.queue.reescalated', { count: row.escalations })
                            : t('console.queue.escalated')}
                        </span>
                      </>
                    )}
                  </td>
                  <td data-label={t('console.field.market')}>{row.market}</td>
                  <td data-label={t('console.field.channel')}>{t(`console.channel.${row.channel}`)}</td>
                  <td data-label={t('console.field.risk')}>
                    {row.riskSignals.map((r) => t(`console.risk.${r}`, { defaultValue: r })).join(', ') || '—'}
                    {row.reviewRoute === 'second_approver' && (
                      <>
                        <br />
                        {t('console.queue.approvals', { count: row.approvals })}
                      </>
                    )}
                  </td>
                  <td data-label={t('console.field.state')}>{stateName(row.state ?? 'in_review')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor && (
        <button type="button" className="secondary" onClick={() => void load(nextCursor)}>
          {t('console.queue.more')}
        </button>
      )}
    </>
  );
}
