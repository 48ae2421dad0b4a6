import { isUniqueViolation, type Db, type Tx } from '../db/database.js';
import { insertAudit } from '../db/repositories/cases.repository.js';
import { SimexitError } from '../domain/errors.js';
import {
  applyPolicyChanges,
  changedPolicyFields,
  editableValues,
  policyLimits,
  withEditableValues,
  type EditablePolicyField,
  type PolicyChanges,
} from '../domain/policy/editing.js';
import { deepFreeze, isMarket, policies } from '../domain/policy/index.js';
import type { Market, MarketPolicy } from '../domain/policy/types.js';
import { markets } from '../domain/policy/types.js';
import { inTransaction, type Actor, type ServiceContext } from './context.js';

/**
 * The one way services get a market policy.
 *
 * - A new case (and anything shown before one exists: checklist, terms, codes) uses the market's
 *   current version, read from the database every time, so an edit made through one process is used
 *   by every other process for its next case. It is one indexed lookup of the highest version.
 * - An existing case uses the version it was filed under (`cases.policy_version`) for its whole life:
 *   the holder was told those terms, and deadlines already set must not move under them.
 *
 * Versions never change once written, so each (market, version) is cached per system for good.
 * Version 1 is the shipped pack in src/domain/policy and never touches the database.
 *
 * Pass `db` (the transaction) when calling inside one: PGlite has a single connection, and a query on
 * the pool from inside a transaction would wait for that transaction forever.
 */
type Executor = Db | Tx;

const cache = new WeakMap<ServiceContext, Map<string, MarketPolicy>>();

function marketOf(value: string): Market {
  if (!isMarket(value)) throw new SimexitError('INTERNAL', `No policy for market ${value}.`);
  return value;
}

/** Version `version` of `market`'s policy. */
export async function policyVersion(
  context: ServiceContext,
  market: Market,
  version: number,
  db: Executor = context.db,
): Promise<MarketPolicy> {
  const shipped = policies[market];
  if (version === shipped.version) return shipped;
  const known = cache.get(context) ?? new Map<string, MarketPolicy>();
  cache.set(context, known);
  const key = `${market}:${version}`;
  const cached = known.get(key);
  if (cached) return cached;
  const row = await db
    .selectFrom('market_policy_versions')
    .select('editable_values')
    .where('market', '=', market)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new SimexitError('INTERNAL', `Policy ${market} version ${version} is not on record.`);
  const policy = deepFreeze(withEditableValues(shipped, row.editable_values, version));
  known.set(key, policy);
  return policy;
}

async function latestVersion(context: ServiceContext, market: Market, db: Executor): Promise<number> {
  const row = await db
    .selectFrom('market_policy_versions')
    .select('version')
    .where('market', '=', market)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.version ?? policies[market].version;
}

/** The policy a new case in `market` is filed under: the latest version. */
export async function currentPolicy(
  context: ServiceContext,
  market: Market | string,
  db: Executor = context.db,
): Promise<MarketPolicy> {
  const checked = marketOf(market);
  return policyVersion(context, checked, await latestVersion(context, checked, db), db);
}

/** The policy an existing case runs under: the version it was filed with. */
export function policyForCase(
  context: ServiceContext,
  row: { market: string; policy_version: number },
  db: Executor = context.db,
): Promise<MarketPolicy> {
  return policyVersion(context, marketOf(row.market), row.policy_version, db);
}

/** Every market's current policy with the ranges its editable fields must keep (for the console). */
export async function listCurrentPolicies(context: ServiceContext) {
  return Promise.all(
    markets.map(async (market) => {
      const policy = await currentPolicy(context, market);
      return { market, version: policy.version, policy, limits: policyLimits(market) };
    }),
  );
}

export interface PolicyVersionView {
  version: number;
  changedBy: { id: string; name: string } | null;
  changedAt: Date | null;
  note: string;
  changedFields: EditablePolicyField[];
  policy: MarketPolicy;
}

/** The history of a market's policy, newest first; version 1 is the shipped pack (no author, no date). */
export async function listPolicyVersions(context: ServiceContext, market: Market): Promise<PolicyVersionView[]> {
  const rows = await context.db
    .selectFrom('market_policy_versions')
    .innerJoin('staff_users', 'staff_users.id', 'market_policy_versions.changed_by')
    .select([
      'market_policy_versions.version',
      'market_policy_versions.changed_at',
      'market_policy_versions.note',
      'staff_users.id as staff_id',
      'staff_users.name as staff_name',
    ])
    .where('market_policy_versions.market', '=', market)
    .orderBy('market_policy_versions.version', 'asc')
    .execute();
  const shipped = policies[market];
  const history: PolicyVersionView[] = [
    {
      version: shipped.version,
      changedBy: null,
      changedAt: null,
      note: 'Shipped policy pack',
      changedFields: [],
      policy: shipped,
    },
  ];
  for (const row of rows) {
    const policy = await policyVersion(context, market, row.version);
    history.push({
      version: row.version,
      changedBy: { id: row.staff_id, name: row.staff_name },
      changedAt: new Date(row.changed_at),
      note: row.note,
      changedFields: changedPolicyFields(history[history.length - 1]!.policy, policy),
      policy,
    });
  }
  return history.reverse();
}

/**
 * Writes version n+1 of a market's policy and its audit entry in one transaction. `expectedVersion`
 * is the version the admin was looking at: if someone else saved in between, the edit is refused
 * rather than silently undoing theirs. The primary key (market, version) settles a true race.
 */
export async function changePolicy(
  context: ServiceContext,
  actor: Extract<Actor, { kind: 'staff' }>,
  market: Market,
  input: { changes: PolicyChanges; note: string; expectedVersion: number },
): Promise<PolicyVersionView> {
  const conflict = (latest: number) =>
    new SimexitError(
      'CONCURRENT_UPDATE',
      `The ${market} policy is now at version ${latest}, not ${input.expectedVersion}. Reload it and make your change again.`,
      { currentVersion: latest },
    );
  try {
    return await inTransaction(context, async (tx) => {
      const current = await currentPolicy(context, market, tx);
      if (current.version !== input.expectedVersion) throw conflict(current.version);
      const next = applyPolicyChanges(current, input.changes);
      const now = context.clock.now();
      await tx
        .insertInto('market_policy_versions')
        .values({
          market,
          version: next.version,
          editable_values: JSON.stringify(editableValues(next)),
          changed_by: actor.id,
          changed_at: now,
          note: input.note,
        })
        .execute();
      const changedFields = changedPolicyFields(current, next);
      await insertAudit(tx, {
        subscriberId: null,
        actorKind: 'staff',
        actorId: actor.id,
        action: 'policy.changed',
        target: `policy:${market}`,
        data: {
          version: next.version,
          previousVersion: current.version,
          changedFields,
          changes: input.changes,
          note: input.note,
        },
        at: now,
      });
      const staff = await tx.selectFrom('staff_users').select('name').where('id', '=', actor.id).executeTakeFirst();
      return {
        version: next.version,
        changedBy: { id: actor.id, name: staff?.name ?? '' },
        changedAt: now,
        note: input.note,
        changedFields,
        policy: deepFreeze(next),
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(await latestVersion(context, market, context.db));
    throw error;
  }
}
