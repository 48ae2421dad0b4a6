import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { leavingReasons } from '../../../src/domain/leaving-reasons.js';
import { api, type ApiError } from '../../shared/api';
import { formatDate, formatInstant, formatMoney, localeFor } from '../../shared/format';
import { Link } from '../../shared/router';
import { ErrorSummary, useFormErrors } from '../../shared/form-errors';
import { Field, PageHeading, PageLoading } from '../../shared/ui';
import type { CaseView } from '../types';
import { NextSteps } from './NextSteps';
import { ReferencePanel } from './ReferencePanel';

/**
 * The immediate receipt (§312k(4) BGB: what was received, the date and time of receipt, the end date),
 * with the reference in a panel of its own, the PDF to save and the dated steps ahead; then the
 * optional survey, which is asked only after the cancellation is filed so it can never block or delay
 * it. Opened again after the case was withdrawn or rejected, it says so, and lists no steps ahead.
 */
export function ReceiptPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<CaseView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');
  const [surveyState, setSurveyState] = useState<'open' | 'sent'>('open');
  const surveyErrors = useFormErrors();

  useEffect(() => {
    api<CaseView>('GET', `/v1/cases/${id}`).then(setView).catch(setError);
  }, [id]);

  if (!view) {
    return <PageLoading title={t('receipt.title')} error={error} />;
  }
  const locale = localeFor(i18n.language, view.market);
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);
  // The end date and the money as the case was filed (the items the confirmation page showed).
  const end = view.checklist.find((item) => item.kind === 'contract_end');
  const charge = view.checklist.find((item) => item.kind === 'early_termination_charge');
  const balance = view.checklist.find((item) => item.kind === 'balance');
  const basis = charge ? 'early' : (end?.basis ?? null);
  const ended = view.state === 'withdrawn' || view.state === 'rejected';

  const sendSurvey = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason) return;
    try {
      await api('PUT', `/v1/cases/${id}/leaving-reason`, { reason, comment: comment.trim() || null });
      setSurveyState('sent');
    } catch (caught) {
      surveyErrors.fail(caught as ApiError);
    }
  };

  return (
    <>
      <PageHeading title={t('receipt.title')}>{t('receipt.title')}</PageHeading>
      {ended ? (
        <div className="notice" role="status">
          <p>
            <strong>{t(`state.${view.state}.name`)}</strong> —{' '}
            {t(`state.${view.state}.text`, { date: formatDate(view.lineEndsOn, locale) })}
          </p>
        </div>
      ) : (
        <div className="success" role="status">
          <p>{t('receipt.lead')}</p>
        </div>
      )}
      <ReferencePanel reference={view.reference} />
      <dl className="summary">
        <dt>{t('receipt.what')}</dt>
        <dd>
          {t('receipt.whatText', { product: t(`product.${view.productType}`), msisdn: view.msisdn })}
          {view.termination.kind === 'extraordinary' && <> {t('receipt.extraordinary')}</>}
        </dd>
        <dt>{t('receipt.receivedAt')}</dt>
        <dd>{formatInstant(view.receivedAt, locale, view.timeZone)}</dd>
        <dt>{ended ? t('receipt.endsOnRequested') : t('receipt.endsOn')}</dt>
        <dd id="receipt-ends-on">
          {basis
            ? t('receipt.endsOnText', {
                date: formatDate(view.lineEndsOn, locale),
                basis: t(`receipt.endBasis.${basis}`),
              })
            : formatDate(view.lineEndsOn, locale)}
        </dd>
        <dt>{t('receipt.charges')}</dt>
        <dd id="receipt-charges">
          {charge
            ? t('receipt.chargeText', { amount: money(charge.amountMinor, charge.currency) })
            : t('receipt.noCharges')}
        </dd>
        {balance?.chosen && (
          <>
            <dt>{t('receipt.credit')}</dt>
            <dd id="receipt-credit">
              {balance.chosen === 'refund' && balance.refund
                ? t('receipt.creditRefund', {
                    amount: money(balance.refundMinor ?? 0, balance.currency),
                    method: t(`checklist.balance.method.${balance.refund.method}`),
                    date: formatDate(balance.refund.expectedBy, locale),
                  })
                : balance.chosen === 'transfer'
                  ? t('receipt.creditTransfer', {
                      credit: money(balance.creditMinor, balance.currency),
                      to: balance.transferTo ?? '',
                    })
                  : t('receipt.creditForfeit')}
            </dd>
          </>
        )}
      </dl>
      <p>
        <a className="button primary" href={`/v1/cases/${id}/receipt.pdf`} download>
          {t('receipt.download')}
        </a>
      </p>
      <p>{t('receipt.sent')}</p>
      {view.nextSteps.length > 0 && (
        <section aria-labelledby="next-title" className="next">
          <h2 id="next-title">{t('receipt.nextTitle')}</h2>
          <p>{t('receipt.next')}</p>
          <NextSteps steps={view.nextSteps} locale={locale} timeZone={view.timeZone} />
        </section>
      )}
      <p>
        <Link to={`/cases/${id}`}>{t('receipt.track')}</Link>
      </p>
      <section className="survey" aria-labelledby="survey-title">
        <h2 id="survey-title">{t('receipt.surveyTitle')}</h2>
        {surveyState === 'sent' ? (
          <p role="status">{t('receipt.surveyThanks')}</p>
        ) : (
          <form onSubmit={sendSurvey}>
            <p className="hint">{t('receipt.surveyHint')}</p>
            <ErrorSummary errors={surveyErrors} />
            <Field label={t('receipt.surveyReason')}>
              {({ id: fieldId }) => (
                <select id={fieldId} value={reason} onChange={(e) => setReason(e.target.value)}>
                  <option value="">{t('receipt.surveyChoose')}</option>
                  {leavingReasons.map((r) => (
                    <option key={r} value={r}>
                      {t(`leaving.${r}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('receipt.surveyComment')}>
              {({ id: fieldId }) => (
                <textarea
                  id={fieldId}
                  rows={3}
                  maxLength={500}
                  value={comment}
                  onChange={(e) => setComment(e.target.value)}
                />
              )}
            </Field>
            <button type="submit" className="secondary" disabled={!reason}>
              {t('receipt.surveySend')}
            </button>
          </form>
        )}
      </section>
    </>
  );
}
