import { outageRecheckSeconds } from '../jobs/retry-policy.js';
import { findCase, insertEvent, markCaseWaiting, type CaseRow } from '../db/repositories/cases.repository.js';
import { insertExecutionStep, requireStepResult, stepsOfCase } from '../db/repositories/execution-steps.repository.js';
import { executionSteps, type ExecutionStep } from '../domain/execution-plan.js';
import { insertQuarantine } from '../db/repositories/number-quarantines.repository.js';
import { timerDueAt } from '../db/repositories/timers.repository.js';
import { OutsideSystemUnavailableError } from '../ports/adapters/http/json-client.js';
import {
  noticesOfCase,
  recordServiceFailed,
  recordServiceTold,
} from '../db/repositories/bound-service-notices.repository.js';
import type { BoundService } from '../domain/line.js';
import { quarantineEnd } from '../domain/lifecycle.js';
import type { BalanceInstruction, TransferTargetBalance } from '../ports/ports.js';
import { applyIfInState } from './case-transitions.js';
import { inTransaction, systemActor, type ServiceContext } from './context.js';
import { policyForCase } from './policies.service.js';
import { recordOwnership } from './number-ledger.service.js';
import { releaseEsimProfile } from './esim-profile.service.js';
import type { BalanceOption } from '../domain/policy/types.js';

const actor = systemActor('execution.run');

async function performStep(
  context: ServiceContext,
  row: CaseRow,
  step: ExecutionStep,
  attempt: { final: boolean },
): Promise<Record<string, unknown>> {
  const key = `${step}:${row.id}`;
  const items = row.checklist.items;
  const decisions = row.decisions;
  switch (step) {
    case 'deactivate_line': {
      const { deactivatedAt } = await context.ports.provisioning.deactivateLine(row.msisdn, row.iccid, key);
      return { deactivatedAt: deactivatedAt.toISOString() };
    }
    case 'release_esim_profile':
      return releaseEsimProfile(context, row, key);
    case 'final_bill': {
      const charge = items.find((item) => item.kind === 'early_termination_charge');
      const accepted =
        charge?.kind === 'early_termination_charge' && decisions.acceptEarlyTerminationCharge ? charge.amountMinor : 0;
      return context.ports.billing.closeAccount(row.msisdn, { earlyTerminationChargeMinor: accepted }, key);
    }
    case 'balance':
      return moveBalance(context, row, key);
    case 'bound_services':
      return tellBoundServices(context, row, key, attempt);
    case 'quarantine_number': {
      const policy = await policyForCase(context, row, context.db);
      const quarantinedAt = context.clock.now();
      const until = quarantineEnd(quarantinedAt, policy);
      await context.ports.numbers.quarantine(row.msisdn, until, key);
      return { quarantinedAt: quarantinedAt.toISOString(), until: until.toISOString() };
    }
  }
}

/**
 * What the `balance` step records (execution_steps.result), read back by the case view and the
 * letter: the choice, billing's reference and, for a transfer, the target line's balance before and
 * after as billing reported it, and whether that line is on the holder's own account (only then is
 * its balance shown to the holder; staff always see it).
 */
export interface BalanceStepResult {
  option: BalanceOption;
  reference: string;
  target: TransferTargetBalance | null;
  targetOnSameAccount: boolean | null;
}

async function moveBalance(context: ServiceContext, row: CaseRow, key: string): Promise<Record<string, unknown>> {
  const balance = row.checklist.items.find((item) => item.kind === 'balance');
  const choice = row.decisions.balance;
  if (balance?.kind !== 'balance' || !choice) return { skipped: 'no balance' };
  const instruction: BalanceInstruction =
    choice.option === 'transfer'
      ? { option: 'transfer', toMsisdn: choice.toMsisdn, creditMinor: balance.creditMinor, dataMb: balance.dataMb }
      : choice.option === 'refund'
        ? { option: 'refund', amountMinor: balance.refundMinor ?? balance.creditMinor }
        : { option: 'forfeit', creditMinor: balance.creditMinor, dataMb: balance.dataMb };
  const moved = await context.ports.billing.moveBalance(row.msisdn, instruction, key);
  let targetOnSameAccount: boolean | null = null;
  if (instruction.option === 'transfer') {
    const target = await context.ports.crm.findLine(instruction.toMsisdn);
    targetOnSameAccount = target !== null && target.subscriberId === row.subscriber_id;
  }
  const result: BalanceStepResult = {
    option: instruction.option,
    reference: moved.reference,
    target: moved.target ?? null,
    targetOnSameAccount,
  };
  return { ...result };
}

/**
 * Tells every service bound to the line, each once (keyed `bound_services:<case>:<service>`), and
 * records each answer or failure in `bound_service_notices` as it comes: a service already told is
 * not asked again on a retry, and one that fails does not keep the others from being told. Any
 * failure fails the step afterwards, so the job retries it (and the case is failed after the last
 * attempt, with the failed service on record).
 */
