import { sql, type Kysely } from 'kysely';

/**
 * A request that only the holder of a line may confirm, from the line itself: an SMS `CANCEL` is
 * answered with a reference, and the case is filed only when `YES <reference>` comes back. The
 * sender an SMSC reports can be forged; the reply goes to the real line, so only its holder learns
 * the reference. A few wrong references void the request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table line_confirmations (
      id uuid primary key,
      msisdn text not null,
      subscriber_id text not null,
      purpose text not null,
      reference text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      wrong_attempts integer not null default 0,
      confirmed_at timestamptz,
      voided_at timestamptz
    );
    create index line_confirmations_open on line_confirmations (msisdn, purpose, created_at desc);
  `.execute(db);
}
