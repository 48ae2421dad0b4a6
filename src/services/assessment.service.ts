import { findCases, lockCases, type CaseRow } from '../db/repositories/cases.repository.js';
import { wrongCodesByNumber } from '../db/repositories/challenges.repository.js';
import { latestContactChange } from '../domain/contacts.js';
import { asError } from '../domain/errors.js';
import { evaluateEligibility, type Checklist } from '../domain/eligibility.js';
import type { MarketPolicy } from '../domain/policy/types.js';
import { assessRisk, FAILED_ATTEMPTS_WITHIN_DAYS, reviewRouteFor, riskEvidence } from '../domain/risk.js';
import { CaseWrites } from './case-transitions.js';
import { inTransaction, systemActor, type ServiceContext } from './context.js';
import { policyForCase } from './policies.service.js';
import { gatherFacts, transferTargetFacts } from './eligibility.service.js';
import { DAY } from '../domain/time.js';

const actor = systemActor('case.assess');
/** How far back failed one-time codes for the number are counted as a risk signal. */

export interface AssessmentJob {
  caseId: string;
  /** The job's last attempt: outside systems still unavailable then send the case to a person. */
  final: boolean;
}

/** What the outside systems said about one case, gathered before any transaction opens. */
type Findings =
  | { kind: 'not_held' }
  | { kind: 'unavailable'; error: unknown; final: boolean }
  | {
      kind: 'answered';
      policy: MarketPolicy;
      checklist: Checklist;
      simChangedAt: Date | null;
      contactChangedAt: Date | null;
      failedAttempts: number;
    };

/** Assesses one case (see `runAssessments`); throws what should make its job retry. */
export async function runAssessment(
  context: ServiceContext,
  caseId: string,
  attempt: { final: boolean },
): Promise<void> {
  const [error] = await runAssessments(context, [{ caseId, final: attempt.final }]);
  if (error) throw error;
}

/**
 * Job case.assess, a fetched batch at a time: after submission, checks again with the outside
 * systems that the holder still holds the line and that it is still eligible, weighs the risk
 * signals and starts the cooling-off window; when the outside systems stay unavailable through the
 * last retry, the case goes to a person for review instead.
 *
 * The outside systems are asked first, for every case of the batch side by side, with no
 * transaction open; then one transaction records every case's assessment (verifying → eligibility
 * → cooling-off or review, each step its own event) in a handful of statements. A crash before the
 * commit leaves the cases as they were, and the retries start again; a case someone else moved
 * meanwhile is left alone. If writing the batch fails, each case is tried again on its own, so one
 * case cannot hold back the others. Answers, per job, null when it is done or the error that
 * should make it retry (outside systems unavailable before the last attempt: the case then waits
 * at the eligibility check).
 */
export async function runAssessments(context: ServiceContext, batch: AssessmentJob[]): Promise<(Error | null)[]> {
  const ids = batch.map((job) => job.caseId);
  const rows = new Map(
    (await findCases(context.db, ids)).filter((row) => assessedStates.has(row.state)).map((row) => [row.id, row]),
  );
  if (rows.size === 0) return batch.map(() => null);
  const now = context.clock.now();
  const failedAttempts = await wrongCodesByNumber(
    context.db,
    [...rows.values()].map((row) => row.msisdn),
    new Date(now.getTime() - FAILED_ATTEMPTS_WITHIN_DAYS * DAY),
  );
  const findings = new Map<string, Findings>();
  await Promise.all(
    batch.map(async (job) => {
      const row = rows.get(job.caseId);
      if (row) findings.set(row.id, await ask(context, row, job.final, failedAttempts.get(row.msisdn) ?? 0));
    }),
  );

  try {
    await inTransaction(context, async (tx) => {
      const writes = new CaseWrites(context, tx);
      for (const row of await lockCases(tx, [...findings.keys()]))
        await record(writes, row, findings.get(row.id)!, now);
      await writes.flush();
    });
  } catch (error) {
    if (batch.length === 1) return [asError(error)];
    return Promise.all(batch.map(async (job) => (await runAssessments(context, [job]))[0]!));
  }
  return batch.map((job) => {
    const found = findings.get(job.caseId);
    return found?.kind === 'unavailable' && !found.final ? asError(found.error) : null;
  });
}

