import type { Tx } from '../db/database.js';
import {
  cancelTimers,
  caseSnapshot,
  insertAudit,
  insertEvent,
  lockCase,
  saveSnapshot,
  scheduleTimer,
  type CaseRow,
  type NewCase,
} from '../db/repositories/cases.repository.js';
import { recipientsOf } from '../domain/contacts.js';
import { SimexitError } from '../domain/errors.js';
import { decide, type CaseCommand, type NotificationTemplate } from '../domain/lifecycle.js';
import type { Actor, ServiceContext } from './context.js';
import { queueNotification } from './notifications.service.js';
import { policyForCase } from './policies.service.js';

export interface CommandOptions {
  channel?: string | null;
  reason?: string | null;
  /** Extra facts for the event (shown on the timeline) and the notification. */
  data?: Record<string, unknown>;
  /** Columns to update with the transition (e.g. reason_code). */
  extra?: Partial<NewCase>;
}

/**
 * Applies one lifecycle command inside `tx`: the domain decides, then the case row, its event,
 * its audit entry, its timers, its outbox messages and its next jobs are written together.
 */
export async function applyCommand(
  context: ServiceContext,
  tx: Tx,
  row: CaseRow,
  command: CaseCommand,
  actor: Actor,
  options: CommandOptions = {},
): Promise<CaseRow> {
  const now = context.clock.now();
  const policy = await policyForCase(context, row, tx);
  const decision = decide(caseSnapshot(row), command, { now, policy });
  const next = { ...caseSnapshot(row), ...decision.patch, state: decision.to };
  const updated = await saveSnapshot(tx, row, next, options.extra ?? {}, now);
  const reason = options.reason ?? ('reason' in command ? String(command.reason) : null);
  const eventId = await insertEvent(tx, {
    caseId: row.id,
    subscriberId: row.subscriber_id,
    type: command.type,
    from: decision.from,
    to: decision.to,
    actorKind: actor.kind,
    actorId: actor.id,
    channel: options.channel ?? null,
    reason,
    data: options.data ?? {},
    at: now,
  });
  await insertAudit(tx, {
    subscriberId: row.subscriber_id,
    actorKind: actor.kind,
    actorId: actor.id,
    action: `case.${command.type}`,
    target: `case:${row.id}`,
    data: { from: decision.from, to: decision.to, reason },
    at: now,
  });
  for (const effect of decision.effects) {
    switch (effect.type) {
      case 'schedule_timer':
        await scheduleTimer(tx, updated, effect.timer, effect.dueAt);
        break;
      case 'cancel_timers':
        await cancelTimers(tx, row.id, now);
        break;
      case 'notify':
        await notifyHolder(
          context,
          tx,
          updated,
          effect.template,
          eventId,
          { reason, ...options.data },
          effect.channels,
        );
        break;
      case 'start_assessment':
        await context.queue.enqueue(tx, 'case.assess', { id: row.id });
        break;
      case 'start_execution':
        await context.queue.enqueue(tx, 'execution.run', { id: row.id });
        break;
      case 'escalate':
        await insertAudit(tx, {
          subscriberId: row.subscriber_id,
          actorKind: 'system',
          actorId: 'lifecycle',
          action: 'case.escalated',
          target: `case:${row.id}`,
          data: { state: decision.to },
          at: now,
        });
        break;
    }
  }
  return updated;
}

/**
 * Sends the template to every contact of the case (domain/contacts.ts `recipientsOf`): the line and the
 * account's other verified numbers by SMS, the account's e-mail and any requested extra address.
 * `channels` without `sms` leaves out only the line itself (barred or closed).
 */
async function notifyHolder(
  context: ServiceContext,
  tx: Tx,
  row: CaseRow,
  template: NotificationTemplate,
  eventId: string,
  data: Record<string, unknown>,
  channels: readonly ('sms' | 'email')[] = ['sms', 'email'],
): Promise<void> {
  await queueNotification(context, tx, row, template, recipientsOf(row.contacts, channels), `event:${eventId}`, data);
}

/**
 * Loads a case with a lock and applies `command` if it still makes sense. Returns null when the
 * case is gone or `expectState` no longer holds (another actor moved it first): background work
 * that raced a person simply stops.
 */
export async function applyIfInState(
  context: ServiceContext,
  tx: Tx,
  caseId: string,
  expectState: string,
  command: CaseCommand,
  actor: Actor,
  options?: CommandOptions,
): Promise<CaseRow | null> {
  const row = await lockCase(tx, caseId);
  if (!row || row.state !== expectState) return null;
  return applyCommand(context, tx, row, command, actor, options);
}

/** Loads and locks a case or fails with CASE_NOT_FOUND. */
export async function lockCaseOrFail(tx: Tx, caseId: string): Promise<CaseRow> {
  const row = await lockCase(tx, caseId);
  if (!row) throw new SimexitError('CASE_NOT_FOUND', 'There is no case with this id.', { caseId });
  return row;
}
