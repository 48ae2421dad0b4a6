import { createHash } from 'node:crypto';
import { sql, type Insertable, type Selectable } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { terminalStates, type CaseSnapshot, type CaseState, type ReviewRoute } from '../../domain/lifecycle.js';
import type { MessageLanguage } from '../../domain/message-formats.js';
import type { Market, RiskSignal } from '../../domain/policy/types.js';
import type { WorkList } from '../../domain/work-lists.js';
import { prepared, type Db, type Tx } from '../database.js';
import type { CasesTable, IdempotencyKeysTable, OutboxMessagesTable } from '../schema.js';
import { insertJobRows, type JobRowInput } from './jobs.repository.js';

export type CaseRow = Selectable<CasesTable>;
export type NewCase = Insertable<CasesTable>;

export function caseSnapshot(row: CaseRow): CaseSnapshot {
  return {
    state: row.state as CaseState,
    resumeState: row.resume_state as CaseState | null,
    reviewRoute: row.review_route as ReviewRoute | null,
    approvals: row.approvals,
    cardReturnRequired: row.card_return_required,
    lineEndsOn: String(row.line_ends_on),
    escalated: row.escalated,
    escalations: row.escalations,
    reviewDueAt: row.review_due_at === null ? null : new Date(row.review_due_at),
    reviewRemainingMs: row.review_remaining_ms === null ? null : Number(row.review_remaining_ms),
  };
}

export async function findCase(db: Db | Tx, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** How many cases are in each state (states with none are left out). */
export async function countCasesByState(db: Db | Tx): Promise<{ state: string; n: number }[]> {
  return db
    .selectFrom('cases')
    .select(['state', sql<number>`count(*)::int`.as('n')])
    .groupBy('state')
    .execute();
}

/**
 * A case with everything its timeline and communication log show, in one statement (the related
 * rows as JSON, so their instants arrive as ISO strings). Staff-only rows (internal notes,
 * documents) only with `staff`.
 */
export async function findCaseWithHistory(db: Db | Tx, id: string, options: { staff: boolean }) {
  return db
    .selectFrom('cases')
    .selectAll('cases')
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('case_events')
          .select((events) => [
            'type',
            'from_state',
            'to_state',
            'at',
            'actor_kind',
            'actor_id',
            'channel',
            'reason',
            // Who acted, by name, for staff (an approver, say); actor ids are text, staff ids uuids.
            events
              .selectFrom('staff_users')
              .select('staff_users.name')
              .where(sql<string>`staff_users.id::text`, '=', events.ref('case_events.actor_id'))
              .where('case_events.actor_kind', '=', 'staff')
              .where(events.lit(options.staff), '=', true)
              .as('actor_name'),
          ])
          .whereRef('case_events.case_id', '=', 'cases.id')
          .orderBy('case_events.id'),
      ).as('events'),
      // The latest risk assessment (its signals' evidence and review reasons), for staff.
      jsonObjectFrom(
        eb
          .selectFrom('case_events')
          .select(['data', 'at'])
          .whereRef('case_events.case_id', '=', 'cases.id')
          .where('case_events.type', '=', 'eligibility_passed')
          .where(eb.lit(options.staff), '=', true)
          .orderBy('case_events.id', 'desc')
          .limit(1),
      ).as('assessment'),
      jsonArrayFrom(
        eb
          .selectFrom('outbox_messages')
          .select([
            'template',
            'channel',
            'recipient',
            'subject',
            'body',
            'created_at',
            'delivered_at',
            'failed_at',
            'receipt_status',
          ])
          .whereRef('outbox_messages.case_id', '=', 'cases.id')
          .orderBy('outbox_messages.created_at'),
      ).as('outbound'),
      jsonArrayFrom(
        eb
          .selectFrom('case_messages')
          .select(['direction', 'internal', 'body', 'created_at'])
          .whereRef('case_messages.case_id', '=', 'cases.id')
          .$if(!options.staff, (query) => query.where('case_messages.internal', '=', false))
          .orderBy('case_messages.created_at'),
      ).as('messages'),
      jsonArrayFrom(
        eb
          .selectFrom('timers')
          .select(['kind', 'due_at'])
          .whereRef('timers.case_id', '=', 'cases.id')
          .where('timers.fired_at', 'is', null)
          .where('timers.cancelled_at', 'is', null)
          .orderBy('timers.due_at'),
      ).as('timers'),
      jsonObjectFrom(
        eb
          .selectFrom('number_quarantines')
          .select(['quarantined_at', 'release_at', 'released_at'])
          .whereRef('number_quarantines.case_id', '=', 'cases.id'),
      ).as('quarantine'),
      jsonArrayFrom(
        eb
          .selectFrom('execution_steps')
          .select(['step', 'completed_at', 'result'])
          .whereRef('execution_steps.case_id', '=', 'cases.id'),
      ).as('steps'),
      // Each bound service as it was told (migration 0030); the last error only for staff.
      jsonArrayFrom(
        eb
          .selectFrom('bound_service_notices')
          .select((notices) => [
            'service_id',
            'service_kind',
            'service_name',
            'status',
            'channel',
            'recipient',
            'attempts',
            'first_attempt_at',
            'last_attempt_at',
            'told_at',
            'acknowledgement',
            options.staff
              ? notices.ref('last_error').as('last_error')
              : sql<string | null>`null::text`.as('last_error'),
          ])
          .whereRef('bound_service_notices.case_id', '=', 'cases.id')
          .orderBy('bound_service_notices.first_attempt_at')
          .orderBy('bound_service_notices.service_id'),
      ).as('serviceNotices'),
      jsonArrayFrom(
        eb
          .selectFrom('case_documents')
          .select(['id', 'kind', 'filename', 'content_type', 'size', 'sha256', 'created_at'])
          .whereRef('case_documents.case_id', '=', 'cases.id')
          .$if(!options.staff, (query) => query.where(eb.lit(false))),
      ).as('documents'),
    ])
    .where('cases.id', '=', id)
    .executeTakeFirst();
}

