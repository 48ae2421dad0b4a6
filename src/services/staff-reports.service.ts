import { sql } from 'kysely';
import { toCsv } from '../domain/csv.js';
import { leavingReasons } from '../domain/leaving-reasons.js';
import { SimexitError } from '../domain/errors.js';
import type { Market } from '../domain/policy/types.js';
import type { ServiceContext } from './context.js';
import { DAY } from '../domain/time.js';

/** The longest range one report covers: a year, leap day included. */
export const MAX_REPORT_DAYS = 366;

export const backlogBuckets = ['<1d', '1-3d', '3-7d', '>7d'] as const;
export type BacklogBucket = (typeof backlogBuckets)[number];

export interface ReportQuery {
  /** First day of case receipt, YYYY-MM-DD, UTC. */
  from: string;
  /** Last day of case receipt (inclusive), YYYY-MM-DD, UTC. */
  to: string;
  market: Market | null;
}

export interface ReportSummary {
  from: string;
  to: string;
  market: Market | null;
  volumes: { market: string; channel: string; count: number }[];
  leavingReasons: { reason: string; count: number }[];
  timeToComplete: { completed: number; p50Hours: number | null; p90Hours: number | null };
  sla: { met: number; missed: number; open: number };
  backlogAge: { bucket: BacklogBucket; count: number }[];
}

