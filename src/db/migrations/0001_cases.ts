import { sql, type Kysely } from 'kysely';

/** The case engine's own tables. Every subscriber-owned row carries subscriber_id. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table cases (
      id uuid primary key,
      subscriber_id text not null,
      msisdn text not null,
      iccid text not null,
      product_type text not null,
      market text not null,
      policy_version integer not null,
      channel text not null,
      state text not null,
      resume_state text,
      review_route text,
      approvals jsonb not null default '[]',
      card_return_required boolean not null,
      escalated boolean not null default false,
      risk_signals jsonb not null default '[]',
      decisions jsonb not null,
      checklist jsonb not null,
      verification jsonb not null,
      contacts jsonb not null,
      requested_end_date date,
      line_ends_on date not null,
      received_at timestamptz not null,
      reason_code text,
      leaving_reason text,
      filed_by text,
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    -- One open case per line: a second submission for the same number is refused, not duplicated.
    create unique index cases_one_open_per_line on cases (msisdn)
      where state not in ('completed', 'rejected', 'withdrawn');
    create index cases_subscriber on cases (subscriber_id, created_at desc);
    create index cases_state on cases (state);

    create table case_events (
      id bigserial primary key,
      case_id uuid not null references cases(id),
      subscriber_id text not null,
      type text not null,
      from_state text,
      to_state text not null,
      actor_kind text not null,
      actor_id text,
      channel text,
      reason text,
      data jsonb not null default '{}',
      at timestamptz not null
    );
    create index case_events_case on case_events (case_id, id);

    create table audit_log (
      id bigserial primary key,
      subscriber_id text,
      actor_kind text not null,
      actor_id text,
      action text not null,
      target text,
      data jsonb not null default '{}',
      at timestamptz not null
    );
    create index audit_log_target on audit_log (target, id);

    create table outbox_messages (
      id uuid primary key,
      subscriber_id text not null,
      case_id uuid references cases(id),
      channel text not null,
      recipient text not null,
      template text not null,
      subject text not null,
      body text not null,
      dedupe_key text not null unique,
      created_at timestamptz not null,
      delivered_at timestamptz,
      attempts integer not null default 0,
      last_error text
    );
    create index outbox_undelivered on outbox_messages (created_at) where delivered_at is null;
    create index outbox_case on outbox_messages (case_id, created_at);

    create table case_messages (
      id uuid primary key,
      case_id uuid not null references cases(id),
      subscriber_id text not null,
      direction text not null,
      author_kind text not null,
      author_id text,
      body text not null,
      created_at timestamptz not null
    );
    create index case_messages_case on case_messages (case_id, created_at);

    create table case_documents (
      id uuid primary key,
      case_id uuid not null references cases(id),
      subscriber_id text not null,
      kind text not null,
      filename text not null,
      content_type text not null,
      size integer not null,
      sha256 text not null,
      content bytea not null,
      uploaded_by text,
      created_at timestamptz not null
    );
    create index case_documents_case on case_documents (case_id);

    create table timers (
      id uuid primary key,
      case_id uuid not null references cases(id),
      subscriber_id text not null,
      kind text not null,
      due_at timestamptz not null,
      fired_at timestamptz,
      cancelled_at timestamptz
    );
    create index timers_due on timers (due_at) where fired_at is null and cancelled_at is null;
    create index timers_case on timers (case_id);

    create table execution_steps (
      case_id uuid not null references cases(id),
      subscriber_id text not null,
      step text not null,
      completed_at timestamptz not null,
      result jsonb not null default '{}',
      primary key (case_id, step)
    );

    create table idempotency_keys (
      scope text not null,
      key text not null,
      subscriber_id text not null,
      request_hash text not null,
      case_id uuid not null references cases(id),
      created_at timestamptz not null,
      primary key (scope, key)
    );

    create table otp_challenges (
      id uuid primary key,
      subscriber_id text not null,
      msisdn text not null,
      purpose text not null,
      delivery text not null,
      code_hash text not null,
      expires_at timestamptz not null,
      attempts integer not null default 0,
      locked_at timestamptz,
      consumed_at timestamptz,
      requested_by text,
      created_at timestamptz not null
    );
    create index otp_challenges_msisdn on otp_challenges (msisdn, created_at desc);

    create table staff_users (
      id uuid primary key,
      email text not null unique,
      name text not null,
      role text not null,
      password_hash text not null,
      created_at timestamptz not null,
      disabled_at timestamptz
    );

    create table sessions (
      token_hash text primary key,
      kind text not null,
      subscriber_id text,
      staff_id uuid references staff_users(id),
      scope jsonb not null default '{}',
      created_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz
    );

    create table number_quarantines (
      case_id uuid primary key references cases(id),
      subscriber_id text not null,
      msisdn text not null,
      market text not null,
      quarantined_at timestamptz not null,
      release_at timestamptz not null,
      released_at timestamptz
    );
    create index number_quarantines_msisdn on number_quarantines (msisdn, quarantined_at desc);
  `.execute(db);
}
