import type { Insertable } from 'kysely';
import type { Db, Tx } from '../db/database.js';
import { jobRowFor } from '../db/repositories/jobs.repository.js';
import type { IdempotencyKeysTable } from '../db/schema.js';
import {
  caseColumn,
  caseSnapshot,
  lockCase,
  type AuditInput,
  type CaseHistory,
  type CaseRow,
  type EventInput,
  type NewCase,
  type OutboxRowInput,
  writeCaseChanges,
  type TimerInput,
} from '../db/repositories/cases.repository.js';
import { recipientsOf } from '../domain/contacts.js';
import { SimexitError } from '../domain/errors.js';
import type { Channel } from '../domain/evidence.js';
import { decide, type CaseCommand, type NotificationTemplate } from '../domain/lifecycle.js';
import type { QueueName } from '../jobs/retry-policy.js';
import type { Actor, ServiceContext } from './context.js';
import {
  deliveryJobsFor,
  notificationMessages,
  outboxRowsFor,
  rowsWritten,
  type OutboxInput,
} from './notifications.service.js';
import { policyForCase } from './policies.service.js';

export interface CommandOptions {
  channel?: Channel | null;
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
  const writes = new CaseWrites(context, tx);
  await writes.apply(row, command, actor, options);
  return (await writes.flush()).get(row.id)!;
}

/** The columns a transition writes besides those of its `extra`. */
const snapshotColumns = [
  'state',
  'resume_state',
  'review_route',
  'approvals',
  'escalated',
  'escalations',
  'review_due_at',
  'review_remaining_ms',
  'version',
  'updated_at',
] as const satisfies readonly (keyof CaseRow)[];

const jsonColumns: ReadonlySet<string> = new Set<keyof CaseRow>(['approvals', 'risk_signals', 'decisions', 'contacts']);

/**
 * Lifecycle commands applied to one or many cases, written together by `flush` in one statement
 * whatever the number of cases and commands: the cases (each once, in its last state), their
 * events (in order), audit entries, timers, outbox messages, idempotency keys and next jobs. Each command sees the case as the commands before it left it, exactly as
 * if each had been written at once; the rows stay locked by the caller until the commit.
 */
export class CaseWrites {
  private readonly rows = new Map<string, CaseRow>();
  private readonly created = new Set<string>();
  private readonly columns = new Set<keyof CaseRow>(snapshotColumns);
  private readonly events: EventInput[] = [];
  private readonly audits: AuditInput[] = [];
  private timers: TimerInput[] = [];
  private readonly cancelledTimers = new Set<string>();
  private readonly notices: {
    row: CaseRow;
    template: NotificationTemplate;
    data: Record<string, unknown>;
    channels: readonly ('sms' | 'email')[];
  }[] = [];
  private readonly jobs: { name: QueueName; payload: { id: string } }[] = [];
  private readonly idempotencyKeys: Insertable<IdempotencyKeysTable>[] = [];
  private outboxWritten: OutboxRowInput[] = [];

  constructor(
    private readonly context: ServiceContext,
    /** The transaction, or the pool for writes that are one statement on their own (see `flush`). */
    private readonly tx: Db | Tx,
  ) {}

  /** A new case, written by `flush` as it stands after the commands applied to it. */
  create(row: CaseRow): void {
    this.rows.set(row.id, row);
    this.created.add(row.id);
  }

