import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkStage } from '../../../src/domain/bulk-runs.js';
import { bulkDeactivationDefaults } from '../../../src/domain/policy/index.js';
import { markets, type Market } from '../../../src/domain/policy/types.js';
import { api, ApiError } from '../../shared/api';
import { navigate } from '../../shared/router';
import { DateField, datePartsOf, readDateParts, useDateErrorText } from '../../shared/DateField';
import { ErrorSummary, refusedField, useFormErrors } from '../../shared/form-errors';
import { Field, PageHeading } from '../../shared/ui';
import type { BulkRowRejection, CreatedBulkRun } from '../types';
import { RejectedRowsTable } from './RejectedRowsTable';
import { DAY_SECONDS } from '../../../src/domain/time.js';

/** Where the operations guide says to start (docs/OPERATIONS.md): low, then a new run to go faster. */
const DEFAULT_LINES_PER_SECOND = 200;

type Source = 'csv' | 'unregistered' | 'dormant_prepaid';
type DelayStage = Exclude<BulkStage, 'notice'>;

const defaultDelays = (market: Market) =>
  Object.fromEntries(
    bulkDeactivationDefaults[market].stages
      .filter((stage): stage is DelayStage => stage !== 'notice')
      .map((stage) => [stage, String(bulkDeactivationDefaults[market].delayDays[stage] ?? 0)]),
  ) as Partial<Record<DelayStage, string>>;

/**
 * Starts a bulk deactivation run for a market: from an uploaded list of numbers or from a selector the
 * CRM answers, with the stage schedule and throttle prefilled from the market's policy pack (and why).
 * A list's bad rows are shown row by row as the API reports them; nothing is applied to them.
 */
