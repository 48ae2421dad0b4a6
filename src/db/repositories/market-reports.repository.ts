import { sql, type Insertable } from 'kysely';
import type { ReportKind } from '../../domain/market-reports.js';
import type { Market } from '../../domain/policy/types.js';
import type { Db, Tx } from '../database.js';
import type { MarketReportsTable } from '../schema.js';

/**
 * The regulatory files kept for download (market_reports, one per kind, market and period;
 * services/market-reports.service.ts), and what they are made of: numbers disconnected in the US,
 * numbers in quarantine in CN (every market's disconnections: revocations.repository.ts).
 */
export type NewMarketReport = Insertable<MarketReportsTable>;

/**
 * Stores a report unless one of its kind, market and period is stored already.
 * @returns whether it was stored now.
 */
export async function insertMarketReportUnlessStored(db: Db | Tx, values: NewMarketReport): Promise<boolean> {
  const inserted = await db
    .insertInto('market_reports')
    .values(values)
    .onConflict((conflict) => conflict.columns(['kind', 'market', 'period']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function marketReportExists(
  db: Db | Tx,
  kind: ReportKind,
  market: Market,
  period: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('market_reports')
    .select('id')
    .where('kind', '=', kind)
    .where('market', '=', market)
    .where('period', '=', period)
    .executeTakeFirst();
  return row !== undefined;
}

/** The newest 200 reports, of one market or all, without their content. */
export async function listMarketReports(db: Db | Tx, market: Market | undefined) {
  let query = db
    .selectFrom('market_reports')
    .select(['id', 'market', 'kind', 'period', 'generated_at as generatedAt', 'row_count as rowCount']);
  if (market) query = query.where('market', '=', market);
  return query.orderBy('generated_at', 'desc').limit(200).execute();
}

export async function findMarketReport(db: Db | Tx, id: string) {
  return db.selectFrom('market_reports').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * US numbers deactivated in `month` (YYYY-MM) in UTC, with a day after it to spare: the caller keeps
 * those in the month in the market's time zone. Oldest first.
 */
export async function usDeactivationsAround(db: Db | Tx, month: string) {
  return db
    .selectFrom('number_ownership_events')
    .innerJoin('cases', 'cases.id', 'number_ownership_events.case_id')
    .select(['number_ownership_events.msisdn', 'number_ownership_events.at'])
    .where('number_ownership_events.event', '=', 'deactivated')
    .where('cases.market', '=', 'US')
    .where('number_ownership_events.at', '>=', new Date(`${month}-01T00:00:00Z`))
    .where('number_ownership_events.at', '<', sql<Date>`(${`${month}-01`}::date + interval '1 month 1 day')`)
    .orderBy('number_ownership_events.at')
    .execute();
}

/** CN numbers still in quarantine whose release comes before `horizon`, soonest first. */
export async function cnQuarantinesReleasedBefore(db: Db | Tx, horizon: Date) {
  return db
    .selectFrom('number_quarantines')
    .select(['msisdn', 'quarantined_at', 'release_at'])
    .where('market', '=', 'CN')
    .where('released_at', 'is', null)
    .where('release_at', '<', horizon)
    .orderBy('release_at')
    .execute();
}
