import { sql, type Kysely } from 'kysely';

/** Regulatory files the scheduler produces per market and period, kept for download. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table market_reports (
      id uuid primary key,
      market text not null,
      kind text not null,
      period text not null,
      generated_at timestamptz not null,
      row_count integer not null,
      content text not null,
      unique (kind, period)
    );
  `.execute(db);
}
