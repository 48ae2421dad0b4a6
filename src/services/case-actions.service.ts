import type { CaseRow } from '../db/repositories/cases.repository.js';
import { SimexitError } from '../domain/errors.js';
import { isOpen, type CaseState, type WithdrawalReason } from '../domain/lifecycle.js';
import {
  insertAudit,
  insertCaseDocument,
  insertCaseMessage,
  lockCase,
  setAwaitingAnswer,
  setLeavingReason,
} from '../db/repositories/cases.repository.js';
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

/**
 * The holder writes on an open case, with a file if they like: a question, a document, or chasing a
 * review that is taking long. A case waiting on them (`needs_info`) takes it as their answer and
 * resumes where it waited; any other open case keeps its state, and is marked as waiting for an
 * answer from staff (the review queue lists it so) until a member of staff writes back. An ended case
 * takes nothing more (CASE_CLOSED): the holder files a new request instead.
 */
export async function writeToCase(
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
    const state = row.state as CaseState;
    if (!isOpen(state)) {
      throw new SimexitError(
        'CASE_CLOSED',
        `This case has ended (${state}), so nothing more can be added to it. To ask about it, contact us through an official channel; to cancel again, start a new request.`,
        { state },
      );
    }
    const attached = attachment ? { filename: attachment.filename, size: attachment.content.length } : null;
    const answersRequest = state === 'needs_info';
    const updated = answersRequest
      ? await applyCommand(context, tx, row, { type: 'provide_info' }, actor, {
          data: { message, attachment: attached },
        })
      : row;
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
    if (!answersRequest) {
      await setAwaitingAnswer(tx, caseId, now);
      await insertAudit(tx, {
        subscriberId: row.subscriber_id,
        actorKind: actor.kind,
        actorId: actor.id,
        action: 'case.holder_wrote',
        target: `case:${caseId}`,
        data: {
          state,
          length: message.length,
          attachment: attached,
          // Chasing a late review: written once the review deadline had passed.
          reviewOverdue: state === 'in_review' && row.review_due_at !== null && new Date(row.review_due_at) <= now,
        },
        at: now,
      });
    }
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
    await setLeavingReason(tx, caseId, reason);
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
    // A message to the holder answers whatever they wrote; an internal note does not.
    if (!input.internal) await setAwaitingAnswer(tx, caseId, null);
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
