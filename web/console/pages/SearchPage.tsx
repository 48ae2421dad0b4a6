import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStateName } from '../permissions';
import { api, type ApiError } from '../../shared/api';
import { Link, navigate, useLocation } from '../../shared/router';
import { ErrorSummary, useFormErrors } from '../../shared/form-errors';
import { Field, PageHeading } from '../../shared/ui';

interface SearchResult {
  kind: 'msisdn' | 'iccid' | 'account';
  lines: {
    msisdn: string;
    iccid: string;
    productType: string;
    market: string;
    status: string;
    subscriber: { id: string; name: string; market: string } | null;
    openCase: { id: string; state: string } | null;
  }[];
}

/** Find a subscriber by number, SIM serial number or account login. */
export function SearchPage() {
  const { t } = useTranslation();
  const stateName = useStateName();
  const { query } = useLocation();
  const [q, setQ] = useState(query.get('q') ?? '');
  const [result, setResult] = useState<SearchResult | null>(null);
  const errors = useFormErrors();

  const search = async (event: FormEvent) => {
    event.preventDefault();
    if (!errors.check({ q: !q.trim() && t('console.search.missing') })) return;
    navigate(`/console/search?q=${encodeURIComponent(q.trim())}`, { replace: true });
    try {
      setResult(await api<SearchResult>('GET', `/v1/staff/search?q=${encodeURIComponent(q.trim())}`));
    } catch (caught) {
      setResult(null);
      // A malformed number or serial is about what was typed: at the field.
      errors.fail(caught as ApiError, (e) => (e.code === 'INVALID_MSISDN' || e.code === 'INVALID_ICCID' ? 'q' : null));
    }
  };

  return (
    <>
      <PageHeading title={t('console.search.title')}>{t('console.search.title')}</PageHeading>
      <ErrorSummary errors={errors} />
      <form onSubmit={search} role="search" noValidate>
        <Field
          label={t('console.search.label')}
          hint={t('console.search.hint')}
          error={errors.error('q')}
          id={errors.fieldId('q')}
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="q"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid}
            />
          )}
        </Field>
        <button type="submit" className="primary">
          {t('console.search.submit')}
        </button>
      </form>
      {result && (
        <section aria-labelledby="results">
          <h2 id="results">{t('console.search.results', { count: result.lines.length })}</h2>
          {result.lines.length === 0 ? (
            <p>{t('console.search.none')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('console.field.msisdn')}</th>
                    <th scope="col">{t('console.field.holder')}</th>
                    <th scope="col">{t('console.field.product')}</th>
                    <th scope="col">{t('console.field.status')}</th>
                    <th scope="col">{t('console.field.openCase')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.lines.map((line) => (
                    <tr key={line.msisdn}>
                      <td>
                        <Link to={`/console/lines/${encodeURIComponent(line.msisdn)}`}>{line.msisdn}</Link>
                      </td>
                      <td>{line.subscriber?.name ?? '—'}</td>
                      <td>
                        {t(`product.${line.productType}`)} · {line.market}
                      </td>
                      <td>{t(`lineStatus.${line.status}`)}</td>
                      <td>
                        {line.openCase ? (
                          <Link to={`/console/cases/${line.openCase.id}`}>{stateName(line.openCase.state)}</Link>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
