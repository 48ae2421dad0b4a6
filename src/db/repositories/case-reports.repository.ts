import { sql } from 'kysely';
import { leavingReasons } from '../../domain/leaving-reasons.js';
import type { Market } from '../../domain/policy/types.js';
import type { Db, Tx } from '../database.js';

/**
 * The figures of the management summary (services/staff-reports.service.ts), each aggregated in one
 * statement over the cases received in a range of instants, optionally in one market.
 */
export interface ReceiptRange {
  /** First instant of receipt, included. */
  start: Date;
  /** Instant of receipt the range ends before. */
  end: Date;
  market: Market | null;
}

function receivedIn({ start, end, market }: ReceiptRange) {
  return sql`c.received_at >= ${start} and c.received_at < ${end}${market ? sql` and c.market = ${market}` : sql``}`;
}

/** Cases by market and channel. */
export async function caseVolumes(db: Db | Tx, range: ReceiptRange) {
  const inRange = receivedIn(range);
  return (
    await sql<{ market: string; channel: string; count: number }>`
    select c.market, c.channel, count(*)::int as count
    from cases c where ${inRange}
    group by c.market, c.channel
    order by c.market, c.channel`.execute(db)
  ).rows;
}

/**
 * Cases by leaving reason: the survey code before any ":", `other` for words that are not one,
 * `not_given` for no answer; the most given first.
 */
export async function leavingReasonCounts(db: Db | Tx, range: ReceiptRange) {
  const inRange = receivedIn(range);
  return (
    await sql<{ reason: string; count: number }>`
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
    order by count desc, reason`.execute(db)
  ).rows;
}

/**
 * How many cases completed, and the 50th and 90th percentiles of their hours from receipt to completion
 * less the wait for the line's end date.
 */
export async function completionTimes(db: Db | Tx, range: ReceiptRange) {
  const inRange = receivedIn(range);
  return (
    await sql<{ completed: number; p50: number | null; p90: number | null }>`
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
    from done`.execute(db)
  ).rows;
}

/** Cases that went to a person with a review deadline: met, missed or still open at `now`. */
export async function reviewDeadlineOutcomes(db: Db | Tx, range: ReceiptRange, now: Date) {
  const inRange = receivedIn(range);
  return (
    await sql<{ met: number; missed: number; open: number }>`
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
    from reviewed`.execute(db)
  ).rows;
}

/** Cases not yet done (nor waiting for their end date) by age at `now`. */
export async function backlogByAge(db: Db | Tx, range: ReceiptRange, now: Date) {
  const inRange = receivedIn(range);
  return (
    await sql<{ bucket: string; count: number }>`
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
    group by 1`.execute(db)
  ).rows;
}
