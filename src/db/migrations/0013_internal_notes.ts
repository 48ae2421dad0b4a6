import { sql, type Kysely } from 'kysely';

/** Staff notes on a case that only staff see, beside the messages the holder reads. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table case_messages add column internal boolean not null default false`.execute(db);
}
