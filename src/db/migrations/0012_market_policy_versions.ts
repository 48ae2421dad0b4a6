import { sql, type Kysely } from 'kysely';

/**
 * Admin-edited market policies. Each row is a whole, immutable policy (jsonb) so that a case's
 * `policy_version` names exactly the rules it ran under. Version 1 of every market is the pack shipped
 * in src/domain/policy/*.ts and is not copied here: a migration must not depend on code that a later
 * release may change, and cases filed before this table existed already say version 1.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table market_policy_versions (
      market text not null,
      version integer not null check (version >= 2),
      policy jsonb not null,
      changed_by uuid not null references staff_users(id),
      changed_at timestamptz not null,
      note text not null,
      primary key (market, version)
    );
  `.execute(db);
}
