import { sql, type Kysely } from 'kysely';

/** Which outside system an executing case is waiting for (shown to people; cleared when it answers). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table cases add column waiting_on text`.execute(db);
}
