import { sql, type Kysely } from 'kysely';

/**
 * Bulk deactivation runs (services/bulk-runs.service.ts): the run, one row per line with its stage and
 * the instant its next stage is due (timers are data), the rejected rows of an uploaded list, and one
 * row per processed batch (progress and rate). The demo network learns bars, and the demo CRM when a
 * line's holder registered and when the line was last used, so the selectors have something to answer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table bulk_runs (
      id uuid primary key,
      market text not null,
      name text not null,
      state text not null,
      source text not null,
      selector jsonb,
      stages jsonb not null,
      delay_seconds jsonb not null,
      lines_per_second integer not null,
      batch_size integer not null,
      policy_version integer not null,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      started_at timestamptz,
      finished_at timestamptz,
      -- When the run next has work (the earliest due line, or now while it is throttled); null while a
      -- job holds the wake-up, or when there is nothing left.
      next_due_at timestamptz,
      prepare_cursor text,
      last_error text,
      version integer not null default 1
    );
    create index bulk_runs_due on bulk_runs (next_due_at) where next_due_at is not null;

    create table bulk_run_lines (
      id uuid primary key,
      run_id uuid not null references bulk_runs(id),
      row_number integer,
      msisdn text not null,
      iccid text not null,
      subscriber_id text not null,
      product_type text not null,
      email text,
      status text not null,
      stage text,
      due_at timestamptz,
      case_id uuid references cases(id),
      reason text,
      -- An agent's reinstatement waits here for the run's worker, which alone talks to the network for
      -- the run, so an unbar can never overtake a bar still in flight.
      reinstate_requested_at timestamptz,
      reinstate_requested_by text,
      reinstate_note text,
      stage_at jsonb not null default '{}',
      updated_at timestamptz not null
    );
    create unique index bulk_run_lines_number on bulk_run_lines (run_id, msisdn);
    -- (run_id, due_at, id) matches the batch query's order, so taking the next batch reads only that batch.
    create index bulk_run_lines_due on bulk_run_lines (run_id, due_at, id) where status in ('pending', 'active');
    create index bulk_run_lines_case on bulk_run_lines (case_id) where case_id is not null;

    create table bulk_run_rejections (
      run_id uuid not null references bulk_runs(id),
      row_number integer not null,
      value text not null,
      reason text not null,
      detail text,
      primary key (run_id, row_number)
    );

    create table bulk_run_batches (
      id uuid primary key,
      run_id uuid not null references bulk_runs(id),
      stage text not null,
      lines integer not null,
      reinstated integer not null,
      failed integer not null,
      started_at timestamptz not null,
      finished_at timestamptz not null,
      case_ids uuid[] not null
    );
    create index bulk_run_batches_run on bulk_run_batches (run_id, finished_at);

    alter table demo.lines
      add column barring text not null default 'none',
      add column registered_at timestamptz,
      add column last_activity_at timestamptz;
  `.execute(db);
}