  /** Decides `command` for the case as it now stands (`row`) and returns the case after it. */
  async apply(row: CaseRow, command: CaseCommand, actor: Actor, options: CommandOptions = {}): Promise<CaseRow> {
    const now = this.context.clock.now();
    const policy = await policyForCase(this.context, row, this.tx);
    const decision = decide(caseSnapshot(row), command, { now, policy });
    const snapshot = { ...caseSnapshot(row), ...decision.patch, state: decision.to };
    const extra = Object.fromEntries(
      Object.entries(options.extra ?? {}).map(([column, value]) => [
        column,
        jsonColumns.has(column) && typeof value === 'string' ? JSON.parse(value) : value,
      ]),
    );
    for (const column of Object.keys(extra)) this.columns.add(caseColumn(column));
    const next: CaseRow = {
      ...row,
      ...extra,
      state: snapshot.state,
      resume_state: snapshot.resumeState,
      review_route: snapshot.reviewRoute,
      approvals: snapshot.approvals,
      escalated: snapshot.escalated,
      escalations: snapshot.escalations,
      review_due_at: snapshot.reviewDueAt,
      review_remaining_ms: snapshot.reviewRemainingMs,
      version: row.version + 1,
      updated_at: now,
    };
    this.rows.set(row.id, next);

    const reason = options.reason ?? ('reason' in command ? String(command.reason) : null);
    this.events.push({
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
    this.audit({
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
          this.timers.push({
            caseId: row.id,
            subscriberId: row.subscriber_id,
            kind: effect.timer,
            dueAt: effect.dueAt,
          });
          break;
        case 'cancel_timers':
          // Timers this transaction would have written are cancelled by not writing them.
          this.timers = this.timers.filter((timer) => timer.caseId !== row.id);
          this.cancelledTimers.add(row.id);
          break;
        case 'notify':
          // Every contact of the case (domain/contacts.ts `recipientsOf`): the line and the account's
          // other verified numbers by SMS, the account's e-mail and any requested extra address;
          // `channels` without `sms` leaves out only the line itself (barred or closed).
          this.notices.push({
            row: next,
            template: effect.template,
            data: { reason, ...options.data },
            channels: effect.channels ?? ['sms', 'email'],
          });
          break;
        case 'start_assessment':
          this.jobs.push({ name: 'case.assess', payload: { id: row.id } });
          break;
        case 'start_execution':
          this.jobs.push({ name: 'execution.run', payload: { id: row.id } });
          break;
        case 'escalate':
          this.audit({
            subscriberId: row.subscriber_id,
            actorKind: 'system',
            actorId: 'lifecycle',
            action: effect.level !== undefined && effect.level > 1 ? 'case.reescalated' : 'case.escalated',
            target: `case:${row.id}`,
            data: { state: decision.to, ...(effect.level !== undefined ? { level: effect.level } : {}) },
            at: now,
          });
          break;
      }
    }
    return next;
  }

  /**
   * Records that these writes answer an Idempotency-Key, with them: a key used already fails
   * `flush` with a unique violation, as the open-case index does for a second case of a line.
   */
  answerIdempotencyKey(key: Insertable<IdempotencyKeysTable>): void {
    this.idempotencyKeys.push(key);
  }

  /** An audit entry written with the commands, after those applied so far. */
  audit(entry: AuditInput): void {
    this.audits.push(entry);
  }

  /** Writes everything applied so far, in one statement; answers each case as stored, by id. */
  async flush(): Promise<Map<string, CaseRow>> {
    const { context, tx } = this;
    const rows = [...this.rows.values()];
    const messages: OutboxInput[] = [];
    for (const notice of this.notices) {
      messages.push(
        ...(await notificationMessages(
          context,
          tx,
          notice.row,
          notice.template,
          recipientsOf(notice.row.contacts, notice.channels),
          // A case's version names the event that brought it there: one message per event and recipient.
          `event:${notice.row.id}:${notice.row.version}`,
          notice.data,
        )),
      );
    }
    const outbox = outboxRowsFor(context, messages);
    const written = await writeCaseChanges(tx, {
      created: rows.filter((row) => this.created.has(row.id)),
      saved: rows.filter((row) => !this.created.has(row.id)),
      savedColumns: [...this.columns],
      events: this.events,
      audits: this.audits,
      cancelTimersOf: [...this.cancelledTimers],
      timers: this.timers,
      outbox,
      jobs: [
        ...this.jobs.map(({ name, payload }) => ({ ...jobRowFor(name, payload), outboxId: null })),
        ...deliveryJobsFor(outbox).map(({ name, payload }) => ({ ...jobRowFor(name, payload), outboxId: payload.id })),
      ],
      idempotencyKeys: this.idempotencyKeys,
      now: context.clock.now(),
    });
    this.outboxWritten = rowsWritten(outbox, written.outboxWritten);
    return new Map(written.cases.map((row) => [row.id, row]));
  }

  /**
   * The whole history of a case this transaction created, from what `flush` wrote (its events, its
   * messages, its timers; nothing else can exist yet), in the shape `findCaseWithHistory` reads, so
   * the answer to a submission needs no read of its own. Null for a case that existed before.
   */
  historyOf(caseId: string): CaseHistory | null {
    if (!this.created.has(caseId)) return null;
    return {
      events: this.events
        .filter((event) => event.caseId === caseId)
        .map((event) => ({
          type: event.type,
          from_state: event.from,
          to_state: event.to,
          at: event.at.toISOString(),
          actor_kind: event.actorKind,
          actor_id: event.actorId,
          // Names are read with the case; the answer to a filing names no one.
          actor_name: null,
          channel: event.channel ?? null,
          reason: event.reason ?? null,
        })),
      outbound: this.outboxWritten
        .filter((message) => message.case_id === caseId)
        .map((message) => ({
          template: message.template,
          channel: message.channel,
          recipient: message.recipient,
          subject: message.subject,
          body: message.body,
          created_at: message.created_at.toISOString(),
          delivered_at: null,
          failed_at: null,
          receipt_status: null,
        })),
      messages: [],
      assessment: null,
      timers: this.timers
        .filter((timer) => timer.caseId === caseId)
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())
        .map((timer) => ({ kind: timer.kind, due_at: timer.dueAt.toISOString() })),
      quarantine: null,
      steps: [],
      serviceNotices: [],
      documents: [],
    };
  }
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
