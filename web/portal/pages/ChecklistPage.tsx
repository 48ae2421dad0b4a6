import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../shared/api';
import { formatDate, formatMoney, formatNumber, localeFor } from '../../shared/format';
import { Link, navigate } from '../../shared/router';
import { ErrorSummary, useFormErrors } from '../../shared/form-errors';
import { ErrorBox, ErrorMessage, Field, PageHeading, PageLoading } from '../../shared/ui';
import { loadDecisions, saveDecisions } from '../decisions';
import { transferError } from '../transfer-errors';
import type { ChecklistItem, ChecklistResponse, Decisions } from '../types';
import { EndDateText } from './EndDateText';
import type { BalanceOption } from '../../../src/domain/policy/types.js';

type BalanceChoice = BalanceOption | null;

/**
 * The balance decision the API gets from what the holder chose on the page: a transfer once a number
 * has been typed, a forfeit only with its explicit acknowledgement.
 */
function balanceOf(choice: BalanceChoice, transferTo: string, forfeitAcknowledged: boolean): Decisions['balance'] {
  if (choice === 'transfer')
    return transferTo.trim().length >= 3 ? { option: 'transfer', toMsisdn: transferTo.trim() } : null;
  if (choice === 'refund') return { option: 'refund' };
  if (choice === 'forfeit') return forfeitAcknowledged ? { option: 'forfeit', acknowledged: true } : null;
  return null;
}

/** The name of the field (or item) an outstanding checklist item points to, for the error summary. */
function outstandingField(item: ChecklistItem): string {
  return item.kind === 'bound_service' ? `ack-${item.serviceId}` : item.kind;
}

/**
 * The eligibility checklist: what blocks (debt), what to accept (early-termination charge), what to
 * decide (leftover credit), what to review (services bound to the number), and reminders. Every
 * choice is previewed by the server, which stays the judge of eligibility.
 */
