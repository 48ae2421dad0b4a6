import { outageRecheckSeconds } from '../jobs/retry-policy.js';
import { insertEvent, type CaseRow } from '../db/repositories/cases.repository.js';
import { OutsideSystemUnavailableError } from '../ports/adapters/http/json-client.js';
import type { BalanceInstruction } from '../ports/ports.js';
import { applyIfInState } from './case-transitions.js';
import { inTransaction, systemActor, type ServiceContext } from './context.js';
import { policyForCase } from './policies.service.js';
import { recordOwnership } from './number-ledger.service.js';

const actor = systemActor('execution.run');
const DAY = 86_400_000;

/** The steps of executing a cancellation, in order. Each is keyed `<step>:<caseId>` at the outside system. */
export const executionSteps = [
  'deactivate_line',
  'final_bill',
  'balance',
  'bound_services',
  'quarantine_number',
] as const;
export type ExecutionStep = (typeof executionSteps)[number];

async function performStep(
  context: ServiceContext,
  row: CaseRow,
  step: ExecutionStep,
): Promise<Record<string, unknown>> {
  const key = `${step}:${row.id}`;
  const items = row.checklist.items;
  const decisions = row.decisions;
  switch (step) {
    case 'deactivate_line': {
      const { deactivatedAt } = await context.ports.provisioning.deactivateLine(row.msisdn, row.iccid, key);
      return { deactivatedAt: deactivatedAt.toISOString() };
    }
    case 'final_bill': {
      const charge = items.find((item) => item.kind === 'early_termination_charge');
      const accepted =
        charge?.kind === 'early_termination_charge' && decisions.acceptEarlyTerminationCharge ? charge.amountMinor : 0;
      return context.ports.billing.closeAccount(row.msisdn, { earlyTerminationChargeMinor: accepted }, key);
    }
    case 'balance': {
      const balance = items.find((item) => item.kind === 'balance');
      if (balance?.kind !== 'balance' || !decisions.balance) return { skipped: 'no balance' };
      const choice = decisions.balance;
      const instruction: BalanceInstruction =
        choice.option === 'transfer'
          ? { option: 'transfer', toMsisdn: choice.toMsisdn, creditMinor: balance.creditMinor, dataMb: balance.dataMb }
          : choice.option === 'refund'
            ? { option: 'refund', amountMinor: balance.refundMinor ?? balance.creditMinor }
            : { option: 'forfeit', creditMinor: balance.creditMinor, dataMb: balance.dataMb };
      return context.ports.billing.moveBalance(row.msisdn, instruction, key);
    }
    case 'bound_services': {
      const services = items.filter((item) => item.kind === 'bound_service');
      for (const item of services) {
        if (item.kind !== 'bound_service') continue;
        await context.ports.webhooks.notifyBoundService(
          row.msisdn,
          { id: item.serviceId, kind: item.serviceKind, name: item.name },
          'line_deactivated',
          `${key}:${item.serviceId}`,
        );
      }
      return { notified: services.length };
    }
    case 'quarantine_number': {
      const policy = await policyForCase(context, row);
      const until = new Date(context.clock.now().getTime() + policy.agingDays * DAY);
      await context.ports.numbers.quarantine(row.msisdn, until, key);
      return { until: until.toISOString() };
    }
  }
}

/**
 * Shows people that the case waits for an outside system (once per outage, on the timeline too);
 * the job's retries carry on, and the case completes by itself when the system answers again.
 */
async function markWaiting(context: ServiceContext, row: CaseRow, system: string): Promise<void> {
  await inTransaction(context, async (tx) => {
    const marked = await tx
      .updateTable('cases')
      .set({ waiting_on: system })
      .where('id', '=', row.id)
      .where('state', '=', 'executing')
      .where((eb) => eb.or([eb('waiting_on', 'is', null), eb('waiting_on', '<>', system)]))
      .returning('id')
      .executeTakeFirst();
    if (!marked) return;
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
  const row = await context.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!row || row.state !== 'executing') return;
  try {
    const done = new Set(
      (await context.db.selectFrom('execution_steps').select('step').where('case_id', '=', caseId).execute()).map(
        (r) => r.step,
      ),
    );
    for (const step of executionSteps) {
      if (done.has(step)) continue;
      const result = await performStep(context, row, step);
      await context.db
        .insertInto('execution_steps')
        .values({
          case_id: caseId,
          subscriber_id: row.subscriber_id,
          step,
          completed_at: context.clock.now(),
          result: JSON.stringify(result),
        })
        .onConflict((conflict) => conflict.columns(['case_id', 'step']).doNothing())
        .execute();
    }
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
    const completed = await applyIfInState(context, tx, caseId, 'executing', { type: 'execution_completed' }, actor, {
      extra: { waiting_on: null },
    });
    if (!completed) return;
    const release = await tx
      .selectFrom('timers')
      .select('due_at')
      .where('case_id', '=', caseId)
      .where('kind', '=', 'quarantine_end')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('number_quarantines')
      .values({
        case_id: caseId,
        subscriber_id: row.subscriber_id,
        msisdn: row.msisdn,
        market: row.market,
        quarantined_at: context.clock.now(),
        release_at: release.due_at,
        released_at: null,
      })
      .execute();
    const deactivation = await tx
      .selectFrom('execution_steps')
      .select('result')
      .where('case_id', '=', caseId)
      .where('step', '=', 'deactivate_line')
      .executeTakeFirstOrThrow();
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
