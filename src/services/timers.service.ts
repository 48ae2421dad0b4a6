import { insertAudit, insertEvent, lockCase } from '../db/repositories/cases.repository.js';
import { findQuarantine, markQuarantineReleased } from '../db/repositories/number-quarantines.repository.js';
import { claimTimer, dueTimers, type DueTimer } from '../db/repositories/timers.repository.js';
import { isSimexitError } from '../domain/errors.js';
import type { CaseCommand, TimerKind } from '../domain/lifecycle.js';
import { wakeDueRuns } from './bulk-runs.service.js';
import { applyCommand } from './case-transitions.js';
import { inTransaction, systemActor, type ServiceContext } from './context.js';
import { recordOwnership } from './number-ledger.service.js';

const actor = systemActor('scheduler');

/** What each timer does to its case when it comes due. */
const commandFor: Record<Exclude<TimerKind, 'quarantine_end'>, CaseCommand> = {
  cooling_off_end: { type: 'cooling_off_ended' },
  review_deadline: { type: 'review_deadline_passed' },
  review_escalation: { type: 'review_deadline_passed' },
  needs_info_expiry: { type: 'info_expired' },
  card_return_deadline: { type: 'card_return_expired' },
  // The line's end date has begun: an approved case waiting in `scheduled` is carried out now.
  line_end: { type: 'line_end_reached' },
};

const reasonFor: Partial<Record<TimerKind, string>> = {
  needs_info_expiry: 'info_not_provided',
  card_return_deadline: 'card_not_returned',
};

async function fireCaseTimer(context: ServiceContext, timer: DueTimer): Promise<void> {
  await inTransaction(context, async (tx) => {
    const now = context.clock.now();
    const row = await lockCase(tx, timer.case_id);
    if (!row || !(await claimTimer(tx, timer.id, now))) return;
    const command = commandFor[timer.kind as keyof typeof commandFor];
    const reason = reasonFor[timer.kind as TimerKind];
    try {
      await applyCommand(context, tx, row, command, actor, {
        data: { timer: timer.kind },
        ...(reason ? { extra: { reason_code: reason }, reason } : {}),
      });
    } catch (error) {
      // The case moved on before its timer fired (e.g. withdrawn): the timer is spent, nothing to do.
      if (!isSimexitError(error) || error.code !== 'ILLEGAL_TRANSITION') throw error;
    }
  });
}

/** Quarantine over: the number goes back to the inventory, then the release is recorded. */
async function releaseNumber(context: ServiceContext, timer: DueTimer): Promise<void> {
  const quarantine = await findQuarantine(context.db, timer.case_id);
  if (quarantine && !quarantine.released_at) {
    await context.ports.numbers.release(quarantine.msisdn, `release_number:${timer.case_id}`);
  }
  await inTransaction(context, async (tx) => {
    const now = context.clock.now();
    if (!(await claimTimer(tx, timer.id, now)) || !quarantine) return;
    await markQuarantineReleased(tx, timer.case_id, now);
    await recordOwnership(context, tx, {
      msisdn: quarantine.msisdn,
      subscriberId: quarantine.subscriber_id,
      event: 'released',
      at: now,
      caseId: timer.case_id,
      source: 'simexit',
      dedupeKey: `released:${timer.case_id}`,
    });
    await insertEvent(tx, {
      caseId: timer.case_id,
      subscriberId: quarantine.subscriber_id,
      type: 'number_released',
      from: 'completed',
      to: 'completed',
      actorKind: 'system',
      actorId: 'scheduler',
      data: { msisdn: quarantine.msisdn },
      at: now,
    });
    await insertAudit(tx, {
      subscriberId: quarantine.subscriber_id,
      actorKind: 'system',
      actorId: 'scheduler',
      action: 'number.released',
      target: `line:${quarantine.msisdn}`,
      data: { caseId: timer.case_id },
      at: now,
    });
  });
}

/**
 * One pass of the scheduler: fires every timer due by the clock's now, oldest first, each in its
 * own transaction. Safe to run from several processes: a timer is claimed once.
 * @returns how many timers fired.
 */
export async function fireDueTimers(context: ServiceContext, limit = 200): Promise<number> {
  const due = await dueTimers(context.db, context.clock.now(), limit);
  // Bulk runs keep their due instants on the run and its lines; a due run is woken like a timer.
  let fired = await wakeDueRuns(context);
  for (const timer of due) {
    try {
      if (timer.kind === 'quarantine_end') await releaseNumber(context, timer);
      else await fireCaseTimer(context, timer);
      fired++;
    } catch (error) {
      // One timer that cannot fire (an outside system down, say) must not hold up the others;
      // it stays due and is tried again on the next sweep.
      context.logger.error({ err: error, timerId: timer.id, kind: timer.kind }, 'timer could not fire');
    }
  }
  return fired;
}
