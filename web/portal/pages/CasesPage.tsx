import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../shared/api';
import { formatDate, formatInstant, localeFor } from '../../shared/format';
import { Link } from '../../shared/router';
import { ErrorBox, Loading, PageHeading } from '../../shared/ui';
import type { CaseSummary } from '../types';

const closedStates = new Set(['completed', 'withdrawn', 'rejected']);

export function CasesPage() {
  const { t, i18n } = useTranslation();
  const [cases, setCases] = useState<CaseSummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    api<{ cases: CaseSummary[] }>('GET', '/v1/cases')
      .then((r) => setCases(r.cases))
      .catch(setError);
  }, []);
  const locale = localeFor(i18n.language, undefined);
  return (
    <>
      <PageHeading title={t('cases.title')}>{t('cases.title')}</PageHeading>
      <ErrorBox error={error} />
      {!cases && !error && <Loading />}
      {cases && cases.length === 0 && (
        <p>
          {t('cases.none')} <Link to="/lines">{t('layout.cancelEntry')}</Link>
        </p>
      )}
      {cases && cases.length > 0 && (
        <ul className="cards">
          {cases.map((c) => (
            <li key={c.id} className="card">
              <h2>
                <Link to={`/cases/${c.id}`}>{t('cases.item', { reference: c.reference, msisdn: c.msisdn })}</Link>
              </h2>
              <p>
                <span className={`state state-${c.state}`}>{t(`state.${c.state}.name`)}</span>
              </p>
              <p>
                {t('cases.received', { at: formatInstant(c.receivedAt, locale) })}
                {/* A withdrawn or rejected case ends no line, and a completed one has ended it. */}
                {!closedStates.has(c.state) && <> · {t('cases.ends', { date: formatDate(c.lineEndsOn, locale) })}</>}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
