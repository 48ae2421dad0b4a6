import { isUniqueViolation, type Db, type Tx } from '../db/database.js';
import { insertAudit } from '../db/repositories/cases.repository.js';
import {
  decidePolicyProposal,
  findPolicyVersionValues,
  insertPolicyProposal,
  insertPolicyVersion,
  latestPolicyVersion,
  listPolicyProposalRows,
  listPolicyVersionRows,
  lockPolicyProposal,
} from '../db/repositories/policy-versions.repository.js';
import { findStaffUser } from '../db/repositories/staff-users.repository.js';
import { SimexitError } from '../domain/errors.js';
import {
  applyPolicyChanges,
  changedPolicyFields,
  editableValues,
  policyLimits,
  weakenedSafeguards,
  withEditableValues,
  type EditablePolicyField,
  type PolicyChanges,
  type WeakenedSafeguard,
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
 * Every caller passes its executor, and inside a transaction that is the transaction: PGlite has a
 * single connection, and a query on the pool from inside a transaction would wait for it forever.
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
  db: Executor,
): Promise<MarketPolicy> {
  const shipped = policies[market];
  if (version === shipped.version) return shipped;
  const known = cache.get(context) ?? new Map<string, MarketPolicy>();
  cache.set(context, known);
  const key = `${market}:${version}`;
  const cached = known.get(key);
  if (cached) return cached;
  const row = await findPolicyVersionValues(db, market, version);
  if (!row) throw new SimexitError('INTERNAL', `Policy ${market} version ${version} is not on record.`);
  const policy = deepFreeze(withEditableValues(shipped, row.editable_values, version));
  known.set(key, policy);
  return policy;
}

async function latestVersion(db: Executor, market: Market): Promise<number> {
  return (await latestPolicyVersion(db, market)) ?? policies[market].version;
}

/** The policy a new case in `market` is filed under: the latest version. */
export async function currentPolicy(
  context: ServiceContext,
  market: Market | string,
  db: Executor,
): Promise<MarketPolicy> {
  return latestPolicy(context, market, await latestVersion(db, marketOf(market)), db);
}

/** The latest policy of `market` from its latest version as read already (null: only the shipped pack). */
export function latestPolicy(
  context: ServiceContext,
  market: Market | string,
  latest: number | null,
  db: Executor,
): Promise<MarketPolicy> {
  const checked = marketOf(market);
  return policyVersion(context, checked, latest ?? policies[checked].version, db);
}

/** The policy an existing case runs under: the version it was filed with. */
export function policyForCase(
  context: ServiceContext,
  row: { market: string; policy_version: number },
  db: Executor,
): Promise<MarketPolicy> {
  return policyVersion(context, marketOf(row.market), row.policy_version, db);
}

/** Every market's current policy with the ranges its editable fields must keep (for the console). */
export async function listCurrentPolicies(context: ServiceContext) {
  return Promise.all(
    markets.map(async (market) => {
      const policy = await currentPolicy(context, market, context.db);
      return { market, version: policy.version, policy, limits: policyLimits(market) };
    }),
  );
}

export interface PolicyVersionView {
  version: number;
  /** Who made the change (for a change that needed a second admin: who proposed it). */
  changedBy: { id: string; name: string } | null;
  changedAt: Date | null;
  /** The second admin who approved a change that weakened a safeguard; null when none was needed. */
  approvedBy: { id: string; name: string } | null;
  approvedAt: Date | null;
  note: string;
  changedFields: EditablePolicyField[];
  policy: MarketPolicy;
}

/** The history of a market's policy, newest first; version 1 is the shipped pack (no author, no date). */
export async function listPolicyVersions(context: ServiceContext, market: Market): Promise<PolicyVersionView[]> {
  const rows = await listPolicyVersionRows(context.db, market);
  const shipped = policies[market];
  const history: PolicyVersionView[] = [
    {
      version: shipped.version,
      changedBy: null,
      changedAt: null,
      approvedBy: null,
      approvedAt: null,
      note: 'Shipped policy pack',
      changedFields: [],
      policy: shipped,
    },
  ];
  for (const row of rows) {
    const policy = await policyVersion(context, market, row.version, context.db);
    history.push({
      version: row.version,
      changedBy: { id: row.staff_id, name: row.staff_name },
      changedAt: new Date(row.changed_at),
      approvedBy: row.approver_id ? { id: row.approver_id, name: row.approver_name ?? '' } : null,
      approvedAt: row.approved_at ? new Date(row.approved_at) : null,
      note: row.note,
      changedFields: changedPolicyFields(history[history.length - 1]!.policy, policy),
      policy,
    });
  }
  return history.reverse();
}

/** A policy change that weakens a safeguard, as the second admin sees it. */
export interface PolicyProposalView {
  id: string;
  market: Market;
  baseVersion: number;
  changes: PolicyChanges;
  /** Each safeguard the change lowers, with its value before and after. */
  weakened: WeakenedSafeguard[];
  note: string;
  proposedBy: { id: string; name: string };
  proposedAt: Date;
  state: 'pending' | 'approved' | 'rejected';
  decidedBy: { id: string; name: string } | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  /** The version an approval wrote. */
  version: number | null;
  /** The policy moved on since the proposal was made: it can only be rejected (and proposed again). */
  stale: boolean;
}

