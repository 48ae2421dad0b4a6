import { sql, type Kysely } from 'kysely';

/**
 * The demo inbox lists messages in the order they arrived. Several can arrive at the same instant
 * (a code asked for twice within one clock tick), so arrival gets a sequence number of its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table demo.inbox add column seq bigserial`.execute(db);
}
