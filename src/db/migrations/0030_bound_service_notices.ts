import { sql, type Kysely } from 'kysely';

/**
 * `bound_service_notices`: one row per service bound to a cancelled line (a bank, a payment app, an
 * app login, the operator's own instalment or add-on systems), written by the execution step
 * `bound_services`: over what it was told (`channel`, `recipient`), every attempt (`attempts`, the
 * first and the latest, the last error), and, once it answered, when and what (`told_at`,
 * `acknowledgement`). `status` is `told`, `retrying` (an attempt failed and the job tries again) or
 * `failed` (the last attempt failed; the case is in `failed` for a supervisor to retry). The holder
 * and staff read it on the case; the confirmation letter and the "cancelled" message name only the
 * services that were told.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table bound_service_notices (
      case_id uuid not null references cases(id),
      subscriber_id text not null,
      service_id text not null,
      service_kind text not null,
      service_name text not null,
      status text not null check (status in ('told', 'retrying', 'failed')),
      channel text,
      recipient text,
      attempts integer not null check (attempts > 0),
      first_attempt_at timestamptz not null,
      last_attempt_at timestamptz not null,
      last_error text,
      told_at timestamptz,
      acknowledgement text,
      primary key (case_id, service_id),
      check ((status = 'told') = (told_at is not null))
    );
  `.execute(db);
}