/** What saving a change did: applied at once, or stored for a second admin. */
export type PolicyChangeResult =
  { outcome: 'applied'; version: PolicyVersionView } | { outcome: 'pending'; proposal: PolicyProposalView };

type StaffActor = Extract<Actor, { kind: 'staff' }>;

const conflictFor = (market: Market, expected: number, latest: number) =>
  new SimexitError(
    'CONCURRENT_UPDATE',
    `The ${market} policy is now at version ${latest}, not ${expected}. Reload it and make your change again.`,
    { currentVersion: latest },
  );

async function staffName(tx: Tx, id: string): Promise<string> {
  return (await findStaffUser(tx, id))?.name ?? '';
}

/** Writes version `next` and its audit entry in the caller's transaction. */
async function writeVersion(
  context: ServiceContext,
  tx: Tx,
  current: MarketPolicy,
  next: MarketPolicy,
  input: {
    changes: PolicyChanges;
    note: string;
    changedBy: string;
    approvedBy: string | null;
    proposalId: string | null;
  },
): Promise<PolicyVersionView> {
  const now = context.clock.now();
  await insertPolicyVersion(tx, {
    market: current.market,
    version: next.version,
    editable_values: JSON.stringify(editableValues(next)),
    changed_by: input.changedBy,
    changed_at: now,
    note: input.note,
    approved_by: input.approvedBy,
    approved_at: input.approvedBy ? now : null,
    proposal_id: input.proposalId,
  });
  const changedFields = changedPolicyFields(current, next);
  await insertAudit(tx, {
    subscriberId: null,
    actorKind: 'staff',
    actorId: input.approvedBy ?? input.changedBy,
    action: 'policy.changed',
    target: `policy:${current.market}`,
    data: {
      version: next.version,
      previousVersion: current.version,
      changedFields,
      changes: input.changes,
      note: input.note,
      changedBy: input.changedBy,
      ...(input.approvedBy ? { approvedBy: input.approvedBy, proposalId: input.proposalId } : {}),
    },
    at: now,
  });
  return {
    version: next.version,
    changedBy: { id: input.changedBy, name: await staffName(tx, input.changedBy) },
    changedAt: now,
    approvedBy: input.approvedBy ? { id: input.approvedBy, name: await staffName(tx, input.approvedBy) } : null,
    approvedAt: input.approvedBy ? now : null,
    note: input.note,
    changedFields,
    policy: deepFreeze(next),
  };
}

/**
 * Saves an admin's change to a market's policy. `expectedVersion` is the version the admin was looking
 * at: if someone else saved in between, the edit is refused rather than silently undoing theirs (the
 * primary key (market, version) settles a true race).
 *
 * A change that weakens a safeguard (domain/policy/editing.ts `weakenedSafeguards`) is not applied: it
 * is stored as a pending proposal, audited, and becomes a version only when a different admin approves
 * it ({@link approvePolicyProposal}). Any other change is version n+1 at once.
 */