async function ask(context: ServiceContext, row: CaseRow, final: boolean, failedAttempts: number): Promise<Findings> {
  try {
    const line = await context.ports.crm.findLine(row.msisdn);
    const holds =
      line !== null && line.status === 'active' && line.subscriberId === row.subscriber_id && line.iccid === row.iccid;
    if (!holds) return { kind: 'not_held' };
    const [policy, { facts, subscriber }, simChangedAt, transferTarget] = await Promise.all([
      policyForCase(context, row, context.db),
      gatherFacts(context, line),
      context.ports.simSwap.latestSimChange(row.msisdn),
      transferTargetFacts(context, row.decisions, row.market),
    ]);
    const checklist = evaluateEligibility(facts, policy, row.decisions, {
      receivedAt: new Date(row.received_at),
      requestedEndDate: row.requested_end_date,
      transferTarget,
    });
    return {
      kind: 'answered',
      policy,
      checklist,
      simChangedAt,
      // Any contact on file: the e-mail or address, or any contact number of the account.
      contactChangedAt: latestContactChange(subscriber),
      failedAttempts,
    };
  } catch (error) {
    return { kind: 'unavailable', error, final };
  }
}

/** Records one case's assessment from what the outside systems said. */
async function record(writes: CaseWrites, row: CaseRow, findings: Findings, now: Date): Promise<void> {
  if (findings.kind === 'not_held') {
    const verifying = await advanceTo(writes, row, 'verifying');
    if (!verifying) return;
    await writes.apply(verifying, { type: 'identity_failed', reason: 'identity_mismatch' }, actor, {
      extra: { reason_code: 'identity_mismatch' },
      data: { detail: 'line no longer held by the requester' },
    });
    return;
  }
  // The holder sees the case waiting at the eligibility check while the retries go on.
  const eligibility = await advanceTo(writes, row, 'eligibility');
  if (!eligibility) return;
  if (findings.kind === 'unavailable') {
    if (!findings.final) return;
    // The automatic checks stayed unavailable through every retry: a person decides instead,
    // never the machine by default.
    const reason = findings.error instanceof Error ? findings.error.message : String(findings.error);
    const { route, reasons } = reviewRouteFor({ checks: 'unavailable' });
    await writes.apply(eligibility, { type: 'eligibility_passed', reviewRoute: route }, actor, {
      reason: reasons[0],
      data: { reviewRoute: route, assessmentError: reason },
    });
    return;
  }
  if (!findings.checklist.eligible) {
    await writes.apply(eligibility, { type: 'eligibility_failed', reason: 'not_eligible' }, actor, {
      extra: { reason_code: 'not_eligible' },
      data: { outstanding: findings.checklist.outstanding },
    });
    return;
  }
  const riskInput = {
    simChangedAt: findings.simChangedAt,
    contactChangedAt: findings.contactChangedAt,
    failedVerificationAttempts: findings.failedAttempts,
    agentOverride: eligibility.risk_signals.includes('agent_override'),
  };
  const risk = assessRisk(riskInput, findings.policy, now);
  const { route: reviewRoute, reasons: reviewReasons } = reviewRouteFor({
    checks: 'answered',
    risk,
    channel: eligibility.channel,
    evidence: eligibility.verification.evidence,
    terminationKind: eligibility.termination_kind,
  });
  await writes.apply(eligibility, { type: 'eligibility_passed', reviewRoute }, actor, {
    extra: { risk_signals: JSON.stringify(risk.signals) },
    data: {
      riskSignals: risk.signals,
      // What raised each signal, for the reviewer (domain/risk.ts SignalEvidence).
      riskEvidence: riskEvidence(riskInput, risk.signals, findings.policy, FAILED_ATTEMPTS_WITHIN_DAYS),
      reviewRoute,
      ...(reviewReasons.length > 0 ? { reviewReasons } : {}),
      ...(typeof eligibility.verification.reviewReason === 'string'
        ? { evidenceReason: eligibility.verification.reviewReason }
        : {}),
    },
  });
  writes.audit({
    subscriberId: eligibility.subscriber_id,
    actorKind: 'system',
    actorId: 'case.assess',
    action: 'case.risk_assessed',
    target: `case:${row.id}`,
    data: { signals: risk.signals, route: reviewRoute, reviewReasons, failedAttempts: findings.failedAttempts },
    at: now,
  });
}

const assessedStates = new Set(['submitted', 'verifying', 'eligibility']);

/**
 * Moves the (locked) case forward along submitted → verifying → eligibility up to `target`,
 * recording each step. Null when the case has left the assessment meanwhile (withdrawn, say).
 */
async function advanceTo(
  writes: CaseWrites,
  row: CaseRow,
  target: 'verifying' | 'eligibility',
): Promise<CaseRow | null> {
  let current = row;
  if (current.state === 'submitted') current = await writes.apply(current, { type: 'start_verification' }, actor);
  if (current.state === 'verifying' && target === 'eligibility') {
    current = await writes.apply(current, { type: 'identity_verified' }, actor);
  }
  return current.state === target ? current : null;
}