/** What `findCaseWithHistory` reads besides the case row: timeline, messages, timers, steps, documents. */
export type CaseHistory = Omit<NonNullable<Awaited<ReturnType<typeof findCaseWithHistory>>>, keyof CaseRow>;

/** The cases with these ids (any missing are left out), in no particular order. */
export async function findCases(db: Db | Tx, ids: readonly string[]): Promise<CaseRow[]> {
  return db.selectFrom('cases').selectAll().where('id', 'in', ids).execute();
}

/** The line's open case (not completed, rejected or withdrawn), if it has one. */
export async function findOpenCaseOfLine(db: Db | Tx, msisdn: string) {
  return db
    .selectFrom('cases')
    .select(['id', 'state', 'subscriber_id'])
    .where('msisdn', '=', msisdn)
    .where('state', 'not in', terminalStates)
    .executeTakeFirst();
}

/** The open cases of these lines. */
export async function openCasesOfLines(db: Db | Tx, msisdns: readonly string[]) {
  return db
    .selectFrom('cases')
    .select(['id', 'msisdn', 'state'])
    .where('msisdn', 'in', msisdns)
    .where('state', 'not in', terminalStates)
    .execute();
}

/** A holder's latest 100 cases, newest first, on the lines of `msisdns` only unless it is null. */
export async function listCasesOfSubscriber(db: Db | Tx, subscriberId: string, msisdns: readonly string[] | null) {
  let query = db
    .selectFrom('cases')
    .select(['id', 'msisdn', 'state', 'received_at', 'line_ends_on'])
    .where('subscriber_id', '=', subscriberId);
  if (msisdns !== null) query = query.where('msisdn', 'in', msisdns);
  return query.orderBy('received_at', 'desc').limit(100).execute();
}

/**
 * The cases of a console work list, with their card-return deadline and the reason on their latest
 * event; `card_returns` also holds those rejected since `rejectedSince` because the card never came.
 * By deadline (none last), then least recently updated.
 */
