import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../shared/api';
import { formatDate, formatMoney, localeFor } from '../../shared/format';
import { Link, navigate } from '../../shared/router';
import { DateField, noDateParts, readDateParts, useDateErrorText } from '../../shared/DateField';
import { ErrorSummary, refusedField, useFormErrors } from '../../shared/form-errors';
import { ErrorBox, ErrorMessage, Field, PageHeading, PageLoading } from '../../shared/ui';
import { forgetDecisions, loadDecisions, saveDecisions } from '../decisions';
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

/** The field a refused submission is about, so its message sits there as well as in the summary. */
function fieldOfSubmitError(error: ApiError): string | null {
  const field = refusedField(error);
  if (field === 'extraordinaryReason') return 'reason';
  if (field === 'requestedEndDate' || error.code === 'INVALID_DATE') return 'endDate';
  if (field === 'confirmationEmail') return 'confirmationEmail';
  return null;
}

/** One radio button of a fieldset, with its label and an optional hint. */
function RadioChoice({
  id,
  name,
  checked,
  onChoose,
  label,
  hint,
}: {
  id: string;
  name: string;
  checked: boolean;
  onChoose: () => void;
  label: string;
  hint?: string;
}) {
  return (
    <div className="choice">
      <input
        type="radio"
        id={id}
        name={name}
        checked={checked}
        onChange={onChoose}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

/**
 * The "change" link of one answer: back to the checklist item (`to`), or to the field on this page
 * (`field`), which it focuses. Its accessible name says what it changes.
 */
function ChangeLink({ to, field, what }: { to?: string; field?: string; what: string }) {
  const { t } = useTranslation();
  // The visible word first, so speech input that says "Change" finds it (WCAG 2.5.3).
  const name = `${t('confirm.changeLink')}: ${what}`;
  if (to) {
    return (
      <Link to={to} aria-label={name}>
        {t('confirm.changeLink')}
      </Link>
    );
  }
  return (
    <a
      href={`#${field}`}
      aria-label={name}
      onClick={(event) => {
        const element = field ? document.getElementById(field) : null;
        if (!element) return;
        event.preventDefault();
        element.scrollIntoView({ block: 'center' });
        element.focus();
      }}
    >
      {t('confirm.changeLink')}
    </a>
  );
}

/** One answer of the check-your-answers summary: what, the answer, and where to change it. */
function Answer({
  label,
  id,
  change,
  children,
}: {
  label: string;
  id?: string;
  change?: { to?: string; field?: string } | null;
  children: ReactNode;
}) {
  return (
    <div className="answer">
      <dt>{label}</dt>
      <dd id={id}>{children}</dd>
      {change && (
        <dd className="change">
          <ChangeLink {...change} what={label} />
        </dd>
      )}
    </div>
  );
}

/**
 * The confirmation page of the cancellation button (§312k(2) BGB). It asks only what the law lists:
 * the kind of termination with the reason for an extraordinary one (where the market has the
 * distinction and the line has a contract), the date the contract should end, and where to send the
 * confirmation; the line itself is known from the sign-in. The end date an ordinary cancellation gets
 * is the earliest free one; only an earlier date the holder chooses brings the early-termination charge,
 * to be accepted here. Right above the one final button, "check your answers" repeats everything the
 * cancellation will do — the line, the kind, the end date, the charges, the credit, the services, the
 * card to post back and where the confirmation goes — each with a link back to where it was chosen.
 * It asks nothing: the law's list of questions stays the page's only questions.
 */
export function ConfirmPage({ msisdn }: { msisdn: string }) {
  const { t, i18n } = useTranslation();
  const [decisions, setDecisions] = useState(() => loadDecisions(msisdn));
  const [data, setData] = useState<ChecklistResponse | null>(null);
  const [kind, setKind] = useState<'ordinary' | 'extraordinary'>('ordinary');
  const [reason, setReason] = useState('');
  const [endChoice, setEndChoice] = useState<'earliest' | 'chosen'>('earliest');
  const [endParts, setEndParts] = useState(noDateParts);
  const [email, setEmail] = useState('');
  // The preview's refusal (while the holder chooses); a refused submit goes to the error summary.
  const [error, setError] = useState<ApiError | null>(null);
  const errors = useFormErrors();
  const dateError = useDateErrorText();
  const [busy, setBusy] = useState(false);
  const endEntry = readDateParts(endParts);
  const requestedEndDate = endChoice === 'chosen' && endEntry.kind === 'date' ? endEntry.iso : null;

  // Only the answer to the latest preview may update the page (a slow answer must not undo a later choice).
  const latestPreview = useRef(0);
  const preview = useCallback(
    async (next: typeof decisions, requested: string | null) => {
      const sequence = ++latestPreview.current;
      try {
        const answer = await api<ChecklistResponse>('POST', `/v1/lines/${encodeURIComponent(msisdn)}/checklist`, {
          decisions: next,
          requestedEndDate: requested,
        });
        if (sequence === latestPreview.current) {
          setData(answer);
          setError(null);
        }
      } catch (caught) {
        if (sequence === latestPreview.current) setError(caught as ApiError);
      }
    },
    [msisdn],
  );

  useEffect(() => {
    void preview(decisions, requestedEndDate);
    // The end date and the charge are this page's choices; everything else was decided on the checklist.
  }, [msisdn, requestedEndDate, decisions.acceptEarlyTerminationCharge]);

  if (!data) {
    return <PageLoading title={t('confirm.title')} error={error} />;
  }

  const locale = localeFor(i18n.language, data.line.market);
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);
  const end = data.checklist.items.find((i) => i.kind === 'contract_end');
  const etc = data.checklist.items.find((i) => i.kind === 'early_termination_charge');
  const balanceItem = data.checklist.items.find((i) => i.kind === 'balance');
  const balance = decisions.balance;
  const debt = data.checklist.items.find((i) => i.kind === 'debt');
  const services = data.checklist.items.filter((i) => i.kind === 'bound_service');
  const cardReturn = data.checklist.items.find((i) => i.kind === 'card_return');
  const asksKind = data.terms.asksTerminationKind;
  const prepaid = end?.basis === 'prepaid';
  const checklistPath = `/lines/${encodeURIComponent(msisdn)}`;

  const acceptCharge = (accepted: boolean) => {
    const next = { ...decisions, acceptEarlyTerminationCharge: accepted };
    setDecisions(next);
    saveDecisions(msisdn, next);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // In the order the fields appear on the page.
    const ready = errors.check({
      reason: asksKind && kind === 'extraordinary' && !reason.trim() && t('confirm.reasonMissing'),
      endDate:
        end !== undefined &&
        !prepaid &&
        endChoice === 'chosen' &&
        dateError(endEntry, t('confirm.endDate'), t('confirm.endDateMissing')),
      acceptCharge:
        etc !== undefined && etc.status !== 'accepted' && t('checklist.outstanding.early_termination_charge'),
    });
    if (!ready) return;
    setBusy(true);
    try {
      const extraordinary = asksKind && kind === 'extraordinary';
      const view = await api<CaseView>(
        'POST',
        '/v1/cancellations',
        {
          msisdn,
          decisions,
          terminationKind: extraordinary ? 'extraordinary' : 'ordinary',
          extraordinaryReason: extraordinary ? reason.trim() : null,
          requestedEndDate,
          confirmationEmail: email.trim() || null,
        },
        { 'idempotency-key': idempotencyKey(msisdn) },
      );
      forgetDecisions(msisdn);
      window.sessionStorage.removeItem(`simexit.idempotency.${msisdn}`);
      navigate(`/cases/${view.id}/receipt`, { replace: true });
    } catch (caught) {
      errors.fail(caught as ApiError, fieldOfSubmitError);
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
      {!data.checklist.eligible && !etc && (
        <p className="notice">
          {t('confirm.notReady')} <Link to={checklistPath}>{t('confirm.backToChecklist')}</Link>
        </p>
      )}
      <ErrorSummary errors={errors} />
      <ErrorBox error={error} />
      <form onSubmit={submit} noValidate>
        {asksKind && (
          <fieldset>
            <legend>{t('confirm.kindLegend')}</legend>
            <RadioChoice
              id="kind-ordinary"
              name="kind"
              checked={kind === 'ordinary'}
              onChoose={() => setKind('ordinary')}
              label={t('confirm.ordinary')}
              hint={t('confirm.ordinaryHint')}
            />
            <RadioChoice
              id="kind-extraordinary"
              name="kind"
              checked={kind === 'extraordinary'}
              onChoose={() => setKind('extraordinary')}
              label={t('confirm.extraordinary')}
              hint={t('confirm.extraordinaryHint')}
            />
          </fieldset>
        )}
        {asksKind && kind === 'extraordinary' && (
          <Field label={t('confirm.reason')} error={errors.error('reason')} id={errors.fieldId('reason')}>
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
        {end && !prepaid && (
          <fieldset>
            <legend>{t('confirm.endLegend')}</legend>
            <RadioChoice
              id="end-earliest"
              name="end"
              checked={endChoice === 'earliest'}
              onChoose={() => setEndChoice('earliest')}
              label={t('confirm.endEarliest', { date: formatDate(end.ordinaryEndsOn, locale) })}
            />
            <RadioChoice
              id="end-chosen"
              name="end"
              checked={endChoice === 'chosen'}
              onChoose={() => setEndChoice('chosen')}
              label={t('confirm.endChosen')}
              hint={
                end.earlyExitChargeMinor !== null && end.minimumTermEndsOn !== null
                  ? t('confirm.endChosenHintCharge', {
                      date: formatDate(end.ordinaryEndsOn, locale),
                      termEnd: formatDate(end.minimumTermEndsOn, locale),
                      amount: money(end.earlyExitChargeMinor, end.currency),
                    })
                  : t('confirm.endChosenHint', { date: formatDate(end.ordinaryEndsOn, locale) })
              }
            />
            {endChoice === 'chosen' && (
              <DateField
                id={errors.fieldId('endDate')}
                legend={t('confirm.endDate')}
                error={errors.error('endDate')}
                invalidParts={endEntry.kind === 'invalid' ? endEntry.parts : undefined}
                value={endParts}
                onChange={setEndParts}
                market={data.line.market}
              />
            )}
            {end.requestedTooEarly && end.requestedEndDate && (
              <p className="notice" role="status">
                {t('confirm.tooEarly', {
                  requested: formatDate(end.requestedEndDate, locale),
                  date: formatDate(end.endsOn, locale),
                })}
              </p>
            )}
          </fieldset>
        )}
        {etc && (
          <section className={`item item-${etc.status}`} id="item-early_termination_charge" aria-labelledby="etc-title">
            <h2 id="etc-title">{t('confirm.charge')}</h2>
            <p>
              {t('confirm.chargeText', {
                date: formatDate(etc.endsOn, locale),
                termEnd: formatDate(etc.minimumTermEndsOn, locale),
                amount: money(etc.amountMinor, etc.currency),
              })}
            </p>
            {errors.error('acceptCharge') && (
              <ErrorMessage id="accept-etc-error">{errors.error('acceptCharge')}</ErrorMessage>
            )}
            <div className={errors.error('acceptCharge') ? 'choice field-error' : 'choice'}>
              <input
                type="checkbox"
                id={errors.fieldId('acceptCharge')}
                checked={decisions.acceptEarlyTerminationCharge}
                onChange={(e) => acceptCharge(e.target.checked)}
                aria-describedby={errors.error('acceptCharge') ? 'accept-etc-error' : undefined}
                aria-invalid={errors.error('acceptCharge') ? true : undefined}
              />
              <label htmlFor={errors.fieldId('acceptCharge')}>
                {t('checklist.etc.accept', { amount: money(etc.amountMinor, etc.currency) })}
              </label>
            </div>
          </section>
        )}
        <Field
          label={t('confirm.email')}
          hint={t('confirm.emailHint')}
          error={errors.error('confirmationEmail')}
          id={errors.fieldId('confirmationEmail')}
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="email"
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <section className="check-answers" aria-labelledby="check-title">
          <h2 id="check-title">{t('confirm.checkTitle')}</h2>
          <p>{t('confirm.checkLead')}</p>
          <dl className="answers" id="end-summary">
            <Answer label={t('confirm.line')} change={{ to: '/lines' }}>
              <span className="number">{msisdn}</span> · {t(`product.${data.line.productType}`)}
            </Answer>
            {asksKind && (
              <Answer label={t('confirm.kindLegend')} change={{ field: `kind-${kind}` }}>
                {kind === 'extraordinary'
                  ? reason.trim()
                    ? t('confirm.extraordinaryBecause', { reason: reason.trim() })
                    : t('confirm.extraordinary')
                  : t('confirm.ordinary')}
              </Answer>
            )}
            {end && (
              <Answer
                label={t('confirm.endsOn')}
                id="ends-on"
                change={prepaid ? null : { field: endChoice === 'chosen' ? 'end-chosen' : 'end-earliest' }}
              >
                {formatDate(end.endsOn, locale)}
              </Answer>
            )}
            <Answer label={t('confirm.fee')} id="charges" change={etc ? { field: 'accept-etc' } : null}>
              {etc ? t('confirm.chargeAccepted', { amount: money(etc.amountMinor, etc.currency) }) : t('confirm.free')}
            </Answer>
            {debt && (
              <Answer
                label={t('confirm.debt')}
                change={debt.status === 'blocking' ? { to: `${checklistPath}#item-debt` } : null}
              >
                {debt.status === 'blocking'
                  ? t('confirm.debtBlocking', { amount: money(debt.amountMinor, debt.currency) })
                  : t('confirm.debtArrangement', { amount: money(debt.amountMinor, debt.currency) })}
              </Answer>
            )}
            {balanceItem && (
              <Answer label={t('confirm.balance')} change={{ to: `${checklistPath}#item-balance` }}>
                {!balance
                  ? t('confirm.balanceUndecided')
                  : balance.option === 'transfer'
                    ? t('confirm.balanceTransfer', { to: balance.toMsisdn })
                    : balance.option === 'refund' && balanceItem.refund
                      ? t('confirm.balanceRefund', {
                          amount: money(balanceItem.refundMinor ?? 0, balanceItem.currency),
                          method: t(`checklist.balance.method.${balanceItem.refund.method}`),
                          date: formatDate(balanceItem.refund.expectedBy, locale),
                        })
                      : t(`confirm.balance_${balance.option}`)}
              </Answer>
            )}
            {services.length > 0 && (
              <Answer
                label={t('confirm.services')}
                change={{ to: `${checklistPath}#item-bound_service-${services[0]!.serviceId}` }}
              >
                {t('confirm.servicesText', {
                  names: new Intl.ListFormat(locale, { type: 'conjunction' }).format(services.map((s) => s.name)),
                })}
              </Answer>
            )}
            {cardReturn && (
              <Answer label={t('confirm.cardReturn')}>
                {t('confirm.cardReturnText', { days: cardReturn.deadlineDays })}{' '}
                {cardReturn.mailingFeeMinor > 0
                  ? t('checklist.cardReturn.fee', { fee: money(cardReturn.mailingFeeMinor, cardReturn.currency) })
                  : t('checklist.cardReturn.free')}
              </Answer>
            )}
            <Answer label={t('confirm.contact')} change={{ field: errors.fieldId('confirmationEmail') }}>
              {email.trim() ? t('confirm.contactAlso', { email: email.trim() }) : t('confirm.contactOnFile')}
            </Answer>
          </dl>
        </section>
        <div className="actions">
          <button type="submit" className="primary danger" disabled={busy}>
            {t('confirm.submit')}
          </button>
        </div>
      </form>
    </>
  );
}
