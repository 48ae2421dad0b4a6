import { sql } from 'kysely';
import type { Db } from '../database.js';

/** Where a key stands after one more request: the count in its window and how long the window has left. */
export interface RateLimitHit {
  count: number;
  /** Milliseconds until the window resets (always above 0 right after a hit). */
  ttlMs: number;
}

/**
 * Counts one request against `key` in a fixed window of `windowMs`, in one statement: a new key or
 * one whose window has passed starts again at 1, otherwise the count goes up. The row lock taken by
 * ON CONFLICT DO UPDATE makes concurrent hits from any number of processes count exactly once each,
 * with no transaction held around it (PGlite has a single connection). Time is the database's
 * clock, so processes whose clocks drift still agree on one window.
 */
export async function hitRateLimit(db: Db, key: string, windowMs: number): Promise<RateLimitHit> {
  const { rows } = await sql<{ count: number; ttl_ms: string }>`
    insert into rate_limit_buckets as bucket (key, count, reset_at)
    values (${key}, 1, now() + ${windowMs}::double precision * interval '1 millisecond')
    on conflict (key) do update set
      count = case when bucket.reset_at <= now() then 1 else least(bucket.count, 2147483646) + 1 end,
      reset_at = case when bucket.reset_at <= now() then excluded.reset_at else bucket.reset_at end
    returning count, ceil(extract(epoch from reset_at - now()) * 1000)::bigint as ttl_ms
  `.execute(db);
  const row = rows[0]!;
  return { count: row.count, ttlMs: Number(row.ttl_ms) };
}

/**
 * Deletes windows that have passed, at most `limit` at a time. Not needed for correctness (an
 * expired row is reset by its next hit); it keeps the table to the clients seen recently.
 */
export async function deleteExpiredRateLimits(db: Db, limit = 10_000): Promise<number> {
  const result = await db
    .deleteFrom('rate_limit_buckets')
    .where('key', 'in', (eb) =>
      eb
        .selectFrom('rate_limit_buckets')
        .select('key')
        .where('reset_at', '<=', sql<Date>`now()`)
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
