import { useTranslation } from 'react-i18next';
import { formatData, formatDate, formatMoney } from '../shared/format';
import type { StaffCaseView } from './types';

/**
 * The money and the bound services of a case as staff trace them: the balance decision and, once
 * carried out, billing's reference and the target line's balance before and after (and whether that
 * line is the holder's, which decides what the holder is shown); each bound service with its status,
 * channel, recipient, attempts, answer and last error.
 */
export function CaseOutcomePanel({
  view,
  locale,
  at,
}: {
  view: StaffCaseView;
  locale: string;
  at: (iso: string) => string;
}) {
  const { t } = useTranslation();
  const { balance, boundServices } = view.outcome;
  if (!balance && boundServices.length === 0) return null;
  const money = (minor: number) => formatMoney(minor, balance?.currency ?? 'EUR', locale);
  return (
    <section aria-labelledby="outcome-title" className="outcome">
      <h2 id="outcome-title">{t('console.outcome.title')}</h2>
      {balance && (
        <>
          <h3>{t('console.outcome.balanceTitle')}</h3>
          <dl className="summary" id="outcome-balance">
            <dt>{t('console.outcome.amount')}</dt>
            <dd>
              {money(balance.creditMinor)} · {t(`console.outcome.option.${balance.option}`)}
            </dd>
            {balance.transfer && (
              <>
                <dt>{t('console.outcome.target')}</dt>
                <dd>
                  <span className="number">{balance.transfer.toMsisdn}</span>
                  {balance.transfer.targetOnSameAccount !== null &&
                    ` · ${t(
                      balance.transfer.targetOnSameAccount
                        ? 'console.outcome.sameAccount'
                        : 'console.outcome.otherAccount',
                    )}`}
                </dd>
                {balance.carriedOutAt && (
                  <>
                    <dt>{t('console.outcome.targetBalance')}</dt>
                    <dd id="outcome-target-balance">
                      {balance.transfer.targetBalance
                        ? [
                            t('console.outcome.targetBalanceText', {
                              before: money(balance.transfer.targetBalance.creditBeforeMinor),
                              after: money(balance.transfer.targetBalance.creditAfterMinor),
                            }),
                            ...(balance.transfer.targetBalance.dataAfterMb !==
                            balance.transfer.targetBalance.dataBeforeMb
                              ? [
                                  t('console.outcome.targetDataText', {
                                    before: formatData(balance.transfer.targetBalance.dataBeforeMb, locale),
                                    after: formatData(balance.transfer.targetBalance.dataAfterMb, locale),
                                  }),
                                ]
                              : []),
                          ].join(' · ')
                        : t('console.outcome.notReported')}
                    </dd>
                  </>
                )}
              </>
            )}
            {balance.refund && (
              <>
                <dt>{t('console.outcome.refund')}</dt>
                <dd>
                  {t('console.outcome.refundText', {
                    amount: money(balance.refund.amountMinor),
                    method: balance.refund.method ? t(`checklist.balance.method.${balance.refund.method}`) : '—',
                    date: balance.refund.expectedBy ? formatDate(balance.refund.expectedBy, locale) : '—',
                  })}
                </dd>
              </>
            )}
            <dt>{t('console.outcome.carriedOut')}</dt>
            <dd>{balance.carriedOutAt ? at(balance.carriedOutAt) : t('console.outcome.notYet')}</dd>
            {balance.reference && (
              <>
                <dt>{t('console.outcome.reference')}</dt>
                <dd>{balance.reference}</dd>
              </>
            )}
          </dl>
        </>
      )}
      {boundServices.length > 0 && (
        <>
          <h3>{t('console.outcome.servicesTitle')}</h3>
          <ul className="outcome-services">
            {boundServices.map((service) => (
              <li key={service.serviceId} id={`service-${service.serviceId}`}>
                <p>
                  <strong>{service.name}</strong> ({t(`outcome.kind.${service.kind}`)}) ·{' '}
                  <span className={`notice-status notice-${service.status}`}>
                    {t(`console.outcome.status.${service.status}`)}
                  </span>
                </p>
                {service.status !== 'pending' && (
                  <dl className="summary">
                    {service.toldAt && (
                      <>
                        <dt>{t('console.outcome.toldAt')}</dt>
                        <dd>{at(service.toldAt)}</dd>
                      </>
                    )}
                    {service.channel && (
                      <>
                        <dt>{t('console.outcome.via')}</dt>
                        <dd>{t(`console.outcome.channel.${service.channel}`)}</dd>
                      </>
                    )}
                    {service.recipient && (
                      <>
                        <dt>{t('console.outcome.recipient')}</dt>
                        <dd className="recipient">{service.recipient}</dd>
                      </>
                    )}
                    {service.acknowledgement && (
                      <>
                        <dt>{t('console.outcome.answer')}</dt>
                        <dd>{service.acknowledgement}</dd>
                      </>
                    )}
                    {service.attempts > 0 && (
                      <>
                        <dt>{t('console.outcome.attempts')}</dt>
                        <dd>
                          {service.attempts}
                          {service.lastAttemptAt &&
                            ` · ${t('console.outcome.lastAttempt')} ${at(service.lastAttemptAt)}`}
                        </dd>
                      </>
                    )}
                    {service.lastError && (
                      <>
                        <dt>{t('console.outcome.lastError')}</dt>
                        <dd className="recipient">{service.lastError}</dd>
                      </>
                    )}
                  </dl>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