export function ChecklistPage({ msisdn }: { msisdn: string }) {
  const { t, i18n } = useTranslation();
  const [data, setData] = useState<ChecklistResponse | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [decisions, setDecisions] = useState<Decisions>(() => loadDecisions(msisdn));
  const [choice, setChoice] = useState<BalanceChoice>(() => decisions.balance?.option ?? null);
  const [transferTo, setTransferTo] = useState(() =>
    decisions.balance?.option === 'transfer' ? decisions.balance.toMsisdn : '',
  );
  const [forfeitAcknowledged, setForfeitAcknowledged] = useState(() => decisions.balance?.option === 'forfeit');
  const [demo, setDemo] = useState(false);
  const [paying, setPaying] = useState(false);
  const errors = useFormErrors();

  // Choices come quicker than answers: only the answer to the latest preview may update the page,
  // or a slow answer to an earlier choice would undo a later one.
  const latestPreview = useRef(0);
  const preview = useCallback(
    async (next: Decisions) => {
      const sequence = ++latestPreview.current;
      try {
        const answer = await api<ChecklistResponse>('POST', `/v1/lines/${encodeURIComponent(msisdn)}/checklist`, {
          decisions: next,
        });
        if (sequence !== latestPreview.current) return;
        setData(answer);
        setError(null);
      } catch (caught) {
        if (sequence === latestPreview.current) setError(caught as ApiError);
      }
    },
    [msisdn],
  );

  useEffect(() => {
    void preview(decisions);
    // The demo operator stands in for the operator's payment page.
    api<{ demo: boolean }>('GET', '/v1/portal/settings')
      .then((settings) => setDemo(settings.demo))
      .catch(() => setDemo(false));
    // Only on opening the page; later previews follow the holder's choices.
  }, [msisdn]);

  // A "change" link of the confirmation page's summary names an item (#item-balance): once the
  // checklist is shown, bring that item into view and put focus on its first control.
  const loaded = data !== null;
  useEffect(() => {
    if (!loaded || !window.location.hash) return;
    const item = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    if (!item) return;
    item.scrollIntoView({ block: 'start' });
    item.querySelector<HTMLElement>('input, select, textarea, button, a[href]')?.focus();
  }, [loaded]);

  const decide = (
    next: Partial<Decisions>,
    balance: { choice?: BalanceChoice; transferTo?: string; forfeitAcknowledged?: boolean } = {},
  ) => {
    const nextChoice = balance.choice !== undefined ? balance.choice : choice;
    const nextTransferTo = balance.transferTo ?? transferTo;
    const nextAck = balance.forfeitAcknowledged ?? forfeitAcknowledged;
    setChoice(nextChoice);
    setForfeitAcknowledged(nextAck);
    const merged = { ...decisions, ...next, balance: balanceOf(nextChoice, nextTransferTo, nextAck) };
    setDecisions(merged);
    saveDecisions(msisdn, merged);
    void preview(merged);
  };

  if (!data) {
    return <PageLoading title={t('checklist.title')} error={error} />;
  }

  const locale = localeFor(i18n.language, data.line.market);
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);
  const items = data.checklist.items;
  // A refused transfer target is answered at the field, in the holder's language (the same check as submission).
  const transferProblem = choice === 'transfer' ? transferError(error, t) : null;

  const payDebt = async () => {
    setPaying(true);
    try {
      await api('POST', `/demo/lines/${encodeURIComponent(msisdn)}/pay-debt`);
      await preview(decisions);
    } catch (caught) {
      setError(caught as ApiError);
    } finally {
      setPaying(false);
    }
  };

  // What still needs the holder, in the order of the page, each at its item and in the error summary.
  const onContinue = () => {
    const problems: Record<string, string> = {};
    const typedTransfer = choice === 'transfer' && transferTo.trim() !== '';
    if (choice === 'transfer' && !typedTransfer) problems.transferTo = t('checklist.balance.transferMissing');
    else if (transferProblem) problems.transferTo = transferProblem;
    for (const item of data.checklist.outstanding) {
      const name = outstandingField(item);
      if (item.kind === 'balance' && problems.transferTo) continue;
      problems[name] ??= t(`checklist.outstanding.${item.kind}`, {
        name: item.kind === 'bound_service' ? item.name : '',
      });
    }
    if (!errors.check(problems)) return;
    navigate(`/lines/${encodeURIComponent(msisdn)}/cancel`);
  };
  const itemError = (name: string) =>
    errors.error(name) && <ErrorMessage id={`${errors.fieldId(name)}-error`}>{errors.error(name)}</ErrorMessage>;

  const statusLabel = (item: ChecklistItem) => (
    <span className={`badge badge-${item.status}`}>{t(`checklist.status.${item.status}`)}</span>
  );

  return (
    <>
      <PageHeading title={t('checklist.title')}>{t('checklist.titleFor', { msisdn })}</PageHeading>
      <p>
        {t(`product.${data.line.productType}`)} · {t(`market.${data.line.market}`)}
      </p>
      {data.openCaseId && (
        <p className="notice">
          {t('checklist.openCase')} <Link to={`/cases/${data.openCaseId}`}>{t('checklist.openCaseLink')}</Link>
        </p>
      )}
      <ErrorSummary errors={errors} />
      <ErrorBox error={transferProblem ? null : error} />
      {items.filter((i) => i.kind !== 'reminder' && i.kind !== 'contract_end').length === 0 && (
        <p>{t('checklist.nothing')}</p>
      )}
      <ul className="checklist">
        {items.map((item, index) => {
          switch (item.kind) {
            case 'debt':
              return (
                <li key={index} id="item-debt" className={`item item-${item.status}`}>
                  <h2 id={errors.fieldId('debt')} tabIndex={-1}>
                    {t('checklist.debt.title')} {statusLabel(item)}
                  </h2>
                  {itemError('debt')}
                  {item.status === 'blocking' ? (
                    <>
                      <p>{t('checklist.debt.blocking', { amount: money(item.amountMinor, item.currency) })}</p>
                      <p>
                        <a
                          className="button secondary"
                          href={item.paymentUrl}
                          rel="noopener noreferrer"
                          target="_blank"
                        >
                          {t('checklist.debt.payOnline')}
                        </a>
                      </p>
                      <p>{t('checklist.debt.howToPay')}</p>
                      {demo && (
                        <button type="button" className="secondary" disabled={paying} onClick={() => void payDebt()}>
                          {t('checklist.debt.payDemo', { amount: money(item.amountMinor, item.currency) })}
                        </button>
                      )}
                    </>
                  ) : (
                    <p>
                      {item.paymentArrangement
                        ? t('checklist.debt.arrangement', { amount: money(item.amountMinor, item.currency) })
                        : t('checklist.debt.paid')}
                    </p>
                  )}
                </li>
              );
            case 'contract_end':
              return (
                <li key={index} id="item-contract_end" className="item item-info">
                  <h2>{t('checklist.end.title')}</h2>
                  <EndDateText item={item} locale={locale} />
                  {item.earlyExitChargeMinor !== null && item.minimumTermEndsOn !== null && (
                    <p className="hint">
                      {t('checklist.end.earlier', {
                        date: formatDate(item.minimumTermEndsOn, locale),
                        amount: money(item.earlyExitChargeMinor, item.currency),
                      })}
                    </p>
                  )}
                </li>
              );
            // Only a date before the minimum term ends brings the charge, and the date is chosen (and the
            // charge accepted) on the confirmation page: the checklist never asks for it.
            case 'early_termination_charge':
              return null;
            case 'balance':
              return (
                <li key={index} id="item-balance" className={`item item-${item.status}`}>
                  <h2>
                    {t('checklist.balance.title')} {statusLabel(item)}
                  </h2>
                  <p>
                    {t('checklist.balance.text', {
                      credit: money(item.creditMinor, item.currency),
                      data: formatNumber(item.dataMb / 1000, locale),
                    })}
                  </p>
                  <fieldset
                    id={errors.fieldId('balance')}
                    tabIndex={-1}
                    aria-describedby={errors.error('balance') ? `${errors.fieldId('balance')}-error` : undefined}
                  >
                    <legend>{t('checklist.balance.legend')}</legend>
                    {itemError('balance')}
                    {item.options.map((option) => (
                      <div className="choice" key={option}>
                        <input
                          type="radio"
                          name="balance"
                          id={`balance-${option}`}
                          checked={choice === option}
                          onChange={() => decide({}, { choice: option })}
                          aria-describedby={`balance-${option}-hint`}
                        />
                        <label htmlFor={`balance-${option}`}>{t(`checklist.balance.${option}`)}</label>
                        <p className="hint" id={`balance-${option}-hint`}>
                          {option === 'refund' && item.refund
                            ? t('checklist.balance.refundHintDated', {
                                amount: money(item.refundMinor ?? 0, item.currency),
                                method: t(`checklist.balance.method.${item.refund.method}`),
                                date: formatDate(item.refund.expectedBy, locale),
                              })
                            : t(`checklist.balance.${option}Hint`, { credit: money(item.creditMinor, item.currency) })}
                        </p>
                      </div>
                    ))}
                  </fieldset>
                  {choice === 'transfer' && (
                    <Field
                      label={t('checklist.balance.transferTo')}
                      hint={t('checklist.balance.transferToHint')}
                      error={errors.error('transferTo') ?? transferProblem}
                      id={errors.fieldId('transferTo')}
                    >
                      {({ id, describedBy, invalid }) => (
                        <input
                          id={id}
                          type="tel"
                          value={transferTo}
                          aria-describedby={describedBy}
                          aria-invalid={invalid}
                          onChange={(e) => setTransferTo(e.target.value)}
                          onBlur={() => decide({}, { transferTo })}
                        />
                      )}
                    </Field>
                  )}
                  {choice === 'forfeit' && (
                    <div className="choice">
                      <input
                        type="checkbox"
                        id="forfeit-ack"
                        checked={forfeitAcknowledged}
                        onChange={(e) => decide({}, { forfeitAcknowledged: e.target.checked })}
                      />
                      <label htmlFor="forfeit-ack">
                        {t('checklist.balance.forfeitAck', {
                          credit: money(item.creditMinor, item.currency),
                          data: formatNumber(item.dataMb / 1000, locale),
                        })}
                      </label>
                    </div>
                  )}
                </li>
              );
            case 'bound_service': {
              const checked = decisions.acknowledgedServiceIds.includes(item.serviceId);
              return (
                <li key={index} id={`item-bound_service-${item.serviceId}`} className={`item item-${item.status}`}>
                  <h2>
                    {item.name} {statusLabel(item)}
                  </h2>
                  <p>{t(`checklist.bound.${item.serviceKind}`, { name: item.name })}</p>
                  {itemError(`ack-${item.serviceId}`)}
                  <div className="choice">
                    <input
                      type="checkbox"
                      id={errors.fieldId(`ack-${item.serviceId}`)}
                      aria-describedby={
                        errors.error(`ack-${item.serviceId}`)
                          ? `${errors.fieldId(`ack-${item.serviceId}`)}-error`
                          : undefined
                      }
                      aria-invalid={errors.error(`ack-${item.serviceId}`) ? true : undefined}
                      checked={checked}
                      onChange={(e) =>
                        decide({
                          acknowledgedServiceIds: e.target.checked
                            ? [...decisions.acknowledgedServiceIds, item.serviceId]
                            : decisions.acknowledgedServiceIds.filter((s) => s !== item.serviceId),
                        })
                      }
                    />
                    <label htmlFor={errors.fieldId(`ack-${item.serviceId}`)}>
                      {t('checklist.bound.ack', { name: item.name })}
                    </label>
                  </div>
                </li>
              );
            }
            case 'card_return':
              return (
                <li key={index} id="item-card_return" className="item item-info">
                  <h2>{t('checklist.cardReturn.title')}</h2>
                  <p>{t('checklist.cardReturn.text', { days: item.deadlineDays })}</p>
                  <address>{item.address}</address>
                  <p>
                    {item.mailingFeeMinor > 0
                      ? t('checklist.cardReturn.fee', { fee: money(item.mailingFeeMinor, item.currency) })
                      : t('checklist.cardReturn.free')}
                  </p>
                </li>
              );
            case 'reminder':
              return (
                <li key={index} className="item item-info reminder">
                  <p>{t(`checklist.reminder.${item.code}`)}</p>
                </li>
              );
          }
        })}
      </ul>
      <p className="terms">
        {t('checklist.terms', {
          hours: data.terms.coolingOffHours,
          days: data.terms.reviewSlaWorkingDays,
        })}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={onContinue} disabled={Boolean(data.openCaseId)}>
          {t('checklist.continue')}
        </button>
      </div>
    </>
  );
}
