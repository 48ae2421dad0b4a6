import { insertAudit } from '../db/repositories/cases.repository.js';
import { evaluateEligibility } from '../domain/eligibility.js';
import { assessRisk } from '../domain/risk.js';
import { localDate } from '../domain/working-days.js';
import { applyIfInState } from './case-transitions.js';
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
 * person for review instead. Each step is its own transaction and starts from the case's stored state, so a re-run
 * after a crash continues where the last one stopped; a case someone else moved is left alone.
 */
export async function runAssessment(
  context: ServiceContext,
  caseId: string,
  attempt: { final: boolean },
): Promise<void> {
  await inTransaction(context, (tx) =>
    applyIfInState(context, tx, caseId, 'submitted', { type: 'start_verification' }, actor),
  );

  const row = await context.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!row) return;

  if (row.state === 'verifying') {
    const line = await context.ports.crm.findLine(row.msisdn);
    const holds =
      line !== null && line.status === 'active' && line.subscriberId === row.subscriber_id && line.iccid === row.iccid;
    await inTransaction(context, (tx) =>
      applyIfInState(
        context,
        tx,
        caseId,
        'verifying',
        holds ? { type: 'identity_verified' } : { type: 'identity_failed', reason: 'identity_mismatch' },
        actor,
        holds
          ? {}
          : { extra: { reason_code: 'identity_mismatch' }, data: { detail: 'line no longer held by the requester' } },
      ),
    );
  }

  const current = await context.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!current || current.state !== 'eligibility') return;
  const line = await context.ports.crm.findLine(current.msisdn);
  if (!line) return;
  const policy = await policyForCase(context, current);
  const now = context.clock.now();
  let gathered;
  try {
    gathered = await Promise.all([gatherFacts(context, line), context.ports.simSwap.latestSimChange(current.msisdn)]);
  } catch (error) {
    if (!attempt.final) throw error;
    // The automatic checks stayed unavailable through every retry: a person decides instead,
    // never the machine by default.
    const reason = error instanceof Error ? error.message : String(error);
    await inTransaction(context, (tx) =>
      applyIfInState(context, tx, caseId, 'eligibility', { type: 'eligibility_passed', reviewRoute: 'manual' }, actor, {
        reason: 'automatic_checks_unavailable',
        data: { reviewRoute: 'manual', assessmentError: reason },
      }),
    );
    return;
  }
  const [{ facts, subscriber }, simChangedAt] = gathered;
  const checklist = evaluateEligibility(facts, policy, current.decisions, localDate(now, policy.timeZone));
  if (!checklist.eligible) {
    await inTransaction(context, (tx) =>
      applyIfInState(
        context,
        tx,
        caseId,
        'eligibility',
        { type: 'eligibility_failed', reason: 'not_eligible' },
        actor,
        {
          extra: { reason_code: 'not_eligible' },
          data: { outstanding: checklist.outstanding },
        },
      ),
    );
    return;
  }
  const failedAttempts = await recentFailedAttempts(context, current.msisdn, new Date(now.getTime() - 7 * 24 * HOUR));
  const risk = assessRisk(
    {
      simChangedAt,
      contactChangedAt: subscriber.contactChangedAt,
      failedVerificationAttempts: failedAttempts,
      agentOverride: current.risk_signals.includes('agent_override'),
    },
    policy,
    now,
  );
  // An extraordinary termination claims a reason (a "wichtiger Grund", §314 BGB) that a person must judge.
  const reviewRoute = risk.route === 'auto' && current.termination_kind === 'extraordinary' ? 'manual' : risk.route;
  await inTransaction(context, async (tx) => {
    const moved = await applyIfInState(
      context,
      tx,
      caseId,
      'eligibility',
      { type: 'eligibility_passed', reviewRoute },
      actor,
      {
        extra: { risk_signals: JSON.stringify(risk.signals) },
        data: { riskSignals: risk.signals, reviewRoute },
      },
    );
    if (moved) {
      await insertAudit(tx, {
        subscriberId: current.subscriber_id,
        actorKind: 'system',
        actorId: 'case.assess',
        action: 'case.risk_assessed',
        target: `case:${caseId}`,
        data: { signals: risk.signals, route: reviewRoute, failedAttempts },
        at: now,
      });
    }
  });
}