export async function listWorkCases(db: Db | Tx, list: WorkList, options: { rejectedSince: Date; limit: number }) {
  let query = db
    .selectFrom('cases')
    .leftJoin('timers', (join) =>
      join
        .onRef('timers.case_id', '=', 'cases.id')
        .on('timers.kind', '=', 'card_return_deadline')
        .on('timers.cancelled_at', 'is', null),
    )
    .select([
      'cases.id',
      'cases.msisdn',
      'cases.iccid',
      'cases.market',
      'cases.channel',
      'cases.state',
      'cases.waiting_on',
      'cases.reason_code',
      'cases.received_at',
      'cases.updated_at',
      'timers.due_at as deadline',
      // Why it is stuck: the reason on its latest event (e.g. what the network answered).
      (eb) =>
        eb
          .selectFrom('case_events')
          .select('case_events.reason')
          .whereRef('case_events.case_id', '=', 'cases.id')
          .orderBy('case_events.id', 'desc')
          .limit(1)
          .as('last_reason'),
    ]);
  if (list === 'failed') query = query.where('cases.state', '=', 'failed');
  else if (list === 'waiting')
    query = query.where('cases.state', '=', 'executing').where('cases.waiting_on', 'is not', null);
  else
    query = query.where((eb) =>
      eb.or([
        eb('cases.state', '=', 'awaiting_card_return'),
        eb.and([
          eb('cases.state', '=', 'rejected'),
          eb('cases.reason_code', '=', 'card_not_returned'),
          eb('cases.updated_at', '>', options.rejectedSince),
        ]),
      ]),
    );
  return query
    .orderBy(sql`timers.due_at asc nulls last`)
    .orderBy('cases.updated_at')
    .limit(options.limit)
    .execute();
}

/** A review-queue group: 0 running (`in_review`), 1 paused (`needs_info`), 2 to answer (outside review). */
export type ReviewQueueGroup = 0 | 1 | 2;

/** What the review queue may be narrowed to. */
export interface ReviewQueueNarrowing {
  market?: Market | undefined;
  channel?: string | undefined;
  riskSignal?: RiskSignal | undefined;
  escalated?: boolean | undefined;
}

/**
 * Up to `limit` cases of one review-queue group in its order (its sort key, then `received_at`, then
 * `id`), after the position `after` in it when given (keyset paging: the key is the deadline's ISO
 * instant in group 0, the remaining working ms in group 1, the unanswered message's ISO instant in 2).
 */
export async function reviewQueueGroup(
  db: Db | Tx,
  group: ReviewQueueGroup,
  filter: ReviewQueueNarrowing,
  after: { key: string | number; receivedAt: string; id: string } | null,
  limit: number,
) {
  const sortKey =
    group === 0
      ? sql.ref('review_due_at')
      : group === 1
        ? sql.ref('review_remaining_ms')
        : sql.ref('awaiting_answer_since');
  let query = db
    .selectFrom('cases')
    .select([
      'id',
      'msisdn',
      'market',
      'channel',
      'state',
      'review_route',
      'risk_signals',
      'approvals',
      'escalated',
      'received_at',
      'review_due_at',
      'review_remaining_ms',
      'policy_version',
      'escalations',
      'awaiting_answer_since',
    ]);
  // The same predicates as the partial indexes of migrations 0011 and 0026, so the planner can use them.
  query =
    group === 0
      ? query.where('state', '=', 'in_review')
      : group === 1
        ? query.where('state', '=', 'needs_info').where('resume_state', '=', 'in_review')
        : query.where('awaiting_answer_since', 'is not', null).where('state', 'not in', ['in_review', 'needs_info']);
  if (filter.market) query = query.where('market', '=', filter.market);
  if (filter.channel) query = query.where('channel', '=', filter.channel);
  if (filter.escalated !== undefined) query = query.where('escalated', '=', filter.escalated);
  if (filter.riskSignal) {
    query = query.where(sql<boolean>`risk_signals @> ${JSON.stringify([filter.riskSignal])}::jsonb`);
  }
  if (after) {
    const key = group === 1 ? sql`${after.key}::bigint` : sql`${after.key}::timestamptz`;
    query = query.where(
      sql<boolean>`(${sortKey}, received_at, id) > (${key}, ${after.receivedAt}::timestamptz, ${after.id}::uuid)`,
    );
  }
  return query.orderBy(sortKey).orderBy('received_at').orderBy('id').limit(limit).execute();
}