export function BulkRunNewPage() {
  const { t } = useTranslation();
  const [market, setMarket] = useState<Market>('UK');
  const [name, setName] = useState('');
  const [source, setSource] = useState<Source>('csv');
  const [file, setFile] = useState<File | null>(null);
  const [registeredParts, setRegisteredParts] = useState(() => datePartsOf(new Date().toISOString()));
  const [inactiveDays, setInactiveDays] = useState(String(bulkDeactivationDefaults.UK.dormantDays));
  const [delays, setDelays] = useState(defaultDelays('UK'));
  const [linesPerSecond, setLinesPerSecond] = useState(String(DEFAULT_LINES_PER_SECOND));
  const errors = useFormErrors();
  const dateError = useDateErrorText();
  const registered = readDateParts(registeredParts);
  const [rejected, setRejected] = useState<{ rows: BulkRowRejection[]; total: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const defaults = bulkDeactivationDefaults[market];

  const chooseMarket = (next: Market) => {
    setMarket(next);
    setDelays(defaultDelays(next));
    setInactiveDays(String(bulkDeactivationDefaults[next].dormantDays));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setRejected(null);
    const ready = errors.check({
      name: name.trim().length < 3 && t('console.bulk.form.nameMissing'),
      file: source === 'csv' && !file && t('console.bulk.form.chooseFile'),
      registeredBefore:
        source === 'unregistered' &&
        dateError(registered, t('console.bulk.form.registeredBefore'), t('console.bulk.form.registeredBeforeMissing')),
    });
    if (!ready) return;
    const settings = {
      market,
      name: name.trim(),
      linesPerSecond: Number(linesPerSecond),
      delaySeconds: Object.fromEntries(
        Object.entries(delays).map(([stage, days]) => [stage, Math.round(Number(days) * DAY_SECONDS)]),
      ),
    };
    let body: Record<string, unknown>;
    if (source === 'csv') {
      body = { ...settings, csv: await file!.text() };
    } else if (source === 'unregistered') {
      const registeredBefore = registered.kind === 'date' ? registered.iso : '';
      body = { ...settings, selector: { kind: 'unregistered', registeredBefore } };
    } else {
      body = { ...settings, selector: { kind: 'dormant_prepaid', inactiveDays: Number(inactiveDays) } };
    }
    setBusy(true);
    try {
      const created = await api<CreatedBulkRun>('POST', '/v1/admin/bulk-runs', body);
      navigate(`/console/bulk-runs/${created.run.id}`);
    } catch (caught) {
      const apiError = caught as ApiError;
      errors.fail(apiError, (refusal) => {
        const field = refusedField(refusal);
        if (field === 'name' || field === 'linesPerSecond') return field;
        if (field === 'selector.registeredBefore') return 'registeredBefore';
        if (field === 'selector.inactiveDays') return 'inactiveDays';
        return null;
      });
      // A list with no line the run could take: every bad row comes back in the error, nothing started.
      if (apiError instanceof ApiError && Array.isArray(apiError.details.rejected)) {
        setRejected({
          rows: apiError.details.rejected as BulkRowRejection[],
          total: Number(apiError.details.rejectedTotal ?? apiError.details.rejected.length),
        });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading title={t('console.bulk.form.title')}>{t('console.bulk.form.title')}</PageHeading>
      <p>{t('console.bulk.form.intro')}</p>
      <ErrorSummary errors={errors} />
      {rejected && (
        <RejectedRowsTable rows={rejected.rows} total={rejected.total} caption={t('console.bulk.rejected.caption')} />
      )}
      <form onSubmit={(event) => void submit(event)}>
        <Field label={t('console.field.market')}>
          {({ id }) => (
            <select id={id} value={market} onChange={(e) => chooseMarket(e.target.value as Market)}>
              {markets.map((m) => (
                <option key={m} value={m}>
                  {t(`market.${m}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t('console.bulk.form.name')}
          hint={t('console.bulk.form.nameHint')}
          error={errors.error('name')}
          id={errors.fieldId('name')}
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              value={name}
              maxLength={200}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <fieldset>
          <legend>{t('console.bulk.form.source')}</legend>
          {(['csv', 'unregistered', 'dormant_prepaid'] as const).map((s) => (
            <div className="choice" key={s}>
              <input
                type="radio"
                id={`source-${s}`}
                name="source"
                checked={source === s}
                onChange={() => setSource(s)}
              />
              <label htmlFor={`source-${s}`}>{t(`console.bulk.form.sourceName.${s}`)}</label>
            </div>
          ))}
        </fieldset>
        {source === 'csv' && (
          <Field
            label={t('console.bulk.form.file')}
            hint={t('console.bulk.form.fileHint')}
            error={errors.error('file')}
            id={errors.fieldId('file')}
          >
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                type="file"
                accept=".csv,.txt,text/csv,text/plain"
                aria-describedby={describedBy}
                aria-invalid={invalid}
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
            )}
          </Field>
        )}
        {source === 'unregistered' && (
          <DateField
            id={errors.fieldId('registeredBefore')}
            legend={t('console.bulk.form.registeredBefore')}
            hint={t('console.bulk.form.registeredBeforeHint')}
            error={errors.error('registeredBefore')}
            invalidParts={registered.kind === 'invalid' ? registered.parts : undefined}
            value={registeredParts}
            onChange={setRegisteredParts}
            market={market}
          />
        )}
        {source === 'dormant_prepaid' && (
          <Field
            label={t('console.bulk.form.inactiveDays')}
            hint={t('console.bulk.form.inactiveDaysHint', { days: defaults.dormantDays })}
            error={errors.error('inactiveDays')}
            id={errors.fieldId('inactiveDays')}
          >
            {({ id, describedBy }) => (
              <input
                id={id}
                type="number"
                required
                min={1}
                max={3650}
                step={1}
                value={inactiveDays}
                aria-describedby={describedBy}
                onChange={(e) => setInactiveDays(e.target.value)}
              />
            )}
          </Field>
        )}
        <fieldset>
          <legend>{t('console.bulk.form.schedule')}</legend>
          <p className="hint">{t('console.bulk.form.scheduleHint')}</p>
          <p>{t('console.bulk.form.noticeFirst')}</p>
          {(Object.keys(delays) as DelayStage[]).map((stage) => (
            <Field
              key={stage}
              label={t(`console.bulk.form.delay.${stage}`)}
              hint={t('console.bulk.form.delayDefault', { days: defaults.delayDays[stage] ?? 0 })}
            >
              {({ id, describedBy }) => (
                <input
                  id={id}
                  type="number"
                  required
                  min={0}
                  step="any"
                  inputMode="decimal"
                  value={delays[stage]}
                  aria-describedby={describedBy}
                  onChange={(e) => setDelays({ ...delays, [stage]: e.target.value })}
                />
              )}
            </Field>
          ))}
          <details>
            <summary>{t('console.bulk.form.why', { market: t(`market.${market}`) })}</summary>
            <ul>
              {defaults.sources.map((why) => (
                <li key={why}>{why}</li>
              ))}
            </ul>
          </details>
        </fieldset>
        <Field
          label={t('console.bulk.form.linesPerSecond')}
          hint={t('console.bulk.form.linesPerSecondHint')}
          error={errors.error('linesPerSecond')}
          id={errors.fieldId('linesPerSecond')}
        >
          {({ id, describedBy }) => (
            <input
              id={id}
              type="number"
              required
              min={1}
              max={100000}
              step={1}
              value={linesPerSecond}
              aria-describedby={describedBy}
              onChange={(e) => setLinesPerSecond(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          {t('console.bulk.form.submit')}
        </button>
      </form>
    </>
  );
}
