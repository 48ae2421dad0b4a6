import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../shared/api';
import { ErrorSummary, useFormErrors } from '../../shared/form-errors';
import { ErrorBox, Field, Loading, PageHeading } from '../../shared/ui';
import type { WorkRow } from '../types';
import { WorkList } from './WorkList';

/**
 * Cards posted back: scan (a barcode scanner types like a keyboard) or type the ICCID of the card in
 * hand; simexit finds the case waiting for it and checks it is that case's card.
 */
export function CardReturnsPage() {
  const { t } = useTranslation();
  const [rows, setRows] = useState<WorkRow[] | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [iccid, setIccid] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const errors = useFormErrors();

  const load = useCallback(async () => {
    try {
      setRows((await api<{ cases: WorkRow[] }>('GET', '/v1/staff/work?list=card_returns')).cases);
    } catch (caught) {
      setError(caught as ApiError);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const record = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    const typed = iccid.replace(/[\s-]/g, '');
    const waiting = rows?.find((row) => row.state === 'awaiting_card_return' && row.iccid === typed);
    const ready = errors.check({
      iccid: typed === '' ? t('console.cards.iccidMissing') : !waiting && t('console.cards.noCase'),
    });
    if (!ready || !waiting) return;
    try {
      await api('POST', `/v1/staff/cases/${waiting.id}/card-return`, { iccid: typed });
      setNotice(t('console.cards.recorded', { reference: waiting.reference }));
      setIccid('');
      await load();
    } catch (caught) {
      errors.fail(caught as ApiError, (refusal) => (refusal.code === 'INVALID_ICCID' ? 'iccid' : null));
    }
  };

  return (
    <>
      <PageHeading title={t('console.cards.title')}>{t('console.cards.title')}</PageHeading>
      <ErrorSummary errors={errors} />
      <form onSubmit={record} noValidate>
        <Field
          label={t('console.case.scanIccid')}
          hint={t('console.case.scanIccidHint')}
          error={errors.error('iccid')}
          id={errors.fieldId('iccid')}
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="iccid"
              inputMode="numeric"
              autoComplete="off"
              value={iccid}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onChange={(e) => setIccid(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="primary">
          {t('console.cards.record')}
        </button>
      </form>
      {notice && (
        <p className="success" role="status">
          {notice}
        </p>
      )}
      <ErrorBox error={error} />
      {!rows && !error && <Loading />}
      {rows && (
        <>
          <h2>{t('console.cards.waiting')}</h2>
          <WorkList
            rows={rows.filter((r) => r.state === 'awaiting_card_return')}
            caption={t('console.cards.waitingCaption')}
          />
          <h2>{t('console.cards.overdue')}</h2>
          <WorkList
            rows={rows.filter((r) => r.state !== 'awaiting_card_return')}
            caption={t('console.cards.overdueCaption')}
          />
        </>
      )}
    </>
  );
}
