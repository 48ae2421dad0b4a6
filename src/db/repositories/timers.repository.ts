import type { TimerKind } from '../../domain/lifecycle.js';
import type { Db, Tx } from '../database.js';

/** A case's timers (timers): stored instants the scheduler fires when they come due. */
export interface DueTimer {
  id: string;
  case_id: string;
  kind: string;
}

/** Up to `limit` timers due by `now`, neither fired nor cancelled, oldest first. */
export async function dueTimers(db: Db | Tx, now: Date, limit: number): Promise<DueTimer[]> {
  return db
    .selectFrom('timers')
    .select(['id', 'case_id', 'kind'])
    .where('fired_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(limit)
    .execute();
}

/**
 * Marks the timer fired if it is still pending; the guard makes it a claim, so of several schedulers
 * only one fires it.
 * @returns false when another scheduler got there first (or the timer was cancelled).
 */
export async function claimTimer(tx: Tx, id: string, now: Date): Promise<boolean> {
  const claimed = await tx
    .updateTable('timers')
    .set({ fired_at: now })
    .where('id', '=', id)
    .where('fired_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return claimed !== undefined;
}

/** When the case's timer of `kind` is due; the timer must exist (NoResultError if not). */
export async function timerDueAt(db: Db | Tx, caseId: string, kind: TimerKind): Promise<{ due_at: Date }> {
  return db
    .selectFrom('timers')
    .select('due_at')
    .where('case_id', '=', caseId)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
}
