import { useTranslation } from 'react-i18next';
import type { BulkRowRejection } from '../types';

/**
 * The rows of an uploaded list that were not taken, as the API reports them: line number in the file
 * (the header counts), the value, why. Nothing was applied to any of them.
 */
export function RejectedRowsTable({
  rows,
  total,
  caption,
}: {
  rows: BulkRowRejection[];
  total: number;
  caption: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="narrow-cells">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('console.bulk.rejected.row')}</th>
            <th scope="col">{t('console.bulk.rejected.value')}</th>
            <th scope="col">{t('console.bulk.rejected.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.row}>
              <td>{r.row}</td>
              <td className="number">{r.value}</td>
              <td>
                {t(`console.bulk.rowReason.${r.reason}`, { defaultValue: r.reason })}
                {r.detail ? ` (${r.detail})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > rows.length && <p>{t('console.bulk.rejected.more', { shown: rows.length, total })}</p>}
    </div>
  );
}
