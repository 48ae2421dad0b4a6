import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { markets } from '../../../src/domain/policy/types.js';
import { api, type ApiError } from '../../shared/api';
import { formatNumber } from '../../shared/format';
import { navigate, useLocation } from '../../shared/router';
import { DateField, datePartsOf, readDateParts, useDateErrorText } from '../../shared/DateField';
import { ErrorSummary, useFormErrors } from '../../shared/form-errors';
import { ErrorBox, Field, Loading, PageHeading } from '../../shared/ui';
import { BarChart } from './BarChart';
import { DAY } from '../../../src/domain/time.js';

interface Summary {
  from: string;
  to: string;
  market: string | null;
  volumes: { market: string; channel: string; count: number }[];
  leavingReasons: { reason: string; count: number }[];
  timeToComplete: { completed: number; p50Hours: number | null; p90Hours: number | null };
  sla: { met: number; missed: number; open: number };
  backlogAge: { bucket: string; count: number }[];
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** A small table with the figures a chart shows, so they can be read, copied and heard. */
function FigureTable({ caption, rows }: { caption: string; rows: [string, number][] }) {
  const { t, i18n } = useTranslation();
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('console.reports.item')}</th>
          <th scope="col">{t('console.reports.count')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{formatNumber(value, i18n.language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Reports for a date range of receipt: volumes by channel and market, reasons for leaving, time to
 * complete, review SLA met or missed, and the age of the open backlog — as charts with their
 * figures, and as CSV.
 */
export function ReportsPage() {
  const { t } = useTranslation();
  const { query } = useLocation();
  const today = new Date();
  const from = query.get('from') ?? isoDay(new Date(today.getTime() - 29 * DAY));
  const to = query.get('to') ?? isoDay(today);
  const market = query.get('market') ?? '';
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [fromParts, setFromParts] = useState(() => datePartsOf(from));
  const [toParts, setToParts] = useState(() => datePartsOf(to));
  const errors = useFormErrors();
  const dateError = useDateErrorText();
  const params = new URLSearchParams({ from, to, ...(market ? { market } : {}) }).toString();

  const load = useCallback(async () => {
    setSummary(null);
    try {
      setSummary(await api<Summary>('GET', `/v1/staff/reports/summary?${params}`));
      setError(null);
    } catch (caught) {
      setError(caught as ApiError);
    }
  }, [params]);
  useEffect(() => {
    void load();
  }, [load]);

  const choose = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const fromEntry = readDateParts(fromParts);
    const toEntry = readDateParts(toParts);
    const ready = errors.check({
      from: dateError(fromEntry, t('console.reports.from'), t('console.reports.fromMissing')),
      to: dateError(toEntry, t('console.reports.to'), t('console.reports.toMissing')),
    });
    if (!ready || fromEntry.kind !== 'date' || toEntry.kind !== 'date') return;
    const next = new URLSearchParams({ from: fromEntry.iso, to: toEntry.iso });
    const chosenMarket = String(form.get('market') ?? '');
    if (chosenMarket) next.set('market', chosenMarket);
    navigate(`/console/reports?${next}`, { replace: true });
  };

  const byChannel = useMemo(() => {
    const totals = new Map<string, number>();
    for (const v of summary?.volumes ?? []) totals.set(v.channel, (totals.get(v.channel) ?? 0) + v.count);
    return [...totals.entries()].map(
      ([channel, count]) => [t(`console.channel.${channel}`), count] as [string, number],
    );
  }, [summary, t]);
  const byMarket = useMemo(() => {
    const totals = new Map<string, number>();
    for (const v of summary?.volumes ?? []) totals.set(v.market, (totals.get(v.market) ?? 0) + v.count);
    return [...totals.entries()].map(([m, count]) => [t(`market.${m}`), count] as [string, number]);
  }, [summary, t]);
  const reasons = (summary?.leavingReasons ?? []).map(
    (r) => [t(`leaving.${r.reason}`, { defaultValue: t('console.reports.notGiven') }), r.count] as [string, number],
  );
  const backlog = (summary?.backlogAge ?? []).map((b) => [b.bucket, b.count] as [string, number]);
  const sla: [string, number][] = summary
    ? [
        [t('console.reports.slaMet'), summary.sla.met],
        [t('console.reports.slaMissed'), summary.sla.missed],
        [t('console.reports.slaOpen'), summary.sla.open],
      ]
    : [];

  return (
    <>
      <PageHeading title={t('console.reports.title')}>{t('console.reports.title')}</PageHeading>
      <ErrorSummary errors={errors} />
      <form className="filters" onSubmit={choose} aria-label={t('console.reports.range')} noValidate>
        <DateField
          id={errors.fieldId('from')}
          legend={t('console.reports.from')}
          error={errors.error('from')}
          value={fromParts}
          onChange={setFromParts}
        />
        <DateField
          id={errors.fieldId('to')}
          legend={t('console.reports.to')}
          error={errors.error('to')}
          value={toParts}
          onChange={setToParts}
        />
        <Field label={t('console.field.market')}>
          {({ id }) => (
            <select id={id} name="market" defaultValue={market}>
              <option value="">{t('console.queue.all')}</option>
              {markets.map((m) => (
                <option key={m} value={m}>
                  {t(`market.${m}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="secondary">
          {t('console.queue.apply')}
        </button>
        <a className="button" href={`/v1/staff/reports/summary.csv?${params}`} download>
          {t('console.reports.csv')}
        </a>
      </form>
      <ErrorBox error={error} />
      {!summary && !error && <Loading />}
      {summary && (
        <div className="reports">
          <section aria-labelledby="r-channel">
            <h2 id="r-channel">{t('console.reports.byChannel')}</h2>
            <BarChart
              title={t('console.reports.byChannel')}
              labels={byChannel.map((r) => r[0])}
              values={byChannel.map((r) => r[1])}
            />
            <FigureTable caption={t('console.reports.byChannel')} rows={byChannel} />
          </section>
          <section aria-labelledby="r-market">
            <h2 id="r-market">{t('console.reports.byMarket')}</h2>
            <BarChart
              title={t('console.reports.byMarket')}
              labels={byMarket.map((r) => r[0])}
              values={byMarket.map((r) => r[1])}
            />
            <FigureTable caption={t('console.reports.byMarket')} rows={byMarket} />
          </section>
          <section aria-labelledby="r-reasons">
            <h2 id="r-reasons">{t('console.reports.reasons')}</h2>
            <BarChart
              title={t('console.reports.reasons')}
              labels={reasons.map((r) => r[0])}
              values={reasons.map((r) => r[1])}
            />
            <FigureTable caption={t('console.reports.reasons')} rows={reasons} />
          </section>
          <section aria-labelledby="r-time">
            <h2 id="r-time">{t('console.reports.timeToComplete')}</h2>
            <p>
              {t('console.reports.timeText', {
                completed: summary.timeToComplete.completed,
                p50: summary.timeToComplete.p50Hours ?? '—',
                p90: summary.timeToComplete.p90Hours ?? '—',
              })}
            </p>
          </section>
          <section aria-labelledby="r-sla">
            <h2 id="r-sla">{t('console.reports.sla')}</h2>
            <BarChart title={t('console.reports.sla')} labels={sla.map((r) => r[0])} values={sla.map((r) => r[1])} />
            <FigureTable caption={t('console.reports.sla')} rows={sla} />
          </section>
          <section aria-labelledby="r-backlog">
            <h2 id="r-backlog">{t('console.reports.backlog')}</h2>
            <BarChart
              title={t('console.reports.backlog')}
              labels={backlog.map((r) => r[0])}
              values={backlog.map((r) => r[1])}
            />
            <FigureTable caption={t('console.reports.backlog')} rows={backlog} />
          </section>
        </div>
      )}
    </>
  );
}
