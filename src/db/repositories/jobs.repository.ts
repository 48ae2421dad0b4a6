import { sql, type RawBuilder } from 'kysely';

/** A job to enqueue as part of another statement (see `insertJobRows`). */
export interface JobRowInput {
  name: string;
  data: { id: string };
  /** pg-boss's singleton key: with the queues' `stately` policy, one waiting job per key. */
  singletonKey: string;
}

/** The job that does `name` for `data.id`: at most one waits per name and id (pg-boss `stately`). */
export function jobRowFor(name: string, data: { id: string }): JobRowInput {
  return { name, data, singletonKey: `${name}:${data.id}` };
}

/**
 * pg-boss's job insert as a data-modifying CTE body over `jobs` (a query answering the columns
 * `name`, `data` and `singleton_key`), so a statement that writes a state change can enqueue its
 * jobs in the same round trip. It writes what pg-boss 10's own `insert()` writes for a job with no
 * options of its own: every setting from the job's queue (retries, backoff, expiry, retention,
 * policy, dead letter), pg-boss's fallbacks where the queue has none, and nothing for a job whose
 * singleton key already waits (the `stately` policy's unique index). `test/job-rows.test.ts`
 * compares its rows with pg-boss's column by column, so an upgrade that changes the table fails there.
 */
export function insertJobRows(jobs: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    insert into pgboss.job (name, data, priority, start_after, singleton_key, dead_letter, expire_in,
      keep_until, retry_limit, retry_delay, retry_backoff, policy)
    select j.name, j.data, 0, now(), j.singleton_key, q.dead_letter,
      coalesce(q.expire_seconds * interval '1 second', interval '15 minutes'),
      now() + coalesce(q.retention_minutes * interval '1 minute', interval '14 days'),
      coalesce(q.retry_limit, 2),
      case when coalesce(q.retry_backoff, false) then greatest(q.retry_delay, 1) else coalesce(q.retry_delay, 0) end,
      coalesce(q.retry_backoff, false),
      q.policy
    from (${jobs}) j join pgboss.queue q on q.name = j.name
    on conflict do nothing`;
}