/** Records the holder's optional answer to "why are you leaving?". */
export async function setLeavingReason(tx: Tx, caseId: string, reason: string): Promise<void> {
  await tx.updateTable('cases').set({ leaving_reason: reason }).where('id', '=', caseId).execute();
}

/** Reads a case and locks it until the transaction ends: commands on one case run one at a time. */
export async function lockCase(tx: Tx, id: string): Promise<CaseRow | undefined> {
  return tx.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Locks several cases in id order (so two batches over the same cases cannot deadlock). */
export async function lockCases(tx: Tx, ids: readonly string[]): Promise<CaseRow[]> {
  if (ids.length === 0) return [];
  return tx.selectFrom('cases').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute();
}

export interface EventInput {
  caseId: string;
  subscriberId: string;
  type: string;
  from: string | null;
  to: string;
  actorKind: string;
  actorId: string | null;
  channel?: string | null;
  reason?: string | null;
  data?: Record<string, unknown>;
  at: Date;
}

/** An event's columns in case_events (its `data` as an object). */
function eventColumns(event: EventInput) {
  return {
    case_id: event.caseId,
    subscriber_id: event.subscriberId,
    type: event.type,
    from_state: event.from,
    to_state: event.to,
    actor_kind: event.actorKind,
    actor_id: event.actorId,
    channel: event.channel ?? null,
    reason: event.reason ?? null,
    data: event.data ?? {},
    at: event.at,
  };
}

export async function insertEvent(tx: Tx, event: EventInput): Promise<string> {
  const [id] = await insertEvents(tx, [event]);
  return id!;
}

/** Inserts events in one statement; their ids come back in the order given. */
export async function insertEvents(tx: Tx, events: readonly EventInput[]): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = await tx
    .insertInto('case_events')
    .values(events.map((event) => ({ ...eventColumns(event), data: JSON.stringify(event.data ?? {}) })))
    .returning('id')
    .execute();
  return rows.map((row) => String(row.id));
}

/** When the case reached `completed`; the case must have (NoResultError if not). */
export async function caseCompletedAt(db: Db | Tx, caseId: string): Promise<{ at: Date }> {
  return db
    .selectFrom('case_events')
    .select('at')
    .where('case_id', '=', caseId)
    .where('to_state', '=', 'completed')
    .executeTakeFirstOrThrow();
}

export interface AuditInput {
  subscriberId: string | null;
  actorKind: string;
  actorId: string | null;
  action: string;
  target: string | null;
  data?: Record<string, unknown>;
  at: Date;
}

/** An audit entry's columns in audit_log (its `data` as an object). */
function auditColumns(entry: AuditInput) {
  return {
    subscriber_id: entry.subscriberId,
    actor_kind: entry.actorKind,
    actor_id: entry.actorId,
    action: entry.action,
    target: entry.target,
    data: entry.data ?? {},
    at: entry.at,
  };
}

export async function insertAudit(tx: Tx | Db, entry: AuditInput): Promise<void> {
  await insertAudits(tx, [entry]);
}

export async function insertAudits(tx: Tx | Db, entries: readonly AuditInput[]): Promise<void> {
  if (entries.length === 0) return;
  await tx
    .insertInto('audit_log')
    .values(entries.map((entry) => ({ ...auditColumns(entry), data: JSON.stringify(entry.data ?? {}) })))
    .execute();
}

export interface TimerInput {
  caseId: string;
  subscriberId: string;
  kind: string;
  dueAt: Date;
}

