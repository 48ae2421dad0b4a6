import { sql, type Insertable, type Selectable } from 'kysely';
import type { BulkLineStatus, BulkRowRejection, BulkRunState, BulkStage } from '../../domain/bulk-runs.js';
import type { CaseState, TimerKind } from '../../domain/lifecycle.js';
import type { Db, Tx } from '../database.js';
import type { BulkRunLinesTable, BulkRunsTable } from '../schema.js';
import { timeOrderedUuid } from '../time-ordered-ids.js';

export type BulkRunRow = Selectable<BulkRunsTable>;
export type BulkRunLineRow = Selectable<BulkRunLinesTable>;
export type NewBulkRun = Insertable<BulkRunsTable>;

/** The columns a batch needs of each line. */
export type BatchLine = Pick<
  BulkRunLineRow,
  | 'id'
  | 'msisdn'
  | 'iccid'
  | 'subscriber_id'
  | 'product_type'
  | 'email'
  | 'contact_numbers'
  | 'status'
  | 'stage'
  | 'case_id'
  | 'language'
>;

export async function insertRun(tx: Tx, values: NewBulkRun): Promise<BulkRunRow> {
  return tx.insertInto('bulk_runs').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findRun(db: Db | Tx, id: string): Promise<BulkRunRow | undefined> {
  return db.selectFrom('bulk_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the run: batches of one run, and commands on it, apply one at a time. */
export async function lockRun(tx: Tx, id: string): Promise<BulkRunRow | undefined> {
  return tx.selectFrom('bulk_runs').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listRuns(db: Db, limit: number): Promise<BulkRunRow[]> {
  return db.selectFrom('bulk_runs').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
}

export async function updateRun(
  tx: Tx,
  id: string,
  patch: Partial<Omit<NewBulkRun, 'id'>>,
  now: Date,
): Promise<BulkRunRow> {
  return tx
    .updateTable('bulk_runs')
    .set({ ...patch, updated_at: now, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface NewRunLine {
  rowNumber: number | null;
  msisdn: string;
  iccid: string;
  subscriberId: string;
  productType: string;
  email: string | null;
  /** The account's other verified numbers: every notice reaches them too. */
  contactNumbers: string[];
  /** The account's language in the CRM (BCP 47), or null. */
  language: string | null;
}

/**
 * Adds lines to a run, all `pending` and due at `dueAt`; a number already in the run is skipped. Their
 * ids increase in the order given, so the run's batches (due order, then id) take the lines in that
 * order and each batch's rows sit together in every index (db/time-ordered-ids.ts).
 */
export async function insertRunLines(tx: Tx, runId: string, lines: NewRunLine[], dueAt: Date): Promise<number> {
  if (lines.length === 0) return 0;
  const result = await sql`
    insert into bulk_run_lines (id, run_id, row_number, msisdn, iccid, subscriber_id, product_type, email,
      contact_numbers, status, stage, due_at, updated_at, language)
    select id, ${runId}::uuid, r, m, i, s, p, e, o::jsonb, 'pending', null, ${dueAt}::timestamptz,
      ${dueAt}::timestamptz, g
    from unnest(${lines.map(() => timeOrderedUuid())}::uuid[], ${lines.map((l) => l.rowNumber)}::int[],
      ${lines.map((l) => l.msisdn)}::text[],
      ${lines.map((l) => l.iccid)}::text[], ${lines.map((l) => l.subscriberId)}::text[],
      ${lines.map((l) => l.productType)}::text[], ${lines.map((l) => l.email)}::text[],
      ${lines.map((l) => JSON.stringify(l.contactNumbers))}::text[],
      ${lines.map((l) => l.language)}::text[]) as t(id, r, m, i, s, p, e, o, g)
    on conflict (run_id, msisdn) do nothing`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

export async function insertRejections(tx: Tx, runId: string, rows: BulkRowRejection[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    await sql`
      insert into bulk_run_rejections (run_id, row_number, value, reason, detail)
      select ${runId}::uuid, r, v, x, d from unnest(${chunk.map((c) => c.row)}::int[], ${chunk.map((c) => c.value)}::text[],
        ${chunk.map((c) => c.reason)}::text[], ${chunk.map((c) => c.detail ?? null)}::text[]) as t(r, v, x, d)`.execute(
      tx,
    );
  }
}

export async function listRejections(db: Db, runId: string, limit: number) {
  return db
    .selectFrom('bulk_run_rejections')
    .select(['row_number', 'value', 'reason', 'detail'])
    .where('run_id', '=', runId)
    .orderBy('row_number')
    .limit(limit)
    .execute();
}

const batchColumns = [
  'id',
  'msisdn',
  'iccid',
  'subscriber_id',
  'product_type',
  'email',
  'contact_numbers',
  'status',
  'stage',
  'case_id',
  'language',
] as const;

/** Where the previous batch of a pass over the due lines ended: the next batch starts after it. */
export interface DueCursor {
  dueAt: Date;
  id: string;
}

/**
 * The next open lines whose stage is due, oldest due first, from the partial index on
 * (run_id, due_at, id) where due_at is not null (an open line always has its next stage due).
 *
 * `after` is keyset paging: every batch moves its lines on (a new due_at, later) or ends them (no
 * due_at), and without vacuum the index entries of their old versions stay at the head of the index,
 * dead. Starting each batch at the end of the previous one reads only this batch's entries, however
 * many lines the run has done; a scan from the head reads every dead entry left behind. The caller
 * starts from the head (no `after`) when a pass finds nothing: a line can be left behind the cursor
 * (a batch that did not commit, a new due_at equal to the cursor's).
 */
export async function dueLines(
  db: Db | Tx,
  runId: string,
  now: Date,
  limit: number,
  after: DueCursor | null = null,
): Promise<(BatchLine & { due_at: Date })[]> {
  let query = db
    .selectFrom('bulk_run_lines')
    .select([...batchColumns, 'due_at'])
    .where('run_id', '=', runId)
    .where('due_at', '<=', now)
    .where('status', 'in', ['pending', 'active']);
  // A row comparison, not `due_at > x or (due_at = x and id > y)`: the OR can only be answered by a
  // BitmapOr, which reads every open line after the cursor and sorts them (100,000 lines read for a
  // batch of 5,000 at 100,000 lines, measured with auto_explain); the row comparison is one range of
  // the index, read in its order up to the limit.
  if (after) query = query.where(sql<boolean>`(due_at, id) > (${after.dueAt}::timestamptz, ${after.id}::uuid)`);
  const rows = await query.orderBy('due_at').orderBy('id').limit(limit).execute();
  return rows.map((row) => ({ ...row, due_at: new Date(row.due_at!) }));
}

/** Lines an agent asked to reinstate, waiting for the run's worker (asked before every batch: its own partial index). */
export async function reinstateRequests(db: Db, runId: string, limit: number) {
  return db
    .selectFrom('bulk_run_lines')
    .select([...batchColumns, 'reinstate_requested_by', 'reinstate_note'])
    .where('run_id', '=', runId)
    .where('status', '=', 'active')
    .where('reinstate_requested_at', 'is not', null)
    .orderBy('reinstate_requested_at')
    .limit(limit)
    .execute();
}

/** Lines with a case still in its grace period (a cancelled run gives them back), through the due-line index. */
export async function activeLines(db: Db, runId: string, limit: number): Promise<BatchLine[]> {
  return db
    .selectFrom('bulk_run_lines')
    .select(batchColumns)
    .where('run_id', '=', runId)
    .where('due_at', 'is not', null)
    .where('status', '=', 'active')
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Lines that never got their notice end with the run's cancellation: they have no case to close. */
export async function cancelPendingLines(tx: Tx, runId: string, now: Date): Promise<number> {
  const result = await tx
    .updateTable('bulk_run_lines')
    .set({ status: 'cancelled', due_at: null, updated_at: now })
    .where('run_id', '=', runId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Refreshes the planner's statistics of the run lines once a run's lines are in (PostgreSQL's advice
 * after a bulk load). A run adds up to millions of rows at once; until the next ANALYZE (autovacuum's,
 * which may be late or off) the planner believes the table as it was, often empty, and plans the
 * batch selection as a bitmap scan and a sort of every open line (2.4 s per batch at 1,000,000 lines)
 * instead of reading the next batch in index order (30 ms).
 */
export async function analyzeRunLines(db: Db | Tx): Promise<void> {
  await sql`analyze bulk_run_lines`.execute(db);
}

/** The earliest instant an open line of the run is due, or null when every line has ended. */
export async function earliestDue(db: Db | Tx, runId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('bulk_run_lines')
    .select('due_at')
    .where('run_id', '=', runId)
    .where('due_at', 'is not', null)
    .orderBy('due_at')
    .limit(1)
    .executeTakeFirst();
  return row?.due_at ? new Date(row.due_at) : null;
}

/** Whether a line of the run is still open (pending or active: exactly the lines with a next stage due). */
export async function hasOpenLines(db: Db | Tx, runId: string): Promise<boolean> {
  const row = await db
    .selectFrom('bulk_run_lines')
    .select('id')
    .where('run_id', '=', runId)
    .where('due_at', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

// The statements that move a batch on take its rows by key, lock them, and only then test the guard
// (still in the state the batch found them) on the locked rows, in a MATERIALIZED CTE. A guard
// written as an ordinary WHERE beside the ids lets the planner answer it from an index on the guarded
// column (cases_state, timers_due, a partial index whose predicate the guard implies) and filter the
// ids out of that; with statistics older than the run (a run changes millions of rows between two
// ANALYZEs) it does, and reads every case or line in that state, the whole run, for every batch. The
// rows are taken one key at a time (a LATERAL subquery with LIMIT/OFFSET is never flattened into a
// join), so the plan is an index lookup per row whatever the statistics say: a batch costs its rows.

/** Locks lines by id, one index lookup each, in id order (two batches never wait on each other crosswise). */
const lockLinesByKey = (ids: string[]) => sql`
  select g.* from unnest(${[...ids].sort()}::uuid[]) as t(id)
  cross join lateral (
    select id, status, stage, reinstate_requested_at from bulk_run_lines where id = t.id limit 1 for update
  ) g`;

/**
 * Moves lines on, guarded: only lines still in `from` (status and stage) and without a pending agent
 * reinstatement move. A batch repeated after a crash therefore moves nothing twice; the ids that moved
 * are returned, and only those get case rows, events, audit entries and messages.
 */
export async function moveLines(
  tx: Tx,
  input: {
    ids: string[];
    /** `any`: lines at different stages (a reinstatement group). */
    from: { statuses: BulkLineStatus[]; stage: BulkStage | null | 'any' };
    to: { status: BulkLineStatus; stage: BulkStage | null; dueAt: Date | null; reason?: string | null };
    caseIds?: Map<string, string>;
    now: Date;
    ignoreReinstateRequest?: boolean;
  },
): Promise<string[]> {
  if (input.ids.length === 0) return [];
  const caseIds = input.ids.map((id) => input.caseIds?.get(id) ?? null);
  const stageAt = input.to.stage ?? input.to.status;
  const result = await sql<{ id: string }>`
    with locked as materialized (${lockLinesByKey(input.ids)}), movable as materialized (
      select t.id, t.case_id from unnest(${input.ids}::uuid[], ${caseIds}::uuid[]) as t(id, case_id)
      join locked g on g.id = t.id
      where g.status = any(${input.from.statuses}::text[])
        ${input.from.stage === 'any' ? sql`` : sql`and g.stage is not distinct from ${input.from.stage}::text`}
        ${input.ignoreReinstateRequest ? sql`` : sql`and g.reinstate_requested_at is null`}
    )
    update bulk_run_lines l set
      status = ${input.to.status}, stage = ${input.to.stage}, due_at = ${input.to.dueAt}::timestamptz,
      reason = coalesce(${input.to.reason ?? null}, l.reason), case_id = coalesce(m.case_id, l.case_id),
      stage_at = l.stage_at || jsonb_build_object(${stageAt}::text, ${input.now.toISOString()}::text),
      updated_at = ${input.now}::timestamptz
    from movable m
    where l.id = m.id
    returning l.id`.execute(tx);
  return result.rows.map((r) => r.id);
}

/** Locks the lines of a batch that may still move from `from`; the others moved already (a repeat). */
export async function lockMovableLines(
  tx: Tx,
  ids: string[],
  from: { statuses: BulkLineStatus[]; stage: BulkStage | null | 'any' },
  ignoreReinstateRequest = false,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const result = await sql<{ id: string }>`
    with locked as materialized (${lockLinesByKey(ids)})
    select id from locked
    where status = any(${from.statuses}::text[])
      ${from.stage === 'any' ? sql`` : sql`and stage is not distinct from ${from.stage}::text`}
      ${ignoreReinstateRequest ? sql`` : sql`and reinstate_requested_at is null`}`.execute(tx);
  return new Set(result.rows.map((r) => r.id));
}

/** An agent asks for a line to be given back; the run's worker carries it out. */
export async function requestReinstatement(
  tx: Tx,
  lineId: string,
  request: { by: string; note: string; at: Date },
): Promise<boolean> {
  const result = await tx
    .updateTable('bulk_run_lines')
    .set({ reinstate_requested_at: request.at, reinstate_requested_by: request.by, reinstate_note: request.note })
    .where('id', '=', lineId)
    .where('status', '=', 'active')
    .where('reinstate_requested_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findLineByCase(db: Db | Tx, caseId: string): Promise<BulkRunLineRow | undefined> {
  return db.selectFrom('bulk_run_lines').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// The cases of a batch, written set-based: the same rows applyCommand writes for one case.

export interface BatchCase {
  caseId: string;
  lineId: string;
  msisdn: string;
  iccid: string;
  subscriberId: string;
  productType: string;
  email: string | null;
  /** The account's other verified numbers (the case's `contacts.otherSms`). */
  otherSms: string[];
}

/**
 * Opens the cases of a batch at their notice. A line that already has an open case (the one-open-case-
 * per-line index) gets none: its id is missing from the answer and the service records why.
 */
export async function insertBulkCases(
  tx: Tx,
  cases: BatchCase[],
  fixed: {
    state: CaseState;
    market: string;
    policyVersion: number;
    runId: string;
    filedBy: string;
    lineEndsOn: string;
    now: Date;
  },
): Promise<Set<string>> {
  if (cases.length === 0) return new Set();
  const verification = JSON.stringify({ method: 'bulk_run', runId: fixed.runId });
  const decisions = JSON.stringify({ acceptEarlyTerminationCharge: false, balance: null, acknowledgedServiceIds: [] });
  const result = await sql<{ id: string }>`
    insert into cases (id, subscriber_id, msisdn, iccid, product_type, market, policy_version, channel, state,
      resume_state, review_route, approvals, card_return_required, escalated, risk_signals, decisions, checklist,
      verification, contacts, requested_end_date, line_ends_on, received_at, reason_code, leaving_reason,
      termination_kind, termination_reason, filed_by, version, created_at, updated_at)
    select c, s, m, i, p, ${fixed.market}, ${fixed.policyVersion}, 'bulk', ${fixed.state},
      null, null, '[]'::jsonb, false, false, '[]'::jsonb, ${decisions}::jsonb,
      jsonb_build_object('eligible', true, 'items', '[]'::jsonb, 'outstanding', '[]'::jsonb, 'facts',
        jsonb_build_object('msisdn', m, 'iccid', i, 'productType', p, 'market', ${fixed.market}::text,
          'subscriberId', s, 'debtMinor', 0, 'paymentArrangement', false, 'contract', null, 'prepaid', null,
          'boundServices', '[]'::jsonb)),
      ${verification}::jsonb, jsonb_build_object('sms', m, 'email', e, 'otherSms', o::jsonb), null,
      ${fixed.lineEndsOn}::date,
      ${fixed.now}::timestamptz, null, null, 'ordinary', null, ${fixed.filedBy}, 1, ${fixed.now}::timestamptz,
      ${fixed.now}::timestamptz
    from unnest(${cases.map((c) => c.caseId)}::uuid[], ${cases.map((c) => c.subscriberId)}::text[],
      ${cases.map((c) => c.msisdn)}::text[], ${cases.map((c) => c.iccid)}::text[],
      ${cases.map((c) => c.productType)}::text[], ${cases.map((c) => c.email)}::text[],
      ${cases.map((c) => JSON.stringify(c.otherSms))}::text[]) as t(c, s, m, i, p, e, o)
    on conflict (msisdn) where state not in ('completed', 'rejected', 'withdrawn') do nothing
    returning id`.execute(tx);
  return new Set(result.rows.map((r) => r.id));
}

/** Moves the batch's cases from one state to another; only cases still in `from` move. */
export async function moveCases(tx: Tx, caseIds: string[], from: CaseState, to: CaseState, now: Date) {
  if (caseIds.length === 0) return [];
  const result = await sql<{ id: string }>`
    with locked as materialized (
      select g.* from unnest(${[...caseIds].sort()}::uuid[]) as t(id)
      cross join lateral (select id, state from cases where id = t.id limit 1 for update) g
    )
    update cases c set state = ${to}, version = c.version + 1, updated_at = ${now}::timestamptz
    from locked g
    where c.id = g.id and g.state = ${from}
    returning c.id`.execute(tx);
  return result.rows.map((r) => r.id);
}

export interface BatchEvent {
  type: string;
  from: CaseState;
  to: CaseState;
  actorKind: string;
  actorId: string;
  reason: string | null;
  data: Record<string, unknown>;
  now: Date;
}

/** One timeline event and one audit entry per case, as applyCommand writes for one. */
export async function insertBatchEventsAndAudit(
  tx: Tx,
  cases: { caseId: string; subscriberId: string }[],
  event: BatchEvent,
): Promise<void> {
  if (cases.length === 0) return;
  const ids = cases.map((c) => c.caseId);
  const subscribers = cases.map((c) => c.subscriberId);
  await sql`
    insert into case_events (case_id, subscriber_id, type, from_state, to_state, actor_kind, actor_id, channel, reason,
      data, at)
    select c, s, ${event.type}, ${event.from}, ${event.to}, ${event.actorKind}, ${event.actorId}, 'bulk',
      ${event.reason}, ${JSON.stringify(event.data)}::jsonb, ${event.now}::timestamptz
    from unnest(${ids}::uuid[], ${subscribers}::text[]) as t(c, s)`.execute(tx);
  await sql`
    insert into audit_log (subscriber_id, actor_kind, actor_id, action, target, data, at)
    select s, ${event.actorKind}, ${event.actorId}, ${`case.${event.type}`}, 'case:' || c,
      ${JSON.stringify({ from: event.from, to: event.to, reason: event.reason, ...event.data })}::jsonb,
      ${event.now}::timestamptz
    from unnest(${ids}::uuid[], ${subscribers}::text[]) as t(c, s)`.execute(tx);
}

/** One audit entry per target (`case:<id>`, `bulk_line:<id>`): escalations, lines failed before they had a case. */
export async function insertBatchAudit(
  tx: Tx,
  targets: { target: string; subscriberId: string }[],
  entry: { actorKind: string; actorId: string; action: string; data: Record<string, unknown>; now: Date },
): Promise<void> {
  if (targets.length === 0) return;
  await sql`
    insert into audit_log (subscriber_id, actor_kind, actor_id, action, target, data, at)
    select s, ${entry.actorKind}, ${entry.actorId}, ${entry.action}, t, ${JSON.stringify(entry.data)}::jsonb,
      ${entry.now}::timestamptz
    from unnest(${targets.map((l) => l.target)}::text[], ${targets.map((l) => l.subscriberId)}::text[]) as x(t, s)`.execute(
    tx,
  );
}

export interface BatchMessage {
  caseId: string;
  subscriberId: string;
  channel: 'sms' | 'email';
  to: string;
  template: string;
  subject: string;
  body: string;
  dedupeKey: string;
}

/** The batch's messages into the outbox; a repeated batch finds their dedupe keys taken and adds none. */
export async function insertBatchMessages(tx: Tx, messages: BatchMessage[], now: Date): Promise<number> {
  if (messages.length === 0) return 0;
  const result = await sql`
    insert into outbox_messages (id, subscriber_id, case_id, channel, recipient, template, subject, body, dedupe_key,
      created_at)
    select id, s, c, ch, r, tp, sj, b, k, ${now}::timestamptz
    from unnest(${messages.map(() => timeOrderedUuid())}::uuid[], ${messages.map((m) => m.subscriberId)}::text[], ${messages.map((m) => m.caseId)}::uuid[],
      ${messages.map((m) => m.channel)}::text[], ${messages.map((m) => m.to)}::text[],
      ${messages.map((m) => m.template)}::text[], ${messages.map((m) => m.subject)}::text[],
      ${messages.map((m) => m.body)}::text[], ${messages.map((m) => m.dedupeKey)}::text[]) as t(id, s, c, ch, r, tp, sj, b, k)
    on conflict (dedupe_key) do nothing`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

export async function insertBatchTimers(
  tx: Tx,
  cases: { caseId: string; subscriberId: string }[],
  kind: TimerKind,
  dueAt: Date,
): Promise<void> {
  if (cases.length === 0) return;
  await sql`
    insert into timers (id, case_id, subscriber_id, kind, due_at)
    select id, c, s, ${kind}, ${dueAt}::timestamptz
    from unnest(${cases.map(() => timeOrderedUuid())}::uuid[], ${cases.map((c) => c.caseId)}::uuid[],
      ${cases.map((c) => c.subscriberId)}::text[]) as t(id, c, s)`.execute(tx);
}

export async function cancelBatchTimers(tx: Tx, caseIds: string[], now: Date): Promise<void> {
  if (caseIds.length === 0) return;
  await sql`
    with locked as materialized (
      select g.* from unnest(${caseIds}::uuid[]) as t(case_id)
      cross join lateral (
        select id, kind, fired_at, cancelled_at from timers where case_id = t.case_id offset 0 for update
      ) g
    )
    update timers t set cancelled_at = ${now}::timestamptz
    from locked g
    where t.id = g.id and g.fired_at is null and g.cancelled_at is null and g.kind <> 'quarantine_end'`.execute(tx);
}

/** The numbers of deactivated lines enter quarantine until `releaseAt` (the quarantine_end timer releases them). */
export async function insertBatchQuarantines(
  tx: Tx,
  lines: { caseId: string; subscriberId: string; msisdn: string }[],
  market: string,
  now: Date,
  releaseAt: Date,
): Promise<void> {
  if (lines.length === 0) return;
  await sql`
    insert into number_quarantines (case_id, subscriber_id, msisdn, market, quarantined_at, release_at, released_at)
    select c, s, m, ${market}, ${now}::timestamptz, ${releaseAt}::timestamptz, null
    from unnest(${lines.map((l) => l.caseId)}::uuid[], ${lines.map((l) => l.subscriberId)}::text[],
      ${lines.map((l) => l.msisdn)}::text[]) as t(c, s, m)
    on conflict do nothing`.execute(tx);
}

/** Ownership ledger entries (deactivated, quarantined) for a batch; returns the ones newly recorded. */
export async function insertBatchOwnership(
  tx: Tx,
  lines: { caseId: string; subscriberId: string; msisdn: string }[],
  event: 'deactivated' | 'quarantined',
  at: Date,
  now: Date,
): Promise<{ msisdn: string; subscriber_id: string; case_id: string; dedupe_key: string }[]> {
  if (lines.length === 0) return [];
  const result = await sql<{ msisdn: string; subscriber_id: string; case_id: string; dedupe_key: string }>`
    insert into number_ownership_events (msisdn, subscriber_id, event, at, case_id, source, dedupe_key, recorded_at)
    select m, s, ${event}, ${at}::timestamptz, c, 'simexit', ${`${event}:`} || c, ${now}::timestamptz
    from unnest(${lines.map((l) => l.caseId)}::uuid[], ${lines.map((l) => l.subscriberId)}::text[],
      ${lines.map((l) => l.msisdn)}::text[]) as t(c, s, m)
    on conflict (dedupe_key) do nothing
    returning msisdn, subscriber_id, case_id, dedupe_key`.execute(tx);
  return result.rows;
}

/** Whether any relying party listens for number events: without one, a batch skips the per-number lookups. */
export async function anyWebhookSubscription(tx: Tx): Promise<boolean> {
  const row = await tx
    .selectFrom('webhook_subscriptions')
    .select('id')
    .where('disabled_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertBatch(
  tx: Tx,
  batch: {
    id: string;
    runId: string;
    stage: BulkStage | 'reinstate' | 'cancel';
    lines: number;
    reinstated: number;
    failed: number;
    startedAt: Date;
    finishedAt: Date;
    caseIds: string[];
  },
): Promise<void> {
  await sql`
    insert into bulk_run_batches (id, run_id, stage, lines, reinstated, failed, started_at, finished_at, case_ids)
    values (${batch.id}, ${batch.runId}, ${batch.stage}, ${batch.lines}, ${batch.reinstated}, ${batch.failed},
      ${batch.startedAt}::timestamptz, ${batch.finishedAt}::timestamptz, ${batch.caseIds}::uuid[])`.execute(tx);
}

export async function findBatch(db: Db, id: string) {
  return db.selectFrom('bulk_run_batches').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Undelivered outbox messages of a batch's cases (the batch's delivery job sends them). */
export async function undeliveredMessagesOf(db: Db, caseIds: string[]): Promise<string[]> {
  if (caseIds.length === 0) return [];
  const result = await sql<{ id: string }>`
    select id from outbox_messages where case_id = any(${caseIds}::uuid[]) and delivered_at is null
    order by created_at, id`.execute(db);
  return result.rows.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// Progress and report

/**
 * A run's lines by status and stage, read from the counts the triggers of migration 0022 keep, so a
 * progress read costs a handful of rows however many lines the run has.
 */
export async function lineCounts(db: Db, runId: string) {
  const rows = await db
    .selectFrom('bulk_run_line_counts')
    .select(['status', 'stage', 'lines'])
    .where('run_id', '=', runId)
    .where('lines', '<>', '0')
    .execute();
  return rows.map((r) => ({ status: r.status, stage: r.stage === '' ? null : r.stage, count: r.lines }));
}

export async function rejectionCount(db: Db, runId: string): Promise<number> {
  const row = await db
    .selectFrom('bulk_run_rejections')
    .select(sql<string>`count(*)`.as('count'))
    .where('run_id', '=', runId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Line-stages done since `since` (the recent rate) and all of them. */
export async function batchTotals(db: Db, runId: string, since: Date) {
  const row = await sql<{ recent: string | null; total: string | null; first: Date | null; last: Date | null }>`
    select sum(lines) filter (where finished_at >= ${since}::timestamptz) as recent, sum(lines) as total,
      min(started_at) as first, max(finished_at) as last
    from bulk_run_batches where run_id = ${runId}::uuid`.execute(db);
  const r = row.rows[0];
  return {
    recent: Number(r?.recent ?? 0),
    total: Number(r?.total ?? 0),
    first: r?.first ? new Date(r.first) : null,
    last: r?.last ? new Date(r.last) : null,
  };
}

export async function stageTimings(db: Db, runId: string) {
  const result = await sql<{ stage: string; lines: string; seconds: number; batches: string }>`
    select stage, sum(lines) as lines, extract(epoch from max(finished_at) - min(started_at))::float8 as seconds,
      count(*) as batches
    from bulk_run_batches where run_id = ${runId}::uuid group by stage`.execute(db);
  return result.rows;
}

/** Every line of the run for its market report, in row / number order, a page at a time. */
export async function reportPage(db: Db, runId: string, after: string | null, limit: number) {
  let query = db
    .selectFrom('bulk_run_lines')
    .select(['msisdn', 'row_number', 'status', 'stage', 'reason', 'case_id', 'stage_at'])
    .where('run_id', '=', runId);
  if (after !== null) query = query.where('msisdn', '>', after);
  return query.orderBy('msisdn').limit(limit).execute();
}

export async function listLines(
  db: Db,
  runId: string,
  filter: { status?: BulkLineStatus; after?: string | null; limit: number },
) {
  let query = db
    .selectFrom('bulk_run_lines')
    .select(['id', 'msisdn', 'row_number', 'status', 'stage', 'reason', 'case_id', 'due_at', 'stage_at'])
    .where('run_id', '=', runId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.after) query = query.where('msisdn', '>', filter.after);
  return query.orderBy('msisdn').limit(filter.limit).execute();
}

/** Runs whose next work is due: the scheduler claims each wake-up once (next_due_at back to null). */
export async function claimDueRuns(tx: Tx, now: Date, limit: number): Promise<{ id: string }[]> {
  const result = await sql<{ id: string }>`
    update bulk_runs set next_due_at = null
    where id in (
      select id from bulk_runs where next_due_at <= ${now}::timestamptz
      order by next_due_at limit ${limit} for update skip locked)
    returning id`.execute(tx);
  return result.rows;
}

export type { BulkRunState };
