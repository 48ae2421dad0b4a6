import type { Db, Tx } from '../database.js';

/**
 * The steps of a case's execution that the outside systems confirmed (execution_steps, one per case
 * and step), each with what the system answered.
 */
export interface NewExecutionStep {
  caseId: string;
  subscriberId: string;
  step: string;
  completedAt: Date;
  result: Record<string, unknown>;
}

/** Every step of the case recorded so far, with its result. */
export async function stepsOfCase(
  db: Db | Tx,
  caseId: string,
): Promise<{ step: string; result: Record<string, unknown> }[]> {
  return db.selectFrom('execution_steps').select(['step', 'result']).where('case_id', '=', caseId).execute();
}

/** Records a confirmed step; a step recorded already (a repeated run) keeps its first result. */
export async function insertExecutionStep(db: Db | Tx, step: NewExecutionStep): Promise<void> {
  await db
    .insertInto('execution_steps')
    .values({
      case_id: step.caseId,
      subscriber_id: step.subscriberId,
      step: step.step,
      completed_at: step.completedAt,
      result: JSON.stringify(step.result),
    })
    .onConflict((conflict) => conflict.columns(['case_id', 'step']).doNothing())
    .execute();
}

/** What one step of the case recorded, if it was carried out. */
export async function findStepResult(db: Db | Tx, caseId: string, step: string) {
  return db
    .selectFrom('execution_steps')
    .select('result')
    .where('case_id', '=', caseId)
    .where('step', '=', step)
    .executeTakeFirst();
}

/** What one step of the case recorded, when it must have been carried out (NoResultError if not). */
export async function requireStepResult(db: Db | Tx, caseId: string, step: string) {
  return db
    .selectFrom('execution_steps')
    .select('result')
    .where('case_id', '=', caseId)
    .where('step', '=', step)
    .executeTakeFirstOrThrow();
}
