import { sql, type Kysely } from 'kysely';

/**
 * Ordinary or extraordinary termination (the German cancellation button asks which, §312k(2) BGB),
 * and the reason the holder gives for an extraordinary one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table cases add column termination_kind text not null default 'ordinary';
    alter table cases add column termination_reason text;
  `.execute(db);
}
