import { sql, type Kysely } from 'kysely';

/**
 * Admin-edited market policies. Each row keeps an admin's values for the editable fields (jsonb,
 * immutable), so a case's `policy_version` names the dials it ran under; the rest comes from the pack
 * shipped with the running release (src/domain/policy/*.ts), whose fixes therefore reach every version.
 * Version 1 of every market is the pack as shipped and is not stored: cases filed before this table
 * existed already say version 1.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table market_policy_versions (
      market text not null,
      version integer not null check (version >= 2),
      editable_values jsonb not null,
      changed_by uuid not null references staff_users(id),
      changed_at timestamptz not null,
      note text not null,
      primary key (market, version)
    );
  `.execute(db);
}
