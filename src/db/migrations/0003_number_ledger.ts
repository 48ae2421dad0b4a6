import { sql, type Kysely } from 'kysely';

/**
 * The number ownership ledger (every deactivation, quarantine, release and reassignment of a
 * number, with its instant) that answers "has this number changed hands since date D?", and the
 * OAuth clients (relying parties, the operator's activation system) allowed to ask and to tell.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table number_ownership_events (
      id bigserial primary key,
      msisdn text not null,
      subscriber_id text,
      event text not null,
      at timestamptz not null,
      case_id uuid,
      source text not null,
      dedupe_key text not null unique,
      recorded_at timestamptz not null
    );
    create index number_ownership_msisdn on number_ownership_events (msisdn, at);

    create table api_clients (
      id text primary key,
      name text not null,
      secret_hash text not null,
      scopes jsonb not null,
      created_at timestamptz not null,
      disabled_at timestamptz
    );

    create table api_tokens (
      token_hash text primary key,
      client_id text not null references api_clients(id),
      scopes jsonb not null,
      created_at timestamptz not null,
      expires_at timestamptz not null
    );
  `.execute(db);
}