async function tellBoundServices(
  context: ServiceContext,
  row: CaseRow,
  key: string,
  attempt: { final: boolean },
): Promise<Record<string, unknown>> {
  const services = row.checklist.items.flatMap((item) =>
    item.kind === 'bound_service' ? [{ id: item.serviceId, kind: item.serviceKind, name: item.name }] : [],
  );
  if (services.length === 0) return { notified: 0 };
  const told = new Set(
    (await noticesOfCase(context.db, row.id)).filter((n) => n.status === 'told').map((n) => n.service_id),
  );
  const failures: { service: BoundService; error: unknown }[] = [];
  for (const service of services) {
    if (told.has(service.id)) continue;
    const notice = { caseId: row.id, subscriberId: row.subscriber_id, service, at: context.clock.now() };
    try {
      const answer = await context.ports.webhooks.notifyBoundService(
        row.msisdn,
        service,
        'line_deactivated',
        `${key}:${service.id}`,
      );
      await recordServiceTold(context.db, { ...notice, answer });
    } catch (error) {
      // An outage is waited out rather than failed (runExecution), so only another error is final.
      const final = attempt.final && !(error instanceof OutsideSystemUnavailableError);
      const message = error instanceof Error ? error.message : String(error);
      await recordServiceFailed(context.db, { ...notice, error: message, final });
      failures.push({ service, error });
    }
  }
  const [first] = failures;
  if (first) {
    if (first.error instanceof OutsideSystemUnavailableError) throw first.error;
    throw new Error(
      `${failures.length} of ${services.length} bound services did not answer (${failures.map((f) => f.service.name).join(', ')})`,
      { cause: first.error },
    );
  }
  return { notified: services.length };
}

/**
 * Shows people that the case waits for an outside system (once per outage, on the timeline too);
 * the job's retries carry on, and the case completes by itself when the system answers again.
 */
async function markWaiting(context: ServiceContext, row: CaseRow, system: string): Promise<void> {
  await inTransaction(context, async (tx) => {
    if (!(await markCaseWaiting(tx, row.id, system))) return;
    await insertEvent(tx, {
      caseId: row.id,
      subscriberId: row.subscriber_id,
      type: 'waiting_for_outside_system',
      from: 'executing',
      to: 'executing',
      actorKind: 'system',
      actorId: 'execution.run',
      reason: system,
      at: context.clock.now(),
    });
  });
}

/**
 * Job execution.run: carries out the cancellation in the outside systems, step by step, then
 * completes the case. A step is recorded only after the outside system confirmed it; a crash in
 * between repeats the call with the same key, which the system recognises. After the last retry
 * the case goes to `failed`, visible to staff with the reason, never silently dropped.
 */
export async function runExecution(
  context: ServiceContext,
  caseId: string,
  attempt: { final: boolean },
): Promise<void> {
  const row = await findCase(context.db, caseId);
  if (!row || row.state !== 'executing') return;
  let quarantinedAt: Date;
  try {
    const done = new Map((await stepsOfCase(context.db, caseId)).map((r) => [r.step, r.result]));
    for (const step of executionSteps) {
      if (done.has(step)) continue;
      const result = await performStep(context, row, step, attempt);
      done.set(step, result);
      await insertExecutionStep(context.db, {
        caseId,
        subscriberId: row.subscriber_id,
        step,
        completedAt: context.clock.now(),
        result,
      });
    }
    // The release counts from when the number was quarantined, as the numbers port was told; a step
    // recorded before simexit kept that instant counts from completion, as it did then.
    const recorded = done.get('quarantine_number')?.quarantinedAt;
    quarantinedAt = typeof recorded === 'string' ? new Date(recorded) : context.clock.now();
  } catch (error) {
    if (error instanceof OutsideSystemUnavailableError) {
      await markWaiting(context, row, error.system);
      // An outage is waited out, however long: after the last quick retry the case comes back
      // every few minutes, visibly waiting, instead of being failed and handed to a person.
      if (attempt.final) {
        await inTransaction(context, (tx) =>
          context.queue.enqueue(
            tx,
            'execution.run',
            { id: caseId },
            { startAfterSeconds: outageRecheckSeconds(context.config) },
          ),
        );
        return;
      }
    }
    if (!attempt.final) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    await inTransaction(context, (tx) =>
      applyIfInState(context, tx, caseId, 'executing', { type: 'execution_failed', reason }, actor, { reason }),
    );
    return;
  }
  await inTransaction(context, async (tx) => {
    // The "cancelled" message names the services that were told, and only those: a line that had
    // none hears nothing about services. An eSIM's holder is told to delete the profile from the
    // phone: released at the SM-DP+, it stays listed on the device until the holder removes it.
    const told = (await noticesOfCase(tx, caseId)).filter((notice) => notice.status === 'told');
    const completed = await applyIfInState(
      context,
      tx,
      caseId,
      'executing',
      { type: 'execution_completed', quarantinedAt },
      actor,
      {
        extra: { waiting_on: null },
        data: {
          boundServicesTold: told.map((notice) => notice.service_name),
          deleteEsimProfile: row.product_type === 'esim',
        },
      },
    );
    if (!completed) return;
    const release = await timerDueAt(tx, caseId, 'quarantine_end');
    await insertQuarantine(tx, {
      case_id: caseId,
      subscriber_id: row.subscriber_id,
      msisdn: row.msisdn,
      market: row.market,
      quarantined_at: context.clock.now(),
      release_at: release.due_at,
      released_at: null,
    });
    const deactivation = await requireStepResult(tx, caseId, 'deactivate_line');
    const now = context.clock.now();
    const ledger = { msisdn: row.msisdn, subscriberId: row.subscriber_id, caseId, source: 'simexit' as const };
    await recordOwnership(context, tx, {
      ...ledger,
      event: 'deactivated',
      at: new Date(String(deactivation.result.deactivatedAt)),
      dedupeKey: `deactivated:${caseId}`,
    });
    await recordOwnership(context, tx, {
      ...ledger,
      event: 'quarantined',
      at: now,
      dedupeKey: `quarantined:${caseId}`,
    });
  });
}
