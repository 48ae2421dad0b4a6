import { useTranslation } from 'react-i18next';
import { formatData, formatDate, formatMoney } from '../../shared/format';
import type { BalanceOutcome, BoundServiceOutcome, CaseView } from '../types';

/**
 * What happens, and then happened, to the holder's credit and to the services that used the number:
 * the transfer with the target line's balance before and after (when it is the holder's own line),
 * the refund with its amount, method and date, and each service with when it was told, over what and
 * what it answered. Shown only when the case has a balance to settle or services bound to the number.
 */
export function CaseOutcome({ view, locale, at }: { view: CaseView; locale: string; at: (iso: string) => string }) {
  const { t } = useTranslation();
  const { balance, boundServices } = view.outcome;
  if (!balance && boundServices.length === 0) return null;
  // One heading for one subject; both get a heading each under a common one.
  const both = balance !== null && boundServices.length > 0;
  const title = both ? t('outcome.title') : balance ? t('outcome.creditTitle') : t('outcome.servicesTitle');
  return (
    <section aria-labelledby="outcome-title" className="outcome">
      <h2 id="outcome-title">{title}</h2>
      {balance && <BalanceText balance={balance} locale={locale} at={at} heading={both} />}
      {boundServices.length > 0 && (
        <>
          {both && <h3>{t('outcome.servicesTitle')}</h3>}
          <ul className="outcome-services">
            {boundServices.map((service) => (
              <li key={service.serviceId} id={`service-${service.serviceId}`}>
                <strong>{service.name}</strong> ({t(`outcome.kind.${service.kind}`)}):{' '}
                <ServiceStatus service={service} at={at} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function BalanceText({
  balance,
  locale,
  at,
  heading,
}: {
  balance: BalanceOutcome;
  locale: string;
  at: (iso: string) => string;
  /** Whether the credit has its own heading (when services follow under another). */
  heading: boolean;
}) {
  const { t } = useTranslation();
  const money = (minor: number) => formatMoney(minor, balance.currency, locale);
  const credit = money(balance.creditMinor);
  const done = balance.carriedOutAt;
  let text: string;
  if (balance.transfer) {
    const to = balance.transfer.toMsisdn;
    text = done
      ? t('outcome.transferDone', { credit, to, at: at(done) })
      : t('outcome.transferPlanned', { credit, to });
  } else if (balance.refund) {
    const { refund } = balance;
    const amount = money(refund.amountMinor);
    const dated = refund.method !== null && refund.expectedBy !== null;
    const values = {
      amount,
      method: refund.method ? t(`checklist.balance.method.${refund.method}`) : '',
      date: refund.expectedBy ? formatDate(refund.expectedBy, locale) : '',
      at: done ? at(done) : '',
    };
    text = dated
      ? t(done ? 'outcome.refundDone' : 'outcome.refundPlanned', values)
      : t('outcome.refundUndated', values);
  } else {
    text = done ? t('outcome.forfeitDone', { credit, at: at(done) }) : t('outcome.forfeitPlanned', { credit });
  }
  const target = balance.transfer?.targetBalance;
  return (
    <>
      {heading && <h3>{t('outcome.creditTitle')}</h3>}
      <p id="outcome-credit">{text}</p>
      {balance.transfer && target && (
        <p id="outcome-target-balance">
          {t('outcome.targetBalance', {
            to: balance.transfer.toMsisdn,
            before: money(target.creditBeforeMinor),
            after: money(target.creditAfterMinor),
          })}
          {target.dataAfterMb !== target.dataBeforeMb &&
            ` ${t('outcome.targetData', {
              before: formatData(target.dataBeforeMb, locale),
              after: formatData(target.dataAfterMb, locale),
            })}`}
        </p>
      )}
      {balance.reference && <p>{t('outcome.reference', { reference: balance.reference })}</p>}
    </>
  );
}

function ServiceStatus({ service, at }: { service: BoundServiceOutcome; at: (iso: string) => string }) {
  const { t } = useTranslation();
  switch (service.status) {
    case 'told':
      return service.toldAt && service.channel ? (
        <>
          {t('outcome.status.told', {
            at: at(service.toldAt),
            channel: t(`outcome.channel.${service.channel}`),
            answer: service.acknowledgement ?? '—',
          })}
        </>
      ) : (
        <>{t('outcome.status.toldUndetailed')}</>
      );
    case 'retrying':
      return <>{t('outcome.status.retrying', { count: service.attempts })}</>;
    case 'failed':
      return <>{t('outcome.status.failed')}</>;
    case 'pending':
      return <>{t('outcome.status.pending')}</>;
  }
}
