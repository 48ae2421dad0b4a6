import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../shared/format';
import { CaseOutcomePanel } from '../CaseOutcomePanel';
import { ReviewContext } from '../ReviewContext';
import { useStateName } from '../permissions';
import type { StaffCaseView } from '../types';

/**
 * Where a case stands and why: its state and what it waits for, risk reasons, approvals, how identity
 * was proven, its outcome and its documents.
 */
export function CaseFacts({
  id,
  view,
  locale,
  at,
}: {
  /** The case's id as the page was opened with it, for its downloads. */
  id: string;
  view: StaffCaseView;
  locale: string;
  at: (iso: string) => string;
}) {
  const { t } = useTranslation();
  const stateName = useStateName();
  return (
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
  );
}