function dayStart(date: string, field: string): Date {
  const instant = new Date(`${date}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
    Number.isNaN(instant.getTime()) ||
    instant.toISOString().slice(0, 10) !== date
  )
    throw new SimexitError('INVALID_DATE', `${field} must be a calendar date, YYYY-MM-DD.`, { field });
  return instant;
}

const hours = (value: unknown): number | null =>
  value === null || value === undefined ? null : Math.round(Number(value) * 100) / 100;

/**
 * The management summary of the cases *received* from `from` to `to` (whole UTC days, both included),
 * optionally in one market. Every figure is about that same set of cases, so a report for a week
 * answers "what happened to the cases that came in that week" and matches the cases created in it.
 * Aggregated in SQL (one statement per figure), never by loading the cases.
 *
 * - volumes: cases by market and channel, whatever became of them.
 * - leavingReasons: the survey code before any ":" of `leaving_reason` ("price: too dear" → price);
 *   words that are not a survey code (free text from another channel) → `other`; no answer → `not_given`.
 * - timeToComplete: receipt → the `completed` event, in hours, less the time the case waited
 *   approved for its line's end date (state `scheduled`, until `line_end_reached`): that wait is the
 *   contract's notice or minimum term, not the operator's handling. p50/p90 are continuous
 *   percentiles, null when nothing completed.
 * - sla: cases that had a review deadline (a `review_deadline` timer), i.e. went to a person. The
 *   deadline is the latest such timer (after an answer to a request for information the clock resumes
 *   with the working time that was left, as a new timer, so the latest one is the promise in force).
 *   While the case waits for that answer the clock is paused, so it counts as open. The decision is the first move out of review
 *   (in_review / needs_info) to any other state after the case first entered review: approval,
 *   rejection, withdrawal. *met*: decided at or before the deadline and never escalated. *missed*:
 *   escalated (a `review_deadline_passed` event), decided after the deadline, or undecided with the
 *   deadline behind the request's clock (and not paused). *open*: undecided, and paused or still ahead.
 * - backlogAge: cases not yet completed, rejected or withdrawn (failed ones count: they still need
 *   someone; approved cases waiting for their end date, `scheduled`, do not: nobody needs to act), by
 *   age at the request's clock: <1d, 1-3d, 3-7d, >7d (lower bounds inclusive).
 */
export async function reportSummary(context: ServiceContext, query: ReportQuery): Promise<ReportSummary> {
  const start = dayStart(query.from, 'from');
  const end = new Date(dayStart(query.to, 'to').getTime() + DAY);
  if (start >= end) throw new SimexitError('VALIDATION_FAILED', '"from" must be on or before "to".', { field: 'from' });
  if ((end.getTime() - start.getTime()) / DAY > MAX_REPORT_DAYS)
    throw new SimexitError('VALIDATION_FAILED', `A report covers at most ${MAX_REPORT_DAYS} days.`, { field: 'to' });
  const now = context.clock.now();
  const market = query.market;
  const inRange = sql`c.received_at >= ${start} and c.received_at < ${end}${market ? sql` and c.market = ${market}` : sql``}`;

  const volumes = await sql<{ market: string; channel: string; count: number }>`
    select c.market, c.channel, count(*)::int as count
    from cases c where ${inRange}
    group by c.market, c.channel
    order by c.market, c.channel`.execute(context.db);

  const reasons = await sql<{ reason: string; count: number }>`
    select case
             when c.leaving_reason is null or trim(c.leaving_reason) = '' then 'not_given'
             when lower(trim(split_part(c.leaving_reason, ':', 1))) in (${sql.join([...leavingReasons])})
               then lower(trim(split_part(c.leaving_reason, ':', 1)))
             -- Free text from other channels (a BSS order's description) never becomes a report key.
             else 'other'
           end as reason,
           count(*)::int as count
    from cases c where ${inRange}
    group by 1
    order by count desc, reason`.execute(context.db);

  const completion = await sql<{ completed: number; p50: number | null; p90: number | null }>`
    with done as (
      select extract(epoch from (e.at - c.received_at - coalesce(
               (select max(l.at) from case_events l
                 where l.case_id = c.id and l.type = 'line_end_reached' and l.to_state = 'executing')
               - (select min(w.at) from case_events w
                   where w.case_id = c.id and w.to_state = 'scheduled' and w.from_state <> 'scheduled'),
               interval '0'))) / 3600.0 as hours
      from cases c
      -- The move into completed, not later events of a completed case (its number released).
      join case_events e on e.case_id = c.id and e.to_state = 'completed' and e.from_state is distinct from 'completed'
      where ${inRange}
    )
    select count(*)::int as completed,
           percentile_cont(0.5) within group (order by hours) as p50,
           percentile_cont(0.9) within group (order by hours) as p90
    from done`.execute(context.db);

  const sla = await sql<{ met: number; missed: number; open: number }>`
    with reviewed as (
      select
        (select max(t.due_at) from timers t where t.case_id = c.id and t.kind = 'review_deadline') as deadline,
        exists (select 1 from case_events e where e.case_id = c.id and e.type = 'review_deadline_passed') as escalated,
        -- Waiting on the subscriber: the review clock is paused, so an old deadline is not missed.
        (c.state = 'needs_info' and c.resume_state = 'in_review') as paused,
        (select min(e.at) from case_events e
          where e.case_id = c.id
            and e.from_state in ('in_review', 'needs_info')
            and e.to_state not in ('in_review', 'needs_info')
            and e.at >= (select min(r.at) from case_events r where r.case_id = c.id and r.to_state = 'in_review')
        ) as decided_at
      from cases c
      where ${inRange}
        and exists (select 1 from timers t where t.case_id = c.id and t.kind = 'review_deadline')
    )
    select
      count(*) filter (where not escalated and decided_at is not null and decided_at <= deadline)::int as met,
      count(*) filter (where escalated or decided_at > deadline
                          or (decided_at is null and not paused and deadline < ${now}))::int as missed,
      count(*) filter (where not escalated and decided_at is null and (paused or deadline >= ${now}))::int as open
    from reviewed`.execute(context.db);

  const backlog = await sql<{ bucket: BacklogBucket; count: number }>`
    select case
             when age < interval '1 day' then '<1d'
             when age < interval '3 days' then '1-3d'
             when age < interval '7 days' then '3-7d'
             else '>7d'
           end as bucket,
           count(*)::int as count
    from (
      select cast(${now} as timestamptz) - c.received_at as age
      from cases c
      where ${inRange} and c.state not in ('completed', 'rejected', 'withdrawn', 'scheduled')
    ) open_cases
    group by 1`.execute(context.db);

  const completed = completion.rows[0];
  const slaRow = sla.rows[0];
  return {
    from: query.from,
    to: query.to,
    market,
    volumes: volumes.rows.map((row) => ({ ...row, count: Number(row.count) })),
    leavingReasons: reasons.rows.map((row) => ({ ...row, count: Number(row.count) })),
    timeToComplete: {
      completed: Number(completed?.completed ?? 0),
      p50Hours: hours(completed?.p50),
      p90Hours: hours(completed?.p90),
    },
    sla: { met: Number(slaRow?.met ?? 0), missed: Number(slaRow?.missed ?? 0), open: Number(slaRow?.open ?? 0) },
    backlogAge: backlogBuckets.map((bucket) => ({
      bucket,
      count: Number(backlog.rows.find((row) => row.bucket === bucket)?.count ?? 0),
    })),
  };
}

/**
 * The summary as one flat CSV table, `section,market,channel,key,value`, so a spreadsheet can pivot it
 * and a test can compare it with the JSON figure by figure:
 *
 * - `range,<market>,,from|to,<date>`
 * - `volume,<market>,<channel>,cases,<count>`
 * - `leaving_reason,<market>,,<reason>,<count>`
 * - `time_to_complete,<market>,,completed|p50_hours|p90_hours,<number>` (empty when nothing completed)
 * - `sla,<market>,,met|missed|open,<count>`
 * - `backlog_age,<market>,,<1d|1-3d|3-7d|>7d,<count>`
 *
 * `<market>` is the market a figure covers; empty means every market.
 */
export function reportSummaryCsv(summary: ReportSummary): string {
  const scope = summary.market ?? '';
  return toCsv([
    ['section', 'market', 'channel', 'key', 'value'],
    ['range', scope, '', 'from', summary.from],
    ['range', scope, '', 'to', summary.to],
    ...summary.volumes.map((row) => ['volume', row.market, row.channel, 'cases', row.count]),
    ...summary.leavingReasons.map((row) => ['leaving_reason', scope, '', row.reason, row.count]),
    ['time_to_complete', scope, '', 'completed', summary.timeToComplete.completed],
    ['time_to_complete', scope, '', 'p50_hours', summary.timeToComplete.p50Hours],
    ['time_to_complete', scope, '', 'p90_hours', summary.timeToComplete.p90Hours],
    ['sla', scope, '', 'met', summary.sla.met],
    ['sla', scope, '', 'missed', summary.sla.missed],
    ['sla', scope, '', 'open', summary.sla.open],
    ...summary.backlogAge.map((row) => ['backlog_age', scope, '', row.bucket, row.count]),
  ]);
}
