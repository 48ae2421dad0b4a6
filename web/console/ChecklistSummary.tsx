import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney, localeFor } from '../shared/format';
import type { ChecklistItem } from '../portal/types';

/** The eligibility checklist in one line per item, as the desk reads it to the subscriber. */
export function ChecklistSummary({ items, market }: { items: ChecklistItem[]; market: string }) {
  const { t, i18n } = useTranslation();
  const locale = localeFor(i18n.language, market);
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);
  const describe = (item: ChecklistItem): string => {
    switch (item.kind) {
      case 'debt':
        return t('console.checklist.debt', { amount: money(item.amountMinor, item.currency) });
      case 'contract_end':
        return item.earlyExitChargeMinor !== null && item.minimumTermEndsOn !== null
          ? t('console.checklist.endWithEarlyExit', {
              date: formatDate(item.ordinaryEndsOn, locale),
              termEnd: formatDate(item.minimumTermEndsOn, locale),
              amount: money(item.earlyExitChargeMinor, item.currency),
            })
          : t('console.checklist.end', { date: formatDate(item.ordinaryEndsOn, locale) });
      case 'early_termination_charge':
        return t('console.checklist.etc', { amount: money(item.amountMinor, item.currency) });
      case 'balance':
        return t('console.checklist.balance', {
          credit: money(item.creditMinor, item.currency),
          options: item.options.map((o) => t(`checklist.balance.${o}`)).join(' / '),
        });
      case 'bound_service':
        return t('console.checklist.bound', { name: item.name });
      case 'card_return':
        return t('console.checklist.cardReturn', { days: item.deadlineDays });
      case 'reminder':
        return t(`checklist.reminder.${item.code}`);
    }
  };
  return (
    <ul className="checklist">
      {items.map((item, index) => (
        <li key={index} className={`item item-${item.status}`}>
          <span className={`badge badge-${item.status}`}>{t(`checklist.status.${item.status}`)}</span> {describe(item)}
        </li>
      ))}
    </ul>
  );
}
