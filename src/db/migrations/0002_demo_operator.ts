import { sql, type Kysely } from 'kysely';

/**
 * The demo operator's own schema: a simulated CRM, billing system, network and message inboxes.
 * It stands in for outside systems, so simexit's tables never reference it. Each side effect table
 * is keyed by the caller's idempotency key and counts replays, which is how tests prove that a
 * retried call changed nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create schema if not exists demo;

    create table demo.subscribers (
      id text primary key,
      persona text unique,
      description text,
      name text not null,
      account_login text unique,
      email text not null,
      date_of_birth date,
      address text not null,
      id_document_type text,
      id_document_number text,
      market text not null,
      contact_changed_at timestamptz
    );

    create table demo.lines (
      msisdn text primary key,
      iccid text not null unique,
      subscriber_id text not null references demo.subscribers(id),
      product_type text not null,
      market text not null,
      status text not null default 'active',
      sim_changed_at timestamptz,
      debt_minor integer not null default 0,
      payment_arrangement boolean not null default false,
      contract_term_ends_on date,
      early_termination_charge_minor integer not null default 0,
      prepaid boolean not null default false,
      credit_minor integer not null default 0,
      data_mb integer not null default 0,
      billing_stopped_at timestamptz,
      deactivated_at timestamptz
    );
    create index demo_lines_subscriber on demo.lines (subscriber_id);

    create table demo.bound_services (
      id text primary key,
      msisdn text not null references demo.lines(msisdn),
      kind text not null,
      name text not null
    );

    create table demo.operations (
      idempotency_key text primary key,
      operation text not null,
      msisdn text not null,
      data jsonb not null default '{}',
      first_at timestamptz not null,
      replays integer not null default 0
    );
    create index demo_operations_msisdn on demo.operations (msisdn, operation);

    create table demo.number_inventory (
      msisdn text primary key,
      status text not null,
      quarantined_until timestamptz,
      updated_at timestamptz not null
    );

    create table demo.inbox (
      message_id text primary key,
      channel text not null,
      recipient text not null,
      subject text not null,
      body text not null,
      received_at timestamptz not null,
      replays integer not null default 0
    );
    create index demo_inbox_recipient on demo.inbox (recipient, received_at);
  `.execute(db);
}
