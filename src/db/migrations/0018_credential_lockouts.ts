import { sql, type Kysely } from 'kysely';

/**
 * Failed sign-ins per credential, shared by every API process: a staff e-mail (`staff:<email>`)
 * and an OAuth client id (`client:<id>`). Keyed by what was typed, whether or not such an account
 * exists, so a lock-out says nothing about which accounts are real. A window of failures that
 * reaches the limit sets `locked_until`; a success clears the row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table credential_failures (
      key text primary key,
      failures integer not null,
      window_started_at timestamptz not null,
      locked_until timestamptz
    );
    create index otp_challenges_subscriber_recent on otp_challenges (subscriber_id, created_at);
  `.execute(db);
}
