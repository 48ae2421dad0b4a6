import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../shared/api';
import { formatMoney, localeFor } from '../../shared/format';
import { Link, navigate } from '../../shared/router';
import { ErrorBox, Field, PageHeading, PageLoading } from '../../shared/ui';
import { forgetDecisions, loadDecisions } from '../decisions';
import type { CaseView, ChecklistResponse } from '../types';

/** One key per confirmation page visit: pressing the button twice, or retrying after a timeout, files one case. */
function idempotencyKey(msisdn: string): string {
  const storageKey = `simexit.idempotency.${msisdn}`;
  const known = window.sessionStorage.getItem(storageKey);
  if (known) return known;
  const key = `portal-${crypto.randomUUID()}`;
  window.sessionStorage.setItem(storageKey, key);
  return key;
}

/**
 * The confirmation page of the cancellation button (§312k(2) BGB): it asks only what is needed —
 * which line, ordinary or extraordinary (with the reason), the end date wanted, where to send the
 * confirmation — and has one final button.
 */
export function ConfirmPage({ msisdn }: { msisdn: string }) {
  const { t, i18n } = useTranslation();
  const [data, setData] = useState<ChecklistResponse | null>(null);
  const [kind, setKind] = useState<'ordinary' | 'extraordinary'>('ordinary');
  const [reason, setReason] = useState('');
  const [endDate, setEndDate] = useState('');
  const [email, setEmail] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const decisions = loadDecisions(msisdn);

  useEffect(() => {
    api<ChecklistResponse>('POST', `/v1/lines/${encodeURIComponent(msisdn)}/checklist`, { decisions })
      .then(setData)
      .catch(setError);
    // Decisions were fixed on the checklist page; this page only reads them.
  }, [msisdn]);

  if (!data) {
    return <PageLoading title={t('confirm.title')} error={error} />;
  }

  const locale = localeFor(i18n.language, data.line.market);
  const etc = data.checklist.items.find((i) => i.kind === 'early_termination_charge');
  const balance = decisions.balance;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (kind === 'extraordinary' && !reason.trim()) {
      setReasonError(t('confirm.reasonMissing'));
      return;
    }
    setReasonError(null);
    setBusy(true);
    try {
      const view = await api<CaseView>(
        'POST',
        '/v1/cancellations',
        {
          msisdn,
          decisions,
          terminationKind: kind,
          extraordinaryReason: kind === 'extraordinary' ? reason.trim() : null,
          requestedEndDate: endDate || null,
          confirmationEmail: email.trim() || null,
        },
        { 'idempotency-key': idempotencyKey(msisdn) },
      );
      forgetDecisions(msisdn);
      window.sessionStorage.removeItem(`simexit.idempotency.${msisdn}`);
      navigate(`/cases/${view.id}/receipt`, { replace: true });
    } catch (caught) {
      setError(caught as ApiError);
      // A refused request may be corrected and sent again as a new one.
      // (A network error or a 5xx may have filed it: the retry keeps the key and gets the same case.)
      if (caught instanceof ApiError && caught.status >= 400 && caught.status < 500)
        window.sessionStorage.removeItem(`simexit.idempotency.${msisdn}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading title={t('confirm.title')}>{t('confirm.title')}</PageHeading>
      <p>{t('confirm.lead')}</p>
      {!data.checklist.eligible && (
        <p className="notice">
          {t('confirm.notReady')}{' '}
          <Link to={`/lines/${encodeURIComponent(msisdn)}`}>{t('confirm.backToChecklist')}</Link>
        </p>
      )}
      <ErrorBox error={error} />
      <form onSubmit={submit} noValidate>
        <dl className="summary">
          <dt>{t('confirm.line')}</dt>
          <dd>
            <span className="number">{msisdn}</span> · {t(`product.${data.line.productType}`)}
          </dd>
          {etc && (
            <>
              <dt>{t('confirm.charge')}</dt>
              <dd>{formatMoney(etc.amountMinor, etc.currency, locale)}</dd>
            </>
          )}
          {balance && (
            <>
              <dt>{t('confirm.balance')}</dt>
              <dd>
                {balance.option === 'transfer'
                  ? t('confirm.balanceTransfer', { to: balance.toMsisdn })
                  : t(`confirm.balance_${balance.option}`)}
              </dd>
            </>
          )}
          <dt>{t('confirm.fee')}</dt>
          <dd>{t('confirm.free')}</dd>
        </dl>
        <p>
          <Link to={`/lines/${encodeURIComponent(msisdn)}`}>{t('confirm.change')}</Link>
        </p>
        <fieldset>
          <legend>{t('confirm.kindLegend')}</legend>
          <div className="choice">
            <input
              type="radio"
              id="kind-ordinary"
              name="kind"
              checked={kind === 'ordinary'}
              onChange={() => setKind('ordinary')}
              aria-describedby="kind-ordinary-hint"
            />
            <label htmlFor="kind-ordinary">{t('confirm.ordinary')}</label>
            <p className="hint" id="kind-ordinary-hint">
              {t('confirm.ordinaryHint')}
            </p>
          </div>
          <div className="choice">
            <input
              type="radio"
              id="kind-extraordinary"
              name="kind"
              checked={kind === 'extraordinary'}
              onChange={() => setKind('extraordinary')}
              aria-describedby="kind-extraordinary-hint"
            />
            <label htmlFor="kind-extraordinary">{t('confirm.extraordinary')}</label>
            <p className="hint" id="kind-extraordinary-hint">
              {t('confirm.extraordinaryHint')}
            </p>
          </div>
        </fieldset>
        {kind === 'extraordinary' && (
          <Field label={t('confirm.reason')} error={reasonError}>
            {({ id, describedBy, invalid }) => (
              <textarea
                id={id}
                rows={4}
                maxLength={1000}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              />
            )}
          </Field>
        )}
        <Field label={t('confirm.endDate')} hint={t('confirm.endDateHint')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              type="date"
              className="short"
              value={endDate}
              onChange={(e) => setEndDate(e.target.value)}
              aria-describedby={describedBy}
            />
          )}
        </Field>
        <Field label={t('confirm.email')} hint={t('confirm.emailHint')}>
          {({ id, describedBy }) => (
            <input
              id={id}
              type="email"
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-describedby={describedBy}
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="primary danger" disabled={busy}>
            {t('confirm.submit')}
          </button>
        </div>
      </form>
    </>
  );
}