/** Everything a transaction writes about its cases, for `writeCaseChanges`. */
export interface CaseChanges {
  /** New cases, whole rows. */
  created: readonly CaseRow[];
  /** Existing cases, of which `savedColumns` (and `id`) are written. */
  saved: readonly CaseRow[];
  savedColumns: readonly (keyof CaseRow)[];
  events: readonly EventInput[];
  audits: readonly AuditInput[];
  /** Cases whose pending timers are cancelled (the number's quarantine outlives the case and is kept). */
  cancelTimersOf: readonly string[];
  timers: readonly TimerInput[];
  /** Outbox rows; one whose dedupe key exists already is not written again. */
  outbox: readonly OutboxRowInput[];
  /** Jobs to enqueue; one that delivers an outbox row (`outboxId`) only if that row was written. */
  jobs: readonly (JobRowInput & { outboxId: string | null })[];
  /** Idempotency keys the writes answer (a key used already fails the statement: a unique violation). */
  idempotencyKeys: readonly Insertable<IdempotencyKeysTable>[];
  now: Date;
}

/** An outbox row as a new message is written: the table's columns before any delivery attempt. */
export type OutboxRowInput = Pick<
  Selectable<OutboxMessagesTable>,
  | 'id'
  | 'subscriber_id'
  | 'case_id'
  | 'channel'
  | 'recipient'
  | 'template'
  | 'subject'
  | 'body'
  | 'dedupe_key'
  | 'created_at'
>;

/**
 * Every column of a case, by name. The case-changes statement is prepared (database.ts), and a
 * prepared statement whose output follows `*` fails once a newer release's migration adds a column
 * while processes of this one still run; named columns keep its output as this release knows it.
 */
const caseColumns = Object.keys({
  id: true,
  subscriber_id: true,
  msisdn: true,
  iccid: true,
  product_type: true,
  market: true,
  policy_version: true,
  channel: true,
  state: true,
  resume_state: true,
  review_route: true,
  approvals: true,
  card_return_required: true,
  escalated: true,
  risk_signals: true,
  decisions: true,
  checklist: true,
  verification: true,
  contacts: true,
  requested_end_date: true,
  line_ends_on: true,
  received_at: true,
  reason_code: true,
  leaving_reason: true,
  termination_kind: true,
  termination_reason: true,
  filed_by: true,
  version: true,
  created_at: true,
  updated_at: true,
  waiting_on: true,
  review_due_at: true,
  review_remaining_ms: true,
  language: true,
  awaiting_answer_since: true,
  escalations: true,
} satisfies Record<keyof CaseRow, true>);

/**
 * A case column as SQL, quoted. The statement's text is put together once per shape from these
 * strings rather than through sql.ref, which parsed every name on every state change (about 4 % of
 * an API process's CPU per submission); only `cases`' own column names are let through.
 */
function quotedColumn(column: keyof CaseRow): string {
  if (!knownCaseColumns.has(column)) throw new Error(`cases has no column ${String(column)}`);
  return `"${column}"`;
}
const knownCaseColumns = new Set<string>(caseColumns);
const columnList = (columns: readonly (keyof CaseRow)[], prefix = '') =>
  sql.raw(columns.map((column) => `${prefix}${quotedColumn(column)}`).join(', '));
const everyCaseColumn = columnList(caseColumns as (keyof CaseRow)[]);
const everyCaseColumnOfC = columnList(caseColumns as (keyof CaseRow)[], 'c.');

/**
 * Writes a transaction's cases (new ones whole, existing ones' changed columns), events (in the
 * order given, so their ids follow it), audit entries, timer cancellations, new timers, outbox
 * messages, idempotency keys and jobs in ONE statement: each part is a data-modifying CTE over a
 * JSON array read with the table's own row type, so a command costs one round trip however many
 * rows it has, and a statement is atomic on its own (a unique violation anywhere writes nothing).
 * Answers the cases as stored and the ids of the outbox rows written (a repeated dedupe key is not,
 * and neither is its delivery job). The cancellation sees the timers as they were before the
 * statement, so it never touches the new ones.
 */
