import type { Insertable, Selectable } from 'kysely';
import type { Market } from '../../domain/policy/types.js';
import type { Db, Tx } from '../database.js';
import type { MarketPolicyProposalsTable, MarketPolicyVersionsTable } from '../schema.js';

/**
 * The admin-edited versions of each market's policy (market_policy_versions, keyed by market and
 * version; version 1 is the shipped pack and is never stored) and the changes that weaken a safeguard,
 * waiting for a second admin (market_policy_proposals).
 */
export type NewPolicyVersion = Insertable<MarketPolicyVersionsTable>;
export type PolicyProposalRow = Selectable<MarketPolicyProposalsTable>;
export type NewPolicyProposal = Insertable<MarketPolicyProposalsTable>;

/** The admin's values of one stored version, if that version is on record. */
export async function findPolicyVersionValues(
  db: Db | Tx,
  market: Market,
  version: number,
): Promise<Pick<Selectable<MarketPolicyVersionsTable>, 'editable_values'> | undefined> {
  return db
    .selectFrom('market_policy_versions')
    .select('editable_values')
    .where('market', '=', market)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** The highest stored version of `market`'s policy; null while only the shipped pack exists. */
export async function latestPolicyVersion(db: Db | Tx, market: Market): Promise<number | null> {
  const row = await db
    .selectFrom('market_policy_versions')
    .select('version')
    .where('market', '=', market)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.version ?? null;
}

/** Every stored version of `market`'s policy, oldest first, with who changed it and who approved it. */
export async function listPolicyVersionRows(db: Db | Tx, market: Market) {
  return db
    .selectFrom('market_policy_versions')
    .innerJoin('staff_users', 'staff_users.id', 'market_policy_versions.changed_by')
    .leftJoin('staff_users as approver', 'approver.id', 'market_policy_versions.approved_by')
    .select([
      'market_policy_versions.version',
      'market_policy_versions.changed_at',
      'market_policy_versions.note',
      'market_policy_versions.approved_at',
      'staff_users.id as staff_id',
      'staff_users.name as staff_name',
      'approver.id as approver_id',
      'approver.name as approver_name',
    ])
    .where('market_policy_versions.market', '=', market)
    .orderBy('market_policy_versions.version', 'asc')
    .execute();
}

/** Writes a version; a concurrent writer of the same (market, version) fails on the primary key. */
export async function insertPolicyVersion(tx: Tx, values: NewPolicyVersion): Promise<void> {
  await tx.insertInto('market_policy_versions').values(values).execute();
}

export async function insertPolicyProposal(tx: Tx, values: NewPolicyProposal): Promise<void> {
  await tx.insertInto('market_policy_proposals').values(values).execute();
}

/** One proposal, or a market's proposals in one state, oldest first, with the names of who proposed and decided. */
export async function listPolicyProposalRows(
  db: Db | Tx,
  where: { id: string } | { market: Market; state: PolicyProposalRow['state'] },
) {
  let query = db
    .selectFrom('market_policy_proposals as p')
    .innerJoin('staff_users as proposer', 'proposer.id', 'p.proposed_by')
    .leftJoin('staff_users as decider', 'decider.id', 'p.decided_by')
    .selectAll('p')
    .select(['proposer.name as proposer_name', 'decider.name as decider_name']);
  query =
    'id' in where
      ? query.where('p.id', '=', where.id)
      : query.where('p.market', '=', where.market).where('p.state', '=', where.state);
  return query.orderBy('p.proposed_at').orderBy('p.id').execute();
}

/** Locks a proposal of `market`, so it is decided once. */
export async function lockPolicyProposal(tx: Tx, market: Market, id: string): Promise<PolicyProposalRow | undefined> {
  return tx
    .selectFrom('market_policy_proposals')
    .selectAll()
    .where('id', '=', id)
    .where('market', '=', market)
    .forUpdate()
    .executeTakeFirst();
}

/** Records the second admin's decision: an approval names the version it wrote, a rejection its note. */
export async function decidePolicyProposal(
  tx: Tx,
  id: string,
  decision: { decidedBy: string; decidedAt: Date } & (
    { state: 'approved'; version: number } | { state: 'rejected'; note: string | null }
  ),
): Promise<void> {
  await tx
    .updateTable('market_policy_proposals')
    .set({
      state: decision.state,
      decided_by: decision.decidedBy,
      decided_at: decision.decidedAt,
      ...(decision.state === 'approved' ? { version: decision.version } : { decision_note: decision.note }),
    })
    .where('id', '=', id)
    .execute();
}
