import { useTranslation } from 'react-i18next';
import { useStateName } from '../permissions';
import { formatInstant, localeFor } from '../../shared/format';
import { Link } from '../../shared/router';
import type { WorkRow } from '../types';

/**
 * A work list as a table: case, line, state, what it waits for and until when; `onRetry`, when given,
 * puts a retry button on each failed case.
 */
export function WorkList({
  rows,
  caption,
  onRetry,
}: {
  rows: WorkRow[];
  caption: string;
  onRetry?: (row: WorkRow) => void;
}) {
  const { t, i18n } = useTranslation();
  const stateName = useStateName();
  const locale = localeFor(i18n.language, undefined);
  if (rows.length === 0) return <p>{t('console.work.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="stack">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('console.field.case')}</th>
            <th scope="col">{t('console.field.msisdn')}</th>
            <th scope="col">{t('console.field.state')}</th>
            <th scope="col">{t('console.work.detail')}</th>
            <th scope="col">{t('console.work.since')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td data-label={t('console.field.case')}>
                <Link to={`/console/cases/${row.id}`}>{row.reference}</Link>
              </td>
              <td data-label={t('console.field.msisdn')} className="number">
                {row.msisdn}
              </td>
              <td data-label={t('console.field.state')}>{stateName(row.state)}</td>
              <td data-label={t('console.work.detail')}>
                {row.waitingOn && t('console.work.waitingOn', { system: row.waitingOn })}
                {row.reasonCode && t(`console.reason.${row.reasonCode}`, { defaultValue: row.reasonCode })}
                {row.state === 'failed' && row.lastReason && <span className="body">{row.lastReason}</span>}
                {row.deadline && (
                  <span className={row.overdue ? 'sla sla-overdue' : 'sla sla-ok'}>
                    {row.overdue
                      ? t('console.work.overdue', { at: formatInstant(row.deadline, locale) })
                      : t('console.work.due', { at: formatInstant(row.deadline, locale) })}
                  </span>
                )}
                {!row.deadline && row.overdue && (
                  <span className="sla sla-overdue">{t('console.work.neverArrived')}</span>
                )}
                {onRetry && row.state === 'failed' && (
                  <button type="button" className="secondary" onClick={() => onRetry(row)}>
                    {t('console.work.retry', { reference: row.reference })}
                  </button>
                )}
              </td>
              <td data-label={t('console.work.since')}>{formatInstant(row.updatedAt, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
