import { sql, type Kysely } from 'kysely';

/** The SMSC's delivery receipt for an outbox SMS (DELIVRD, UNDELIV, EXPIRED…) and when it came. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table outbox_messages add column receipt_status text;
    alter table outbox_messages add column receipt_at timestamptz;
  `.execute(db);
}
