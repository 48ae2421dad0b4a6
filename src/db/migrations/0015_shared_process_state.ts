import { sql, type Kysely } from 'kysely';

/**
 * State that every API and worker process must see alike, so N processes behave as one:
 *
 * - rate_limit_buckets: one fixed window per (route, client address), counted by an atomic upsert
 *   per request (db/repositories/rate-limits.repository.ts) instead of in each process's memory.
 * - sms_submitted_parts: the SMSC's message id for each accepted SMS part, written when submit_sm_resp
 *   arrives, so a delivery receipt reaching any worker (or one restarted since) finds its outbox
 *   message, and a retry on any worker sends only the parts still missing (with the same
 *   concatenation reference). Keyed by the normalised id the receipt is matched on.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table rate_limit_buckets (
      key text primary key,
      count integer not null,
      reset_at timestamptz not null
    );
    create index rate_limit_buckets_reset on rate_limit_buckets (reset_at);

    create table sms_submitted_parts (
      smsc_id_key text primary key,
      smsc_message_id text not null,
      outbox_message_id uuid not null references outbox_messages(id) on delete cascade,
      part_index integer not null,
      part_count integer not null,
      concat_reference integer not null,
      submitted_at timestamptz not null
    );
    create index sms_submitted_parts_message on sms_submitted_parts (outbox_message_id);
    create index sms_submitted_parts_age on sms_submitted_parts (submitted_at);
  `.execute(db);
}
