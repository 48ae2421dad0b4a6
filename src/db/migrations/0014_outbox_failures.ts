import { sql, type Kysely } from 'kysely';

/**
 * A message whose delivery failed on its last attempt is marked, so it is counted and shown on the
 * case's communication log instead of waiting undelivered for ever.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table outbox_messages add column failed_at timestamptz`.execute(db);
  await sql`create index outbox_messages_failed on outbox_messages (failed_at) where failed_at is not null`.execute(db);
}
