import { sql, type Kysely } from 'kysely';

/** Relying-party webhook subscriptions and every delivery, with its attempts and outcome. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table webhook_subscriptions (
      id uuid primary key,
      client_id text not null references api_clients(id),
      url text not null,
      secret text not null,
      numbers jsonb,
      events jsonb not null,
      created_at timestamptz not null,
      disabled_at timestamptz
    );

    create table webhook_deliveries (
      id uuid primary key,
      subscription_id uuid not null references webhook_subscriptions(id),
      event_key text not null,
      event_type text not null,
      msisdn text not null,
      payload jsonb not null,
      created_at timestamptz not null,
      attempts integer not null default 0,
      last_status integer,
      last_error text,
      delivered_at timestamptz,
      dead_at timestamptz,
      unique (subscription_id, event_key)
    );
    create index webhook_deliveries_open on webhook_deliveries (created_at) where delivered_at is null;
  `.execute(db);
}
