import { isDatabaseUnavailable } from '../db/database.js';
import { insertCaseMessage, setAwaitingAnswer } from '../db/repositories/cases.repository.js';
import { isSimexitError, SimexitError, type ErrorCode } from '../domain/errors.js';
import { approvalRefusal, verifierOf } from '../domain/four-eyes.js';
import { parseIccid } from '../domain/identifiers.js';
import type { RejectionReason } from '../domain/lifecycle.js';
import { roleMay } from '../domain/permissions.js';
import { applyCommand, lockCaseOrFail } from './case-transitions.js';
import { inTransaction, type Actor, type ServiceContext } from './context.js';

type StaffActor = Extract<Actor, { kind: 'staff' }>;

/**
 * Approves a case under review. Where policy wants a second approver (risk route
 * `second_approver`), the second approval must come from a different person with the supervisor role.
 * Four eyes (domain/four-eyes.ts): nobody approves a case they filed or whose holder they verified,
 * and nobody approves the same case twice.
 */
export async function approveCase(context: ServiceContext, actor: StaffActor, caseId: string, note: string | null) {
  return inTransaction(context, async (tx) => {
    const row = await lockCaseOrFail(tx, caseId);
    const refusal =
      row.state === 'in_review'
        ? approvalRefusal(
            { filedBy: row.filed_by, verifiedBy: verifierOf(row.verification), approvals: row.approvals },
            actor.id,
          )
        : null;
    if (refusal) throw new SimexitError(refusal.code, refusal.message, { approvals: row.approvals });
    if (
      row.review_route === 'second_approver' &&
      row.approvals.length === 1 &&
      !roleMay(actor.role, 'review.second_approval')
    ) {
      throw new SimexitError('SECOND_APPROVER_REQUIRED', 'This case needs its second approval from a supervisor.', {
        approvals: row.approvals.length,
      });
    }
    return applyCommand(context, tx, row, { type: 'approve', staffId: actor.id }, actor, {
      data: note ? { note } : {},
    });
  });
}

export async function rejectCase(
  context: ServiceContext,
  actor: StaffActor,
  caseId: string,
  reason: RejectionReason,
  note: string | null,
) {
  return inTransaction(context, async (tx) => {
    const row = await lockCaseOrFail(tx, caseId);
    return applyCommand(context, tx, row, { type: 'reject', reason }, actor, {
      extra: { reason_code: reason },
      data: note ? { note } : {},
    });
  });
}

export async function requestInformation(context: ServiceContext, actor: StaffActor, caseId: string, message: string) {
  return inTransaction(context, async (tx) => {
    const row = await lockCaseOrFail(tx, caseId);
    const updated = await applyCommand(context, tx, row, { type: 'request_info', message }, actor, {
      data: { message },
    });
    await insertCaseMessage(
      tx,
      row,
      { direction: 'outbound', authorKind: 'staff', authorId: actor.id, body: message },
      context.clock.now(),
    );
    // The question is also an answer to anything the holder wrote before.
    await setAwaitingAnswer(tx, caseId, null);
    return updated;
  });
}

/** Records the physical card's arrival; its ICCID must be the case's card. */
export async function recordCardReturn(context: ServiceContext, actor: StaffActor, caseId: string, iccidInput: string) {
  const iccid = parseIccid(iccidInput);
  return inTransaction(context, async (tx) => {
    const row = await lockCaseOrFail(tx, caseId);
    if (row.iccid !== iccid) {
      throw new SimexitError(
        'ICCID_MISMATCH',
        'This card does not belong to this case. Check the serial number on the card.',
        {
          expectedLast4: row.iccid.slice(-4),
        },
      );
    }
    return applyCommand(context, tx, row, { type: 'card_received' }, actor, { data: { iccidLast4: iccid.slice(-4) } });
  });
}

export async function retryExecution(context: ServiceContext, actor: StaffActor, caseId: string) {
  return inTransaction(context, async (tx) => {
    const row = await lockCaseOrFail(tx, caseId);
    return applyCommand(context, tx, row, { type: 'retry_execution' }, actor);
  });
}

export type BulkDecision =
  { action: 'approve'; note: string | null } | { action: 'reject'; reason: RejectionReason; note: string | null };

export type BulkResult =
  | { caseId: string; ok: true; state: string }
  | { caseId: string; ok: false; error: { code: ErrorCode; message: string } };

/**
 * A supervisor decides many cases at once. Each case goes through the same service as a single
 * decision, in its own transaction, so every rule still holds per case (second approver, same
 * approver, legal transitions) and one case that cannot be decided neither blocks nor undoes the
 * others. Cases are decided one after another, in the order given, which also keeps PGlite's single
 * connection free between them.
 *
 * A refusal is reported on its case. An unexpected error is a bug: it is logged and reported on its
 * case as `INTERNAL` rather than failing the whole request, because the cases before it are already
 * decided and the caller must learn which.
 */
export async function decideInBulk(
  context: ServiceContext,
  actor: StaffActor,
  caseIds: readonly string[],
  decision: BulkDecision,
): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const caseId of caseIds) {
    try {
      const row =
        decision.action === 'approve'
          ? await approveCase(context, actor, caseId, decision.note)
          : await rejectCase(context, actor, caseId, decision.reason, decision.note);
      results.push({ caseId, ok: true, state: row.state });
    } catch (error) {
      if (isSimexitError(error)) {
        results.push({ caseId, ok: false, error: { code: error.code, message: error.message } });
      } else if (isDatabaseUnavailable(error)) {
        results.push({
          caseId,
          ok: false,
          error: { code: 'SERVICE_UNAVAILABLE', message: 'The database was briefly unavailable; decide again.' },
        });
      } else {
        context.logger.error({ err: error, caseId, action: decision.action }, 'bulk decision failed');
        results.push({
          caseId,
          ok: false,
          error: { code: 'INTERNAL', message: 'This case could not be decided because of an internal error.' },
        });
      }
    }
  }
  return results;
}
