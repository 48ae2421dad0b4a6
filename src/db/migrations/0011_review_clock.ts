import { sql, type Kysely } from 'kysely';

/**
 * The review SLA clock on the case, and the indexes of the review queue.
 *
 * `review_due_at` is the running deadline of a case in review (the `review_deadline` timer's instant,
 * copied so the queue sorts one table); `review_remaining_ms` the working time left when review paused
 * for the subscriber (`needs_info`). Backfill: cases in review take their latest review timer (or, with
 * none, their last update: due now); cases already waiting on the subscriber get the full SLA of their
 * market as it stood when this migration was written (UK, US 2 working days; DE, CN 3), which is what
 * they would have got when they resumed before the clock could pause.
 *
 * Indexes: the queue reads two groups, running cases (`in_review`, by deadline) and paused cases
 * (`needs_info` resuming review, by time left), each in keyset order (key, received_at, id). Each group
 * has one partial index in that order, and the running group — by far the larger — one per equality
 * filter (market, channel, escalated) with the filter column first, so every filtered page is a range
 * scan that stops after `limit` rows. Risk signals (a jsonb array) and filters on the small paused
 * group are checked while walking the group's index. Partial indexes stay small: with most cases
 * closed, they hold only the few percent waiting for a person.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table cases add column review_due_at timestamptz;
    alter table cases add column review_remaining_ms bigint;

    update cases set review_due_at = coalesce(
      (select max(t.due_at) from timers t
        where t.case_id = cases.id and t.kind = 'review_deadline' and t.cancelled_at is null),
      cases.updated_at)
    where state = 'in_review';
    update cases set review_remaining_ms = case market when 'DE' then 3 when 'CN' then 3 else 2 end * 86400000
    where state = 'needs_info' and resume_state = 'in_review';

    create index cases_review_running on cases (review_due_at, received_at, id) where state = 'in_review';
    create index cases_review_running_market on cases (market, review_due_at, received_at, id)
      where state = 'in_review';
    create index cases_review_running_channel on cases (channel, review_due_at, received_at, id)
      where state = 'in_review';
    create index cases_review_running_escalated on cases (escalated, review_due_at, received_at, id)
      where state = 'in_review';
    create index cases_review_paused on cases (review_remaining_ms, received_at, id)
      where state = 'needs_info' and resume_state = 'in_review';
  `.execute(db);
}
