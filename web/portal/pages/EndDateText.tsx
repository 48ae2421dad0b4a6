import { useTranslation } from 'react-i18next';
import { formatDate } from '../../shared/format';
import type { ChecklistItem } from '../types';

type ContractEnd = Extract<ChecklistItem, { kind: 'contract_end' }>;

/**
 * Why the line ends when it does, in one sentence (domain/termination.ts): at once for pay-as-you-go
 * (which never hears of notice), with the minimum term, or when the notice runs out. The date is the
 * earliest free one; an earlier date is the holder's own choice on the confirmation page.
 */
export function EndDateText({ item, locale }: { item: ContractEnd; locale: string }) {
  const { t } = useTranslation();
  const date = formatDate(item.ordinaryEndsOn, locale);
  if (item.basis === 'prepaid') return <p>{t('checklist.end.prepaid', { date })}</p>;
  if (item.basis === 'minimum_term') return <p>{t('checklist.end.minimum_term', { date })}</p>;
  const notice = item.notice;
  if (notice === null || notice.amount === 0) {
    return <p>{t('checklist.end.immediate', { date })}</p>;
  }
  const noticeText =
    notice.unit === 'month'
      ? notice.amount === 1
        ? t('checklist.end.noticeMonth')
        : t('checklist.end.noticeMonths', { count: notice.amount })
      : t('checklist.end.noticeDays', { count: notice.amount });
  return <p>{t('checklist.end.notice', { notice: noticeText, date })}</p>;
}
