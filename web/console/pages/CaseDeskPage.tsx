import { Fragment, useCallback, useEffect, useState } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { RejectionReason } from '../../../src/domain/rejection-reasons.js';
import { api, type ApiError } from '../../shared/api';
import { formatDate, formatInstant, localeFor } from '../../shared/format';
import { useLocation } from '../../shared/router';
import { ErrorSummary, refusedField, useFormErrors } from '../../shared/form-errors';
import { Field, PageHeading, PageLoading } from '../../shared/ui';
import { Action } from '../Action';
import { CaseOutcomePanel } from '../CaseOutcomePanel';
import { RejectionFields } from '../RejectionFields';
import { ReviewContext } from '../ReviewContext';
import { useMay, useStateName } from '../permissions';
import type { StaffCaseView } from '../types';

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
  const stateName = useStateName();
  const may = useMay();
  const { query } = useLocation();
  const [view, setView] = useState<StaffCaseView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const justFiled = Boolean(query.get('filed'));
  const [notice, setNotice] = useState<string | null>(null);
  const [reason, setReason] = useState<RejectionReason>('suspected_fraud');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState('');
  const [iccid, setIccid] = useState('');
  const [noteText, setNoteText] = useState('');
  const [reinstateNote, setReinstateNote] = useState('');
  const [visibility, setVisibility] = useState<'internal' | 'subscriber'>('internal');
  const [writing, setWriting] = useState(false);
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
  const allowed = (command: string) => view.allowedActions.includes(command);
  const needsSecond = view.staff.reviewRoute === 'second_approver' && view.staff.approvals.length === 1;
  /** The decisions this case allows now that this role may take. */
  const can = {
    approve: allowed('approve') && may('review.decide') && (!needsSecond || may('review.second_approval')),
    reject: allowed('reject') && may('review.decide'),
    requestInfo: allowed('request_info') && may('review.decide'),
    recordCard: allowed('card_received') && may('card_return.record'),
    reinstate: allowed('reinstate') && view.channel === 'bulk' && may('bulk.reinstate'),
    retry: allowed('retry_execution') && may('execution.retry'),
  };
  const filed =
    justFiled && !notice && !errors.form && Object.keys(errors.fields).length === 0 ? filedBanner(view) : null;
  /** An event as staff read it: what happened (an approval says which), and who did it, by name where known. */
  const eventText = (event: StaffCaseView['timeline'][number]) => {
    const what =
      event.type === 'approve'
        ? event.to === 'in_review'
          ? t('console.event.firstApproval')
          : t('console.event.approved', { state: stateName(event.to) })
        : event.type === 'review_deadline_passed'
          ? t('console.case.escalatedEvent')
          : event.type === 'number_released'
            ? t('console.timer.quarantine_end')
            : stateName(event.to);
    const who = event.actorName ?? t(`console.actor.${event.actor}`, { defaultValue: event.actor });
    const why = event.reason ? ` · ${t(`console.reason.${event.reason}`, { defaultValue: event.reason })}` : '';
    return `${what} · ${who}${why}`;
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
        <div>
          <h2>
            <span className={`state state-${view.state}`}>{stateName(view.state)}</span>
          </h2>
          {view.reasonCode && <p>{t(`console.reason.${view.reasonCode}`, { defaultValue: view.reasonCode })}</p>}
          {view.state === 'scheduled' && (
            <p className="notice">{t('console.case.scheduled', { date: formatDate(view.lineEndsOn, locale) })}</p>
          )}
          {view.waitingOn && <p className="notice">{t('console.case.waitingOn', { system: view.waitingOn })}</p>}
          {view.staff.escalated && view.state === 'in_review' && (
            <p className="escalation">
              {view.staff.escalations > 1
                ? t('console.case.reescalated', { count: view.staff.escalations })
                : t('console.case.escalated')}
            </p>
          )}
          {view.awaitingAnswerSince && (
            <p className="notice">{t('console.case.needsAnswer', { since: at(view.awaitingAnswerSince) })}</p>
          )}
          <dl className="summary">
            <dt>{t('console.field.msisdn')}</dt>
            <dd className="number">{view.msisdn}</dd>
            <dt>{t('console.field.channel')}</dt>
            <dd>{t(`console.channel.${view.channel}`)}</dd>
            <dt>{t('receipt.receivedAt')}</dt>
            <dd>{at(view.receivedAt)}</dd>
            <dt>{t('receipt.endsOn')}</dt>
            <dd>{formatDate(view.lineEndsOn, locale)}</dd>
            <dt>{t('console.field.risk')}</dt>
            <dd>{view.staff.riskSignals.map((r) => t(`console.risk.${r}`, { defaultValue: r })).join(', ') || '—'}</dd>
            <dt>{t('console.case.route')}</dt>
            <dd>
              {view.staff.reviewRoute ? t(`console.route.${view.staff.reviewRoute}`) : '—'}
              {view.staff.reviewRoute === 'second_approver' &&
                ` · ${t('console.queue.approvals', { count: view.staff.approvals.length })}`}
            </dd>
            {view.staff.approvers.length > 0 && (
              <>
                <dt>{t('console.case.approvedBy')}</dt>
                <dd>{view.staff.approvers.map((a) => a.name ?? t('console.actor.staff')).join(', ')}</dd>
              </>
            )}
            {Array.isArray(view.staff.verification.mismatched) && view.staff.verification.mismatched.length > 0 && (
              <>
                <dt>{t('console.letterCheck.caption')}</dt>
                <dd>
                  {(view.staff.verification.mismatched as string[])
                    .map((factor) => t(`console.letterCheck.factorName.${factor}`, { defaultValue: factor }))
                    .join(t('console.review.listSeparator'))}
                </dd>
              </>
            )}
            <dt>{t('console.case.verification')}</dt>
            <dd>
              {t(`console.verification.${String(view.staff.verification.method ?? '')}`, {
                defaultValue: String(view.staff.verification.method ?? '—'),
              })}
            </dd>
            {view.termination.kind === 'extraordinary' && (
              <>
                <dt>{t('confirm.extraordinary')}</dt>
                <dd>{view.termination.reason}</dd>
              </>
            )}
            {view.waitingFor.map((w) => (
              <Fragment key={w.what}>
                <dt>{t(`console.timer.${w.what}`, { defaultValue: w.what })}</dt>
                <dd>{at(w.until)}</dd>
              </Fragment>
            ))}
          </dl>
          <ReviewContext view={view} at={at} />
          <CaseOutcomePanel view={view} locale={locale} at={at} />
          <p className="downloads">
            <a href={`/v1/staff/cases/${id}/receipt.pdf`} download>
              {t('case.downloadReceipt')}
            </a>
          </p>
          {view.staff.documents.length > 0 && (
            <>
              <h2>{t('console.case.documents')}</h2>
              <ul>
                {view.staff.documents.map((d) => (
                  <li key={d.id}>
                    <a href={`/v1/staff/cases/${id}/documents/${d.id}`} download>
                      {d.filename}
                    </a>{' '}
                    ({t(`console.documentKind.${d.kind}`, { defaultValue: d.kind })}, {Math.ceil(d.size / 1024)} KB)
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
        <section aria-labelledby="decide-title">
          <h2 id="decide-title">{t('console.case.decide')}</h2>
          <div className="actions">
            {can.approve && (
              <Action
                label={needsSecond ? t('console.case.secondApprove') : t('console.case.approve')}
                confirmLabel={t('console.case.confirmApprove')}
                backLabel={t('console.case.back')}
                onSubmit={act('approve', {}, t('console.case.approved'))}
              >
                <p>
                  {view.staff.reviewRoute === 'second_approver' && !needsSecond
                    ? t('console.case.approveFirstConfirm')
                    : view.cardReturnRequired
                      ? t('console.case.approveCardConfirm')
                      : t('console.case.approveConfirm')}
                </p>
              </Action>
            )}
            {can.reject && (
              <Action
                label={t('console.case.reject')}
                danger
                confirmLabel={t('console.case.confirmReject')}
                backLabel={t('console.case.back')}
                onSubmit={act('reject', { reason, note: note.trim() || null }, t('console.case.rejected'))}
              >
                <p>{t('console.case.rejectConfirm')}</p>
                <RejectionFields
                  reason={reason}
                  note={note}
                  onReason={setReason}
                  onNote={setNote}
                  noteId={errors.fieldId('note')}
                  noteError={errors.error('note')}
                />
              </Action>
            )}
            {can.requestInfo && (
              <Action
                label={t('console.case.requestInfo')}
                onSubmit={act('request-info', { message: message.trim() }, t('console.case.infoRequested'))}
              >
                <Field
                  label={t('console.case.question')}
                  hint={t('console.case.questionHint')}
                  error={errors.error('message')}
                  id={errors.fieldId('message')}
                >
                  {({ id: fieldId, describedBy, invalid }) => (
                    <textarea
                      id={fieldId}
                      rows={3}
                      value={message}
                      aria-describedby={describedBy}
                      aria-invalid={invalid}
                      onChange={(e) => setMessage(e.target.value)}
                    />
                  )}
                </Field>
              </Action>
            )}
            {can.recordCard && (
              <Action
                label={t('console.case.recordCard')}
                onSubmit={act('card-return', { iccid: iccid.replace(/[\s-]/g, '') }, t('console.case.cardRecorded'))}
              >
                <Field
                  label={t('console.case.scanIccid')}
                  hint={t('console.case.scanIccidHint')}
                  error={errors.error('iccid')}
                  id={errors.fieldId('iccid')}
                >
                  {({ id: fieldId, describedBy, invalid }) => (
                    <input
                      id={fieldId}
                      name="iccid"
                      inputMode="numeric"
                      value={iccid}
                      aria-describedby={describedBy}
                      aria-invalid={invalid}
                      onChange={(e) => setIccid(e.target.value)}
                    />
                  )}
                </Field>
              </Action>
            )}
            {can.reinstate && (
              <Action
                label={t('console.case.reinstate')}
                onSubmit={async () => {
                  errors.clear();
                  setNotice(null);
                  try {
                    // Carried out by the run's worker (it alone talks to the network for the run): 202, then the case moves.
                    await api('POST', `/v1/staff/cases/${id}/reinstate`, { note: reinstateNote.trim() });
                    setNotice(t('console.case.reinstateRequested'));
                    setReinstateNote('');
                    await load();
                  } catch (caught) {
                    errors.fail(caught as ApiError, fieldOf);
                    throw caught;
                  }
                }}
              >
                <Field
                  label={t('console.case.reinstateNote')}
                  hint={t('console.case.reinstateHint')}
                  error={errors.error('note')}
                  id={errors.fieldId('note')}
                >
                  {({ id: fieldId, describedBy, invalid }) => (
                    <textarea
                      id={fieldId}
                      rows={2}
                      required
                      minLength={3}
                      value={reinstateNote}
                      aria-describedby={describedBy}
                      aria-invalid={invalid}
                      onChange={(e) => setReinstateNote(e.target.value)}
                    />
                  )}
                </Field>
              </Action>
            )}
            {can.retry && (
              <Action
                label={t('console.case.retry')}
                confirmLabel={t('console.case.confirmRetry')}
                backLabel={t('console.case.back')}
                onSubmit={act('retry', {}, t('console.case.retried'))}
              >
                <p>{t('console.case.retryConfirm')}</p>
              </Action>
            )}
          </div>
          {needsSecond && !may('review.second_approval') && <p>{t('console.case.waitsForSupervisor')}</p>}
          {!Object.values(can).some(Boolean) && !(needsSecond && !may('review.second_approval')) && (
            <p>{t('console.case.nothingToDecide', { state: stateName(view.state) })}</p>
          )}
          <h2>{t('console.case.write')}</h2>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              // One at a time: a note is not idempotent, so a double click must not post it twice.
              if (writing) return;
              setWriting(true);
              void api<StaffCaseView>('POST', `/v1/staff/cases/${id}/notes`, { body: noteText.trim(), visibility })
                .then((updated) => {
                  setView(updated);
                  setNoteText('');
                  setNotice(t('console.case.noteAdded'));
                })
                .catch((caught: ApiError) => errors.fail(caught, fieldOf))
                .finally(() => setWriting(false));
            }}
          >
            <Field label={t('console.case.noteText')} error={errors.error('noteText')} id={errors.fieldId('noteText')}>
              {({ id: fieldId, describedBy, invalid }) => (
                <textarea
                  id={fieldId}
                  rows={3}
                  value={noteText}
                  onChange={(e) => setNoteText(e.target.value)}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                />
              )}
            </Field>
            <fieldset>
              <legend>{t('console.case.visibility')}</legend>
              {(may('case.message') ? (['internal', 'subscriber'] as const) : (['internal'] as const)).map((v) => (
                <div className="choice" key={v}>
                  <input
                    type="radio"
                    id={`visibility-${v}`}
                    name="visibility"
                    checked={visibility === v}
                    onChange={() => setVisibility(v)}
                  />
                  <label htmlFor={`visibility-${v}`}>{t(`console.case.visibility_${v}`)}</label>
                </div>
              ))}
            </fieldset>
            <button type="submit" className="secondary" disabled={!noteText.trim() || writing}>
              {t('console.case.addNote')}
            </button>
          </form>
        </section>
      </div>
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('case.timeline')}</h2>
        <ol className="timeline">
          {view.timeline.map((event, index) => (
            <li key={index}>
              <time dateTime={event.at}>{at(event.at)}</time>
              <span>{eventText(event)}</span>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="log-title">
        <h2 id="log-title">{t('case.log')}</h2>
        <ol className="log">
          {view.communications.map((m, index) => (
            <li key={index} className={`message message-${m.direction}`}>
              <p className="meta">
                <time dateTime={m.at}>{at(m.at)}</time> ·{' '}
                {m.direction === 'inbound' && m.channel === 'portal'
                  ? t('console.logChannel.portalInbound')
                  : t(`console.logChannel.${m.channel}`, { defaultValue: m.channel })}{' '}
                · {m.direction === 'inbound' ? t('console.case.fromHolder') : (m.to ?? t('console.case.toHolder'))}
              </p>
              {m.subject && <p className="subject">{m.subject}</p>}
              <p className="body">{m.body}</p>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