export async function changePolicy(
  context: ServiceContext,
  actor: StaffActor,
  market: Market,
  input: { changes: PolicyChanges; note: string; expectedVersion: number },
): Promise<PolicyChangeResult> {
  try {
    return await inTransaction(context, async (tx): Promise<PolicyChangeResult> => {
      const current = await currentPolicy(context, market, tx);
      if (current.version !== input.expectedVersion) throw conflictFor(market, input.expectedVersion, current.version);
      const next = applyPolicyChanges(current, input.changes);
      const weakened = weakenedSafeguards(current, next);
      if (weakened.length === 0) {
        const version = await writeVersion(context, tx, current, next, {
          changes: input.changes,
          note: input.note,
          changedBy: actor.id,
          approvedBy: null,
          proposalId: null,
        });
        return { outcome: 'applied', version };
      }
      const now = context.clock.now();
      const id = crypto.randomUUID();
      await insertPolicyProposal(tx, {
        id,
        market,
        base_version: current.version,
        changes: JSON.stringify(input.changes),
        weakened: JSON.stringify(weakened),
        note: input.note,
        proposed_by: actor.id,
        proposed_at: now,
        state: 'pending',
        decided_by: null,
        decision_note: null,
        version: null,
      });
      await insertAudit(tx, {
        subscriberId: null,
        actorKind: 'staff',
        actorId: actor.id,
        action: 'policy.change_proposed',
        target: `policy:${market}`,
        data: { proposalId: id, baseVersion: current.version, changes: input.changes, weakened, note: input.note },
        at: now,
      });
      return { outcome: 'pending', proposal: await proposalView(context, tx, id) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflictFor(market, input.expectedVersion, await latestVersion(context.db, market));
    }
    throw error;
  }
}

async function proposalView(context: ServiceContext, db: Executor, id: string): Promise<PolicyProposalView> {
  const [view] = await proposalViews(context, db, { id });
  if (!view) throw new SimexitError('POLICY_PROPOSAL_NOT_FOUND', 'There is no policy proposal with this id.');
  return view;
}

async function proposalViews(
  context: ServiceContext,
  db: Executor,
  where: { id: string } | { market: Market; state: 'pending' },
): Promise<PolicyProposalView[]> {
  const rows = await listPolicyProposalRows(db, where);
  const latest = new Map<string, number>();
  const views: PolicyProposalView[] = [];
  for (const row of rows) {
    const market = marketOf(row.market);
    if (!latest.has(market)) latest.set(market, await latestVersion(db, market));
    views.push({
      id: row.id,
      market,
      baseVersion: row.base_version,
      changes: row.changes,
      weakened: row.weakened,
      note: row.note,
      proposedBy: { id: row.proposed_by, name: row.proposer_name },
      proposedAt: new Date(row.proposed_at),
      state: row.state,
      decidedBy: row.decided_by ? { id: row.decided_by, name: row.decider_name ?? '' } : null,
      decidedAt: row.decided_at ? new Date(row.decided_at) : null,
      decisionNote: row.decision_note,
      version: row.version,
      stale: row.state === 'pending' && row.base_version !== latest.get(market),
    });
  }
  return views;
}

/** The changes of a market waiting for a second admin, oldest first. */
export function listPolicyProposals(context: ServiceContext, market: Market): Promise<PolicyProposalView[]> {
  return proposalViews(context, context.db, { market, state: 'pending' });
}

async function lockPendingProposal(tx: Tx, market: Market, id: string) {
  const row = await lockPolicyProposal(tx, market, id);
  if (!row) throw new SimexitError('POLICY_PROPOSAL_NOT_FOUND', `There is no ${market} policy proposal with this id.`);
  if (row.state !== 'pending') {
    throw new SimexitError('POLICY_PROPOSAL_CLOSED', `This proposal was already ${row.state}.`, { state: row.state });
  }
  return row;
}

/**
 * A second admin approves a change that weakens a safeguard: it becomes version n+1, naming who
 * proposed it (changedBy) and who approved it (approvedBy). The proposer cannot approve their own
 * change, and a proposal made against a version that is no longer current is refused: the second admin
 * must judge the change against the policy it would actually replace.
 */
export async function approvePolicyProposal(
  context: ServiceContext,
  actor: StaffActor,
  market: Market,
  id: string,
): Promise<PolicyVersionView> {
  try {
    return await inTransaction(context, async (tx) => {
      const proposal = await lockPendingProposal(tx, market, id);
      if (proposal.proposed_by === actor.id) {
        throw new SimexitError(
          'POLICY_APPROVER_IS_PROPOSER',
          'You proposed this change, so another admin must approve it: it weakens a safeguard.',
          { proposedBy: proposal.proposed_by },
        );
      }
      const current = await currentPolicy(context, market, tx);
      if (current.version !== proposal.base_version) {
        throw new SimexitError(
          'CONCURRENT_UPDATE',
          `This change was proposed against version ${proposal.base_version}, but the ${market} policy is now at version ${current.version}. Reject it and propose it again against the current policy.`,
          { currentVersion: current.version, baseVersion: proposal.base_version },
        );
      }
      const next = applyPolicyChanges(current, proposal.changes);
      const version = await writeVersion(context, tx, current, next, {
        changes: proposal.changes,
        note: proposal.note,
        changedBy: proposal.proposed_by,
        approvedBy: actor.id,
        proposalId: proposal.id,
      });
      const now = context.clock.now();
      await decidePolicyProposal(tx, id, {
        state: 'approved',
        decidedBy: actor.id,
        decidedAt: now,
        version: next.version,
      });
      await insertAudit(tx, {
        subscriberId: null,
        actorKind: 'staff',
        actorId: actor.id,
        action: 'policy.change_approved',
        target: `policy:${market}`,
        data: { proposalId: id, proposedBy: proposal.proposed_by, version: next.version, weakened: proposal.weakened },
        at: now,
      });
      return version;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const latest = await latestVersion(context.db, market);
      throw new SimexitError(
        'CONCURRENT_UPDATE',
        `The ${market} policy moved to version ${latest} meanwhile. Reject this proposal and propose it again.`,
        { currentVersion: latest },
      );
    }
    throw error;
  }
}

/** An admin rejects a pending change (the proposer may withdraw their own); nothing about the policy changes. */
export async function rejectPolicyProposal(
  context: ServiceContext,
  actor: StaffActor,
  market: Market,
  id: string,
  note: string | null,
): Promise<PolicyProposalView> {
  return inTransaction(context, async (tx) => {
    const proposal = await lockPendingProposal(tx, market, id);
    const now = context.clock.now();
    await decidePolicyProposal(tx, id, { state: 'rejected', decidedBy: actor.id, decidedAt: now, note });
    await insertAudit(tx, {
      subscriberId: null,
      actorKind: 'staff',
      actorId: actor.id,
      action: 'policy.change_rejected',
      target: `policy:${market}`,
      data: { proposalId: id, proposedBy: proposal.proposed_by, note },
      at: now,
    });
    return proposalView(context, tx, id);
  });
}
