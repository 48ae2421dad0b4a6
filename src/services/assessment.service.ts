import type { Tx } from '../db/database.js';
import { insertAudit, lockCase, type CaseRow } from '../db/repositories/cases.repository.js';
import { latestContactChange } from '../domain/contacts.js';
import { evaluateEligibility } from '../domain/eligibility.js';
import { reviewFloorFor, stricterRoute } from '../domain/evidence.js';
import { assessRisk } from '../domain/risk.js';
import { localDate } from '../domain/working-days.js';
import { applyCommand } from './case-transitions.js';
import { inTransaction, systemActor, type ServiceContext } from './context.js';
import { policyForCase } from './policies.service.js';
import { gatherFacts } from './eligibility.service.js';
import { recentFailedAttempts } from './identity.service.js';

const actor = systemActor('case.assess');
const HOUR = 3_600_000;

/**
 * Job case.assess: after submission, checks again with the outside systems that the holder still
 * holds the line and that it is still eligible, weighs the risk signals and starts the cooling-off
 * window; when the outside systems stay unavailable through the last retry, the case goes to a
 * person for review instead.
 *
 * Everything the outside systems say is gathered first, with no transaction open; then one
 * transaction records the whole assessment (verifying → eligibility → cooling-off or review, each
 * step its own event). A crash before the commit leaves the case as it was, and the retry starts
 * again; a case someone else moved meanwhile is left alone.
 */
export async function runAssessment(
  context: ServiceContext,
  caseId: string,
  attempt: { final: boolean },
): Promise<void> {
  const row = await context.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!row || !assessedStates.has(row.state)) return;

  const line = await context.ports.crm.findLine(row.msisdn);
  const holds =
    line !== null && line.status === 'active' && line.subscriberId === row.subscriber_id && line.iccid === row.iccid;
  if (!holds) {
    await inTransaction(context, async (tx) => {
      const verifying = await advanceTo(context, tx, caseId, 'verifying');
      if (!verifying) return;
      await applyCommand(context, tx, verifying, { type: 'identity_failed', reason: 'identity_mismatch' }, actor, {
        extra: { reason_code: 'identity_mismatch' },
        data: { detail: 'line no longer held by the requester' },
      });
    });
    return;
  }

  const policy = await policyForCase(context, row);
  const now = context.clock.now();
  let gathered;
  try {
    gathered = await Promise.all([
      gatherFacts(context, line),
      context.ports.simSwap.latestSimChange(row.msisdn),
      recentFailedAttempts(context, row.msisdn, new Date(now.getTime() - 7 * 24 * HOUR)),
    ]);
  } catch (error) {
    if (!attempt.final) {
      // The holder sees the case waiting at the eligibility check while the retries go on.
      await inTransaction(context, (tx) => advanceTo(context, tx, caseId, 'eligibility'));
      throw error;
    }
    // The automatic checks stayed unavailable through every retry: a person decides instead,
    // never the machine by default.
    const reason = error instanceof Error ? error.message : String(error);
    await inTransaction(context, async (tx) => {
      const eligibility = await advanceTo(context, tx, caseId, 'eligibility');
      if (!eligibility) return;
      await applyCommand(context, tx, eligibility, { type: 'eligibility_passed', reviewRoute: 'manual' }, actor, {
        reason: 'automatic_checks_unavailable',
        data: { reviewRoute: 'manual', assessmentError: reason },
      });
    });
    return;
  }
  const [{ facts, subscriber }, simChangedAt, failedAttempts] = gathered;
  const checklist = evaluateEligibility(facts, policy, row.decisions, localDate(now, policy.timeZone));
  await inTransaction(context, async (tx) => {
    const eligibility = await advanceTo(context, tx, caseId, 'eligibility');
    if (!eligibility) return;
    if (!checklist.eligible) {
      await applyCommand(context, tx, eligibility, { type: 'eligibility_failed', reason: 'not_eligible' }, actor, {
        extra: { reason_code: 'not_eligible' },
        data: { outstanding: checklist.outstanding },
      });
      return;
    }
    const risk = assessRisk(
      {
        simChangedAt,
        // Any contact on file: the e-mail or address, or any contact number of the account.
        contactChangedAt: latestContactChange(subscriber),
        failedVerificationAttempts: failedAttempts,
        agentOverride: eligibility.risk_signals.includes('agent_override'),
      },
      policy,
      now,
    );
    // Why a person reviews beyond the risk signals: the channel's evidence rule (a mailed application is
    // never approved automatically, domain/evidence.ts), a letter that said too little, or an extraordinary
    // termination, whose reason (a "wichtiger Grund", §314 BGB) a person must judge.
    const reviewReasons: string[] = [];
    if (reviewFloorFor(eligibility.channel) !== 'auto') reviewReasons.push(`channel_${eligibility.channel}`);
    if (eligibility.verification.evidence === 'insufficient') reviewReasons.push('insufficient_evidence');
    if (eligibility.termination_kind === 'extraordinary') reviewReasons.push('extraordinary_termination');
    const reviewRoute = stricterRoute(risk.route, reviewReasons.length > 0 ? 'manual' : 'auto');
    await applyCommand(context, tx, eligibility, { type: 'eligibility_passed', reviewRoute }, actor, {
      extra: { risk_signals: JSON.stringify(risk.signals) },
      data: {
        riskSignals: risk.signals,
        reviewRoute,
        ...(reviewReasons.length > 0 ? { reviewReasons } : {}),
        ...(typeof eligibility.verification.reviewReason === 'string'
          ? { evidenceReason: eligibility.verification.reviewReason }
          : {}),
      },
    });
    await insertAudit(tx, {
      subscriberId: eligibility.subscriber_id,
      actorKind: 'system',
      actorId: 'case.assess',
      action: 'case.risk_assessed',
      target: `case:${caseId}`,
      data: { signals: risk.signals, route: reviewRoute, reviewReasons, failedAttempts },
      at: now,
    });
  });
}

const assessedStates = new Set(['submitted', 'verifying', 'eligibility']);

/**
 * Locks the case and moves it forward along submitted → verifying → eligibility up to `target`,
 * recording each step. Null when the case has left the assessment meanwhile (withdrawn, say).
 */
async function advanceTo(
  context: ServiceContext,
  tx: Tx,
  caseId: string,
  target: 'verifying' | 'eligibility',
): Promise<CaseRow | null> {
  let row = await lockCase(tx, caseId);
  if (row?.state === 'submitted') row = await applyCommand(context, tx, row, { type: 'start_verification' }, actor);
  if (row?.state === 'verifying' && target === 'eligibility') {
    row = await applyCommand(context, tx, row, { type: 'identity_verified' }, actor);
  }
  return row?.state === target ? row : null;
}
