import { sql, type Kysely } from 'kysely';

/**
 * Four eyes on policy changes that weaken a safeguard (domain/policy/editing.ts `weakenedSafeguards`):
 * such a change is stored as a proposal and becomes a version only when a second, different admin
 * approves it. A version records who approved it beside who changed it (null: a change that only
 * strengthened, applied at once, and every version written before this migration).
 *
 * Also the holder's free lock on porting and cancellation (services/line-locks.service.ts): one open
 * lock per number, kept with who set and who lifted it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table market_policy_proposals (
      id uuid primary key,
      market text not null,
      -- The version the change was made against: approving it onto another version is refused.
      base_version integer not null,
      changes jsonb not null,
      weakened jsonb not null,
      note text not null,
      proposed_by uuid not null references staff_users(id),
      proposed_at timestamptz not null,
      state text not null check (state in ('pending', 'approved', 'rejected')),
      decided_by uuid references staff_users(id),
      decided_at timestamptz,
      decision_note text,
      -- The version an approval wrote.
      version integer,
      check (state = 'pending' or decided_by is not null),
      check (decided_by is null or decided_by <> proposed_by or state = 'rejected')
    );
    create index market_policy_proposals_pending on market_policy_proposals (market, proposed_at) where state = 'pending';

    alter table market_policy_versions
      add column approved_by uuid references staff_users(id),
      add column approved_at timestamptz,
      add column proposal_id uuid references market_policy_proposals(id);

    create table line_locks (
      id uuid primary key,
      msisdn text not null,
      subscriber_id text not null,
      locked_at timestamptz not null,
      locked_by text not null,
      lifted_at timestamptz,
      lifted_by text
    );
    create unique index line_locks_open on line_locks (msisdn) where lifted_at is null;
  `.execute(db);
}
