import { sql } from 'kysely';
import { SimexitError } from '../domain/errors.js';
import { parseIccid } from '../domain/identifiers.js';
import type { RejectionReason } from '../domain/lifecycle.js';
import { roleMay } from '../domain/permissions.js';
import { applyCommand, lockCaseOrFail } from './case-transitions.js';
import { inTransaction, type Actor, type ServiceContext } from './context.js';

type StaffActor = Extract<Actor, { kind: 'staff' }>;

export interface QueueFilter {
  market?: string | undefined;
  channel?: string | undefined;
  limit: number;
}

/** Cases waiting for a person, the nearest review deadline first. */
export async function listReviewQueue(context: ServiceContext, filter: QueueFilter) {
  let query = context.db
    .selectFrom('cases')
    .leftJoin('timers', (join) =>
      join
        .onRef('timers.case_id', '=', 'cases.id')
        .on('timers.kind', '=', 'review_deadline')
        .on('timers.cancelled_at', 'is', null),
    )
    .select([
      'cases.id',
      'cases.msisdn',
      'cases.market',
      'cases.channel',
      'cases.state',
      'cases.review_route',
      'cases.risk_signals',
      'cases.approvals',
      'cases.escalated',
      'cases.received_at',
      'timers.due_at as deadline',
    ])
    .where('cases.state', '=', 'in_review');
  if (filter.market) query = query.where('cases.market', '=', filter.market);
  if (filter.channel) query = query.where('cases.channel', '=', filter.channel);
  const rows = await query
    .orderBy(sql`timers.due_at asc nulls last`)
    .orderBy('cases.received_at')
    .limit(filter.limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    msisdn: row.msisdn,
    market: row.market,
    channel: row.channel,
    reviewRoute: row.review_route,
    riskSignals: row.risk_signals,
    approvals: row.approvals.length,
    escalated: row.escalated,
    receivedAt: new Date(row.received_at).toISOString(),
    deadline: row.deadline ? new Date(row.deadline).toISOString() : null,
  }));
}

/**
 * Approves a case under review. Where policy wants a second approver (risk route
 * `second_approver`), the second approval must come from a different person with the supervisor role.
 */
export async function approveCase(context: ServiceContext, actor: StaffActor, caseId: string, note: string | null) {
  return inTransaction(context, async (tx) => {
    const row = await lockCaseOrFail(tx, caseId);
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
    await tx
      .insertInto('case_messages')
      .values({
        id: crypto.randomUUID(),
        case_id: caseId,
        subscriber_id: row.subscriber_id,
        direction: 'outbound',
        author_kind: 'staff',
        author_id: actor.id,
        body: message,
        created_at: context.clock.now(),
      })
      .execute();
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