export async function writeCaseChanges(
  db: Db | Tx,
  writes: CaseChanges,
): Promise<{ cases: CaseRow[]; outboxWritten: string[] }> {
  // The saved rows carry only their id and written columns; new rows every column they have.
  const createdColumns = Object.keys(writes.created[0] ?? { id: null }) as (keyof CaseRow)[];
  const saved = writes.saved.map((row) =>
    Object.fromEntries(['id', ...writes.savedColumns].map((column) => [column, row[column as keyof CaseRow]])),
  );
  const events = writes.events.map(eventColumns);
  const audits = writes.audits.map(auditColumns);
  const timers = writes.timers.map((timer) => ({
    id: crypto.randomUUID(),
    case_id: timer.caseId,
    subscriber_id: timer.subscriberId,
    kind: timer.kind,
    due_at: timer.dueAt,
  }));
  // Prepared: its text depends only on which columns are written, and it runs on every state change.
  const result = await sql<CaseRow & { outbox_written: string[] }>`
    with created_cases as (
      insert into cases (${columnList(createdColumns)})
      select ${columnList(createdColumns, 'v.')}
      from jsonb_populate_recordset(null::cases, ${JSON.stringify(writes.created)}::jsonb) as v
      returning ${everyCaseColumn}
    ), saved_cases as (
      update cases as c
      set ${sql.raw(writes.savedColumns.map((column) => `${quotedColumn(column)} = v.${quotedColumn(column)}`).join(', '))}
      from jsonb_populate_recordset(null::cases, ${JSON.stringify(saved)}::jsonb) as v
      where c.id = v.id
      returning ${everyCaseColumnOfC}
    ), written_events as (
      insert into case_events (case_id, subscriber_id, type, from_state, to_state, actor_kind, actor_id, channel, reason, data, at)
      select case_id, subscriber_id, type, from_state, to_state, actor_kind, actor_id, channel, reason, data, at
      from jsonb_populate_recordset(null::case_events, ${JSON.stringify(events)}::jsonb) with ordinality as v
      order by ordinality
    ), written_audits as (
      insert into audit_log (subscriber_id, actor_kind, actor_id, action, target, data, at)
      select subscriber_id, actor_kind, actor_id, action, target, data, at
      from jsonb_populate_recordset(null::audit_log, ${JSON.stringify(audits)}::jsonb) with ordinality as v
      order by ordinality
    ), cancelled_timers as (
      update timers set cancelled_at = ${writes.now}
      where case_id = any(${[...writes.cancelTimersOf]}::uuid[])
        and fired_at is null and cancelled_at is null and kind <> 'quarantine_end'
    ), written_timers as (
      insert into timers (id, case_id, subscriber_id, kind, due_at)
      select id, case_id, subscriber_id, kind, due_at
      from jsonb_populate_recordset(null::timers, ${JSON.stringify(timers)}::jsonb)
    ), written_outbox as (
      insert into outbox_messages (id, subscriber_id, case_id, channel, recipient, template, subject, body, dedupe_key, created_at)
      select id, subscriber_id, case_id, channel, recipient, template, subject, body, dedupe_key, created_at
      from jsonb_populate_recordset(null::outbox_messages, ${JSON.stringify(writes.outbox)}::jsonb)
      on conflict (dedupe_key) do nothing
      returning id
    ), written_keys as (
      insert into idempotency_keys (scope, key, subscriber_id, request_hash, case_id, created_at)
      select scope, key, subscriber_id, request_hash, case_id, created_at
      from jsonb_populate_recordset(null::idempotency_keys, ${JSON.stringify(writes.idempotencyKeys)}::jsonb)
    ), written_jobs as (
      ${insertJobRows(sql`
        select name, data, "singletonKey" as singleton_key
        from jsonb_to_recordset(${JSON.stringify(writes.jobs)}::jsonb)
          as job(name text, data jsonb, "singletonKey" text, "outboxId" uuid)
        where "outboxId" is null or "outboxId" in (select id from written_outbox)`)}
    )
    select written.ids as outbox_written, ${everyCaseColumnOfC}
    from (select coalesce(array_agg(id::text), '{}') as ids from written_outbox) as written
    left join (select * from created_cases union all select * from saved_cases) as c on true
    ${prepared}`.execute(db);
  const [first] = result.rows;
  return {
    cases: result.rows.filter((row) => row.id !== null).map(({ outbox_written: _, ...row }) => row),
    outboxWritten: first?.outbox_written ?? [],
  };
}

