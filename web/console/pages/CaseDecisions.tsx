import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RejectionReason } from '../../../src/domain/rejection-reasons.js';
import type { FormErrors } from '../../shared/form-errors';
import { Field, TextField } from '../../shared/ui';
import { Action } from '../Action';
import { RejectionFields } from '../RejectionFields';
import { useMay, useStateName } from '../permissions';
import type { StaffCaseView } from '../types';

/**
 * The decisions a case allows now that this role may take (approve, reject, ask the holder, record the
 * returned card, reinstate, retry), each behind a confirmation or the field it needs.
 */
export function CaseDecisions({
  view,
  errors,
  act,
  onReinstate,
}: {
  view: StaffCaseView;
  errors: FormErrors;
  /** Posts a command to the case and shows `done` once it is carried out. */
  act: (path: string, body: unknown, done: string) => () => Promise<void>;
  /** Asks the bulk run's worker to reinstate the line, with the staff member's note. */
  onReinstate: (note: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const stateName = useStateName();
  const may = useMay();
  const [reason, setReason] = useState<RejectionReason>('suspected_fraud');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState('');
  const [iccid, setIccid] = useState('');
  const [reinstateNote, setReinstateNote] = useState('');
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
  return (
    <>
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
            <TextField
              label={t('console.case.scanIccid')}
              hint={t('console.case.scanIccidHint')}
              error={errors.error('iccid')}
              id={errors.fieldId('iccid')}
              name="iccid"
              inputMode="numeric"
              value={iccid}
              onChange={setIccid}
            />
          </Action>
        )}
        {can.reinstate && (
          <Action
            label={t('console.case.reinstate')}
            onSubmit={async () => {
              await onReinstate(reinstateNote.trim());
              setReinstateNote('');
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
    </>
  );
}
