import type { CaseRow } from '../db/repositories/cases.repository.js';
import { SimexitError } from '../domain/errors.js';
import type { WithdrawalReason } from '../domain/lifecycle.js';
import { lockCase } from '../db/repositories/cases.repository.js';
import { applyCommand } from './case-transitions.js';
import { inTransaction, type Actor, type ServiceContext } from './context.js';

/**
 * A subscriber may see a case of their own account; a line-scoped session only that line's cases.
 * Anything else is reported as not found, so case ids reveal nothing.
 */
export function assertCanSee(actor: Actor, row: CaseRow | undefined): asserts row is CaseRow {
  const visible =
    row !== undefined &&
    (actor.kind !== 'subscriber' ||
      (row.subscriber_id === actor.id && (actor.scope === null || actor.scope.includes(row.msisdn))));
  if (!visible) throw new SimexitError('CASE_NOT_FOUND', 'There is no case with this id on your account.');
}

/** The holder stops the case, by choice or because they did not ask for it ("not you? stop it"). */
export async function withdrawCase(context: ServiceContext, actor: Actor, caseId: string, reason: WithdrawalReason) {
  return inTransaction(context, async (tx) => {
    const row = await lockCase(tx, caseId);
    assertCanSee(actor, row);
    return applyCommand(context, tx, row, { type: 'withdraw', reason }, actor, { reason });
  });
}

/** The subscriber answers a request for information; the case resumes where it waited. */
export async function provideInformation(context: ServiceContext, actor: Actor, caseId: string, message: string) {
  return inTransaction(context, async (tx) => {
    const row = await lockCase(tx, caseId);
    assertCanSee(actor, row);
    const updated = await applyCommand(context, tx, row, { type: 'provide_info' }, actor, { data: { message } });
    await tx
      .insertInto('case_messages')
      .values({
        id: crypto.randomUUID(),
        case_id: caseId,
        subscriber_id: row.subscriber_id,
        direction: 'inbound',
        author_kind: actor.kind,
        author_id: actor.id,
        body: message,
        created_at: context.clock.now(),
      })
      .execute();
    return updated;
  });
}