/** A file kept with a case (scanned letter, ID document, a file sent with an answer), with its hash. */
export async function insertCaseDocument(
  tx: Tx,
  row: Pick<CaseRow, 'id' | 'subscriber_id'>,
  document: { kind: string; filename: string; contentType: string; content: Buffer },
  uploadedBy: string | null,
  at: Date,
): Promise<void> {
  await tx
    .insertInto('case_documents')
    .values({
      id: crypto.randomUUID(),
      case_id: row.id,
      subscriber_id: row.subscriber_id,
      kind: document.kind,
      filename: document.filename,
      content_type: document.contentType,
      size: document.content.length,
      sha256: createHash('sha256').update(document.content).digest('hex'),
      content: document.content,
      uploaded_by: uploadedBy,
      created_at: at,
    })
    .execute();
}

/** A document kept with a case, to download. */
export async function findCaseDocument(db: Db | Tx, caseId: string, documentId: string) {
  return db
    .selectFrom('case_documents')
    .select(['filename', 'content_type', 'content'])
    .where('case_id', '=', caseId)
    .where('id', '=', documentId)
    .executeTakeFirst();
}

/** The language the holder's open cases write their further messages in. */
export async function setLanguageOfOpenCases(tx: Tx, subscriberId: string, language: MessageLanguage): Promise<void> {
  await tx
    .updateTable('cases')
    .set({ language })
    .where('subscriber_id', '=', subscriberId)
    .where('state', 'not in', terminalStates)
    .execute();
}

/**
 * Marks an executing case as waiting for `system`, unless it is marked so already (once per outage).
 * @returns whether it was marked now.
 */
export async function markCaseWaiting(tx: Tx, id: string, system: string): Promise<boolean> {
  const marked = await tx
    .updateTable('cases')
    .set({ waiting_on: system })
    .where('id', '=', id)
    .where('state', '=', 'executing')
    .where((eb) => eb.or([eb('waiting_on', 'is', null), eb('waiting_on', '<>', system)]))
    .returning('id')
    .executeTakeFirst();
  return marked !== undefined;
}

/**
 * The holder wrote and waits for staff (`since`: kept from the first unanswered message), or staff
 * answered (`null`). Migration 0026.
 */
export async function setAwaitingAnswer(tx: Tx, caseId: string, since: Date | null): Promise<void> {
  await tx
    .updateTable('cases')
    .set({ awaiting_answer_since: since === null ? null : sql<Date>`coalesce(awaiting_answer_since, ${since})` })
    .where('id', '=', caseId)
    .execute();
}

/** A line of a case's communication log written in simexit (portal answers, staff messages and notes). */
export async function insertCaseMessage(
  tx: Tx,
  row: Pick<CaseRow, 'id' | 'subscriber_id'>,
  message: {
    direction: 'inbound' | 'outbound';
    authorKind: string;
    authorId: string | null;
    body: string;
    internal?: boolean;
  },
  at: Date,
): Promise<void> {
  await tx
    .insertInto('case_messages')
    .values({
      id: crypto.randomUUID(),
      case_id: row.id,
      subscriber_id: row.subscriber_id,
      direction: message.direction,
      author_kind: message.authorKind,
      author_id: message.authorId,
      body: message.body,
      internal: message.internal ?? false,
      created_at: at,
    })
    .execute();
}

/** The case an Idempotency-Key was answered with in its scope, and the hash of the request it came with. */
export async function findIdempotencyKey(
  db: Db | Tx,
  scope: string,
  key: string,
): Promise<Selectable<IdempotencyKeysTable> | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
}
