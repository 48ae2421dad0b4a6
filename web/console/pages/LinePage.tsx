import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../shared/api';
import { Link } from '../../shared/router';
import { ErrorBox, Loading, PageHeading } from '../../shared/ui';
import { ChecklistSummary } from '../ChecklistSummary';
import { useMay } from '../permissions';
import type { LineLookup } from '../types';
import { assistedChannels } from '../../../src/domain/evidence.js';
import { filePermissionFor } from '../../../src/domain/permissions.js';

/** The channels a cancellation can be filed on at the desk, with the permission each needs. */
export const intakeChannels = assistedChannels.map((channel) => ({ channel, permission: filePermissionFor(channel) }));

/** A line as the desk sees it: holder, eligibility, any open case, and where to file for it. */
export function LinePage({ msisdn }: { msisdn: string }) {
  const { t } = useTranslation();
  const may = useMay();
  const [data, setData] = useState<LineLookup | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    api<LineLookup>('GET', `/v1/staff/lines/${encodeURIComponent(msisdn)}`)
      .then(setData)
      .catch(setError);
  }, [msisdn]);
  const channels = intakeChannels.filter((c) => may(c.permission));
  return (
    <>
      <PageHeading title={msisdn}>{t('console.line.title', { msisdn })}</PageHeading>
      <ErrorBox error={error} />
      {!data && !error && <Loading />}
      {data && (
        <>
          <dl className="summary">
            <dt>{t('console.field.holder')}</dt>
            <dd>{data.subscriber.name}</dd>
            <dt>{t('console.field.address')}</dt>
            <dd>{data.subscriber.address}</dd>
            <dt>{t('console.field.product')}</dt>
            <dd>
              {t(`product.${data.line.productType}`)} · {t(`market.${data.line.market}`)} ·{' '}
              {t(`lineStatus.${data.line.status}`)}
            </dd>
            <dt>{t('console.field.iccid')}</dt>
            <dd className="number">{data.line.iccid}</dd>
          </dl>
          {data.openCaseId ? (
            <p className="notice">
              {t('console.line.openCase')}{' '}
              <Link to={`/console/cases/${data.openCaseId}`}>{t('console.line.openCaseLink')}</Link>
            </p>
          ) : (
            data.line.status === 'active' &&
            channels.length > 0 && (
              <section aria-labelledby="file-title" className="panel">
                <h2 id="file-title">{t('console.line.file')}</h2>
                <ul className="actions">
                  {channels.map((c) => (
                    <li key={c.channel}>
                      <Link
                        className="button"
                        to={`/console/lines/${encodeURIComponent(msisdn)}/file?channel=${c.channel}`}
                      >
                        {t(`console.channel.${c.channel}`)}
                      </Link>
                    </li>
                  ))}
                </ul>
              </section>
            )
          )}
          <h2>{t('console.line.checklist')}</h2>
          <ChecklistSummary items={data.checklist.items} market={data.line.market} />
        </>
      )}
    </>
  );
}
