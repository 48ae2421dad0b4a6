import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../shared/api';
import { Link } from '../../shared/router';
import { ErrorBox, Loading, PageHeading } from '../../shared/ui';
import type { CaseSummary, Line } from '../types';
import { LineLockPanel } from './LineLockPanel';

const openStates = new Set(['completed', 'rejected', 'withdrawn']);

/** The lines this sign-in may act on, each with its way to the checklist or to its open case. */
export function LinesPage() {
  const { t } = useTranslation();
  const [lines, setLines] = useState<Line[] | null>(null);
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    Promise.all([api<{ lines: Line[] }>('GET', '/v1/lines'), api<{ cases: CaseSummary[] }>('GET', '/v1/cases')])
      .then(([l, c]) => {
        setLines(l.lines);
        setCases(c.cases);
      })
      .catch(setError);
  }, []);
  return (
    <>
      <PageHeading title={t('lines.title')}>{t('lines.title')}</PageHeading>
      <ErrorBox error={error} />
      {!lines && !error && <Loading />}
      {lines && lines.length === 0 && <p>{t('lines.none')}</p>}
      {lines && (
        <ul className="cards">
          {lines.map((line) => {
            const open = cases.find((c) => c.msisdn === line.msisdn && !openStates.has(c.state));
            return (
              <li key={line.msisdn} className="card">
                <h2>
                  <span className="number">{line.msisdn}</span>
                </h2>
                <p>
                  {t(`product.${line.productType}`)} · {t(`market.${line.market}`)} · {t(`lineStatus.${line.status}`)}
                </p>
                {open ? (
                  <Link to={`/cases/${open.id}`}>{t('lines.openCase', { reference: open.reference })}</Link>
                ) : line.status === 'active' ? (
                  <Link to={`/lines/${encodeURIComponent(line.msisdn)}`} className="button primary">
                    {t('lines.check')}
                  </Link>
                ) : null}
                {line.status === 'active' && <LineLockPanel msisdn={line.msisdn} timeZone={line.timeZone} />}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
