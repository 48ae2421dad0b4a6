import type { CaseRow } from '../db/repositories/cases.repository.js';
import { SimexitError } from '../domain/errors.js';
import type { WithdrawalReason } from '../domain/lifecycle.js';
import { insertAudit, insertCaseDocument, insertCaseMessage, lockCase } from '../db/repositories/cases.repository.js';
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

/** A file sent with an answer (a photo of an ID document, a letter): stored with the case for staff. */
export interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** The subscriber answers a request for information; the case resumes where it waited. */
export async function provideInformation(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  message: string,
  attachment: Attachment | null = null,
) {
  return inTransaction(context, async (tx) => {
    const row = await lockCase(tx, caseId);
    assertCanSee(actor, row);
    const now = context.clock.now();
    const updated = await applyCommand(context, tx, row, { type: 'provide_info' }, actor, {
      data: {
        message,
        attachment: attachment ? { filename: attachment.filename, size: attachment.content.length } : null,
      },
    });
    if (attachment) {
      await insertCaseDocument(
        tx,
        row,
        { kind: 'info_attachment', ...attachment },
        actor.kind === 'staff' ? actor.id : null,
        now,
      );
    }
    await insertCaseMessage(
      tx,
      row,
      {
        direction: 'inbound',
        authorKind: actor.kind,
        authorId: actor.id,
        body: attachment ? `${message}\n[attached: ${attachment.filename}]` : message,
      },
      now,
    );
    return updated;
  });
}

/**
 * The optional "why are you leaving?" answer, given after submitting. It is only recorded (and
 * audited): it never changes the case, so it can neither block nor delay the cancellation.
 */
export async function recordLeavingReason(context: ServiceContext, actor: Actor, caseId: string, reason: string) {
  await inTransaction(context, async (tx) => {
    const row = await lockCase(tx, caseId);
    assertCanSee(actor, row);
    await tx.updateTable('cases').set({ leaving_reason: reason }).where('id', '=', caseId).execute();
    await insertAudit(tx, {
      subscriberId: row.subscriber_id,
      actorKind: actor.kind,
      actorId: actor.id,
      action: 'case.leaving_reason',
      target: `case:${caseId}`,
      data: { reason },
      at: context.clock.now(),
    });
  });
}

/**
 * Staff write on a case: a message the holder reads in the portal's communication log (and that is
 * part of the record), or an internal note only staff see. Neither changes the case's state.
 */
export async function addCaseNote(
  context: ServiceContext,
  actor: Extract<Actor, { kind: 'staff' }>,
  caseId: string,
  input: { body: string; internal: boolean },
) {
  await inTransaction(context, async (tx) => {
    const row = await lockCase(tx, caseId);
    assertCanSee(actor, row);
    const now = context.clock.now();
    await insertCaseMessage(
      tx,
      row,
      { direction: 'outbound', authorKind: 'staff', authorId: actor.id, body: input.body, internal: input.internal },
      now,
    );
    await insertAudit(tx, {
      subscriberId: row.subscriber_id,
      actorKind: 'staff',
      actorId: actor.id,
      action: input.internal ? 'case.note_added' : 'case.message_sent',
      target: `case:${caseId}`,
      data: { length: input.body.length },
      at: now,
    });
  });
}
