import { sql, type Kysely } from 'kysely';

/**
 * An agent on a call asks the line on file to confirm the call (reply `YES <reference>` or tap a
 * one-time link), instead of having the caller read a code aloud. The confirmation belongs to the
 * agent's session that asked for it; the link is stored only as a hash. "This wasn't me" is kept
 * (`denied_at`), and `used_at` marks the one case the confirmation was spent on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table line_confirmations
      add column staff_id text,
      add column staff_session_hash text,
      add column link_token_hash text,
      add column denied_at timestamptz,
      add column used_at timestamptz;
    create unique index line_confirmations_link on line_confirmations (link_token_hash)
      where link_token_hash is not null;
  `.execute(db);
}
