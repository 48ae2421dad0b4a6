import { useTranslation } from 'react-i18next';
import type { SignalEvidence, StaffCaseView } from './types';
import { HOUR } from '../../src/domain/time.js';

/**
 * Why a person reviews this case, signal by signal: what the signal is, when it happened and the
 * evidence the assessment recorded, and what the reviewer should check before deciding; then the
 * reasons beyond the risk signals (a mailed letter, one that said too little or contradicted the
 * account, an extraordinary termination).
 */
export function ReviewContext({ view, at }: { view: StaffCaseView; at: (iso: string) => string }) {
  const { t } = useTranslation();
  const { riskContext, verification } = view.staff;
  const filer = view.timeline.find((event) => event.type === 'submit')?.actorName ?? null;
  /** "20 hours" / "3 days" before or after the request was received. */
  const relative = (iso: string) => {
    const hours = (Date.parse(view.receivedAt) - Date.parse(iso)) / HOUR;
    const size = Math.abs(hours);
    const amount =
      size < 48
        ? t('console.review.hours', { count: Math.max(1, Math.round(size)) })
        : t('console.review.days', { count: Math.round(size / 24) });
    return hours >= 0 ? t('console.review.before', { amount }) : t('console.review.after', { amount });
  };
  const evidenceText = (evidence: SignalEvidence) => {
    switch (evidence.signal) {
      case 'recent_sim_swap':
      case 'recent_contact_change':
        return t(`console.review.evidence.${evidence.signal}`, {
          at: at(evidence.changedAt),
          relative: relative(evidence.changedAt),
          window: evidence.windowHours,
        });
      case 'failed_verification_attempts':
        return t('console.review.evidence.failed_verification_attempts', {
          attempts: evidence.attempts,
          days: evidence.withinDays,
          threshold: evidence.threshold,
        });
      case 'agent_override':
        return t('console.review.evidence.agent_override', {
          name: filer ?? t('console.actor.staff'),
          note:
            typeof verification.overrideNote === 'string' && verification.overrideNote
              ? verification.overrideNote
              : '—',
        });
    }
  };
  const factorNames = (factors: unknown) =>
    (Array.isArray(factors) ? (factors as string[]) : [])
      .map((factor) =>
        factor
          .split('|')
          .map((one) => t(`console.letterCheck.factorName.${one}`))
          .join(t('console.review.or')),
      )
      .join(t('console.review.listSeparator'));
  const outcome = verification.mismatchOutcome as { outcome?: string; note?: string | null } | undefined;
  const reasonText = (reason: string) => {
    switch (reason) {
      case 'insufficient_evidence':
        return t('console.review.reason.insufficient_evidence', { missing: factorNames(verification.missing) });
      case 'letter_mismatch':
        return t('console.review.reason.letter_mismatch', {
          factors: factorNames(verification.mismatched),
          outcome: t(`console.review.clerkChose.${outcome?.outcome ?? 'review'}`, {
            name: filer ?? t('console.actor.staff'),
          }),
        });
      default:
        return t(`console.review.reason.${reason}`, { defaultValue: reason });
    }
  };
  if (riskContext.signals.length === 0 && riskContext.reviewReasons.length === 0) return null;
  return (
    <section className="review-context" aria-labelledby="review-context-title">
      <h2 id="review-context-title">{t('console.review.title')}</h2>
      {riskContext.assessedAt && (
        <p className="hint">{t('console.review.assessedAt', { at: at(riskContext.assessedAt) })}</p>
      )}
      {riskContext.signals.map(({ signal, evidence }) => (
        <article className="card signal" key={signal} aria-labelledby={`signal-${signal}`}>
          <h3 id={`signal-${signal}`}>{t(`console.risk.${signal}`, { defaultValue: signal })}</h3>
          <p>{t(`console.review.about.${signal}`, { defaultValue: '' })}</p>
          <dl className="summary">
            <dt>{t('console.review.evidenceLabel')}</dt>
            <dd>{evidence ? evidenceText(evidence) : t('console.review.noEvidence')}</dd>
            <dt>{t('console.review.checkLabel')}</dt>
            <dd>{t(`console.review.check.${signal}`, { defaultValue: '' })}</dd>
          </dl>
        </article>
      ))}
      {riskContext.reviewReasons.map((reason) => (
        <article className="card signal" key={reason} aria-labelledby={`reason-${reason}`}>
          <h3 id={`reason-${reason}`}>{t(`console.review.reasonName.${reason}`, { defaultValue: reason })}</h3>
          <p>{reasonText(reason)}</p>
          {reason === 'letter_mismatch' && outcome?.note && (
            <p>
              {t('console.review.clerkNote')} <q>{outcome.note}</q>
            </p>
          )}
          <dl className="summary">
            <dt>{t('console.review.checkLabel')}</dt>
            <dd>{t(`console.review.reasonCheck.${reason}`, { defaultValue: '' })}</dd>
          </dl>
        </article>
      ))}
    </section>
  );
}
