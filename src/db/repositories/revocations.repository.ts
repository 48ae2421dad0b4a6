import { sql } from 'kysely';
import type { Market } from '../../domain/policy/types.js';
import type { Db, Tx } from '../database.js';

/**
 * Numbers permanently disconnected, from the ownership ledger's deactivations with their case (the
 * market, the channel) and, for a bulk run's line, the run's selector (the reason category).
 */
function disconnections(db: Db | Tx) {
  return db
    .selectFrom('number_ownership_events as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .leftJoin('bulk_run_lines as l', 'l.case_id', 'e.case_id')
    .leftJoin('bulk_runs as r', 'r.id', 'l.run_id')
    .where('e.event', '=', 'deactivated')
    .select(['e.dedupe_key', 'e.msisdn', 'e.at', 'c.market', 'c.channel', 'r.selector']);
}

/**
 * The feed's page: deactivations after `position`, in feed order (migration 0032 gives positions in
 * commit order, so nothing appears later behind a position already read).
 */
export async function revocationsAfter(db: Db | Tx, position: string, limit: number) {
  return disconnections(db)
    .select(sql<string>`e.feed_position::text`.as('position'))
    .where('e.feed_position', '>', sql<string>`${position}::bigint`)
    .orderBy('e.feed_position')
    .limit(limit)
    .execute();
}

/**
 * `market`'s numbers disconnected in `month` (YYYY-MM) in UTC, with a day either side to spare: the
 * caller keeps those in the month in the market's time zone. Oldest first.
 */
export async function disconnectionsAround(db: Db | Tx, market: Market, month: string) {
  return disconnections(db)
    .where('c.market', '=', market)
    .where('e.at', '>=', sql<Date>`(${`${month}-01`}::date - interval '1 day')`)
    .where('e.at', '<', sql<Date>`(${`${month}-01`}::date + interval '1 month 1 day')`)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}
