import { useCallback, useEffect, useState } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../../shared/api';
import { formatInstant, localeFor } from '../../shared/format';
import { useLocation } from '../../shared/router';
import { ErrorSummary, refusedField, useFormErrors } from '../../shared/form-errors';
import { PageHeading, PageLoading } from '../../shared/ui';
import type { StaffCaseView } from '../types';
import { CaseDecisions } from './CaseDecisions';
import { CaseFacts } from './CaseFacts';
import { CaseHistory } from './CaseHistory';
import { CaseNoteForm } from './CaseNoteForm';

/**
 * What the banner after filing says: what actually happened to the case, not just that it was filed.
 * A letter the clerk rejected is not a success and is not shown as one.
 */
function filedBanner(view: StaffCaseView): { text: string; tone: 'success' | 'notice' } {
  const outcome = (view.staff.verification.mismatchOutcome as { outcome?: string } | undefined)?.outcome;
  if (view.state === 'rejected') {
    return {
      text: i18next.t('console.case.filedRejected', {
        reason: i18next.t(`console.reason.${view.reasonCode ?? 'other'}`, { defaultValue: view.reasonCode ?? '' }),
      }),
      tone: 'notice',
    };
  }
  if (view.state === 'needs_info' || outcome === 'ask_holder')
    return { text: i18next.t('console.case.filedAsked'), tone: 'success' };
  if (outcome === 'review') return { text: i18next.t('console.case.filedReview'), tone: 'success' };
  return { text: i18next.t('console.case.filed'), tone: 'success' };
}

/**
 * A case at the desk: where it stands and why (risk reasons, approvals, how identity was proven), its
 * documents, timeline and communication log, and what this role may do now.
 */
export function CaseDeskPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { query } = useLocation();
  const [view, setView] = useState<StaffCaseView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const justFiled = Boolean(query.get('filed'));
  const [notice, setNotice] = useState<string | null>(null);
  // A refused decision or note: in the error summary, and at the field it is about.
  const errors = useFormErrors();
  const fieldOf = (refusal: ApiError): string | null => {
    if (refusal.code === 'INVALID_ICCID' || refusal.code === 'CARD_MISMATCH') return 'iccid';
    const field = refusedField(refusal);
    if (field === 'message') return 'message';
    // A rejection's note and a reinstatement's (never both open: one is in review, the other in a bulk run).
    if (field === 'note') return 'note';
    if (field === 'body') return 'noteText';
    return null;
  };

  const load = useCallback(async () => {
    try {
      setView(await api<StaffCaseView>('GET', `/v1/staff/cases/${id}`));
    } catch (caught) {
      setError(caught as ApiError);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = (path: string, body: unknown, done: string) => async () => {
    errors.clear();
    setNotice(null);
    try {
      setView(await api<StaffCaseView>('POST', `/v1/staff/cases/${id}/${path}`, body));
      setNotice(done);
    } catch (caught) {
      errors.fail(caught as ApiError, fieldOf);
      throw caught;
    }
  };

  if (!view) {
    return <PageLoading title={t('console.case.title')} error={error} />;
  }
  const locale = localeFor(i18n.language, view.market);
  const at = (iso: string) => formatInstant(iso, locale, view.timeZone);
  const filed =
    justFiled && !notice && !errors.form && Object.keys(errors.fields).length === 0 ? filedBanner(view) : null;
  /** Carried out by the run's worker (it alone talks to the network for the run): 202, then the case moves. */
  const reinstate = async (note: string) => {
    errors.clear();
    setNotice(null);
    try {
      await api('POST', `/v1/staff/cases/${id}/reinstate`, { note });
      setNotice(t('console.case.reinstateRequested'));
    } catch (caught) {
      errors.fail(caught as ApiError, fieldOf);
      throw caught;
    }
    await load();
  };
  return (
    <>
      <PageHeading title={view.reference}>{t('console.case.titleFor', { reference: view.reference })}</PageHeading>
      {notice && (
        <p className="success" role="status">
          {notice}
        </p>
      )}
      {filed && (
        <p className={filed.tone} role="status">
          {filed.text}
        </p>
      )}
      <ErrorSummary errors={errors} />
      <div className="desk">
        <CaseFacts id={id} view={view} locale={locale} at={at} />
        <section aria-labelledby="decide-title">
          <CaseDecisions view={view} errors={errors} act={act} onReinstate={reinstate} />
          <CaseNoteForm
            id={id}
            errors={errors}
            fieldOf={fieldOf}
            onWritten={(updated) => {
              setView(updated);
              setNotice(t('console.case.noteAdded'));
            }}
          />
        </section>
      </div>
      <CaseHistory view={view} at={at} />
    </>
  );
}
