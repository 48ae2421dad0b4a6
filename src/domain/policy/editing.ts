import { SimexitError } from '../errors.js';
import type { Market, MarketPolicy, RiskSignal } from './types.js';

/**
 * The part of a market policy an admin may change in the console. It is deliberately small: these are
 * the operator's dials (durations, fees, which fraud signals need a person). Everything else — the
 * calendar, the currency, the legal mechanics of each market (notice, transfer and refund duties, which
 * card types come back) — follows from law or from how the operator's systems work, so it changes with
 * a release that updates the shipped pack and its sources, not with a form; every version picks it up,
 * because a version stores only these values.
 */
export interface PolicyChanges {
  coolingOffHours?: number;
  reviewSlaWorkingDays?: number;
  agingDays?: number;
  cardReturn?: { deadlineDays?: number; mailingFeeMinor?: number };
  balance?: { minimumRefundMinor?: number; refundFeeMinor?: number };
  risk?: { manualReviewSignals?: RiskSignal[]; secondApproverSignals?: RiskSignal[] };
}

/** Every editable field by its dotted path, the name used in errors and in a version's list of changes. */
export const editablePolicyFields = [
  'coolingOffHours',
  'reviewSlaWorkingDays',
  'agingDays',
  'cardReturn.deadlineDays',
  'cardReturn.mailingFeeMinor',
  'balance.minimumRefundMinor',
  'balance.refundFeeMinor',
  'risk.manualReviewSignals',
  'risk.secondApproverSignals',
] as const;
export type EditablePolicyField = (typeof editablePolicyFields)[number];
type NumericField = Exclude<EditablePolicyField, `risk.${string}`>;
const numericFields = editablePolicyFields.filter((field): field is NumericField => !field.startsWith('risk.'));

/** An inclusive range a numeric field must stay in, and where that range comes from. */
export interface PolicyLimit {
  min: number;
  max: number;
  source: string;
}

/**
 * Ranges that hold in every market. They are operator guard rails rather than law: they stop a typo
 * (a cooling-off of 2400 hours, a fee of a million) from quietly holding every cancellation hostage.
 */
const commonLimits: Record<NumericField, PolicyLimit> = {
  coolingOffHours: {
    min: 0,
    max: 168,
    source:
      'Operator guard rail: cooling-off may be off (0) but not longer than a week, or the holder waits for nothing',
  },
  reviewSlaWorkingDays: { min: 1, max: 20, source: 'Operator guard rail: a review promise of 1 to 20 working days' },
  agingDays: {
    min: 0,
    max: 365,
    source:
      'Operator guard rail: a number is quarantined for at most a year (47 CFR §52.15(f)(1)(ii) allows 365 for business numbers)',
  },
  'cardReturn.deadlineDays': { min: 1, max: 90, source: 'Operator guard rail: 1 to 90 days to post a card back' },
  'cardReturn.mailingFeeMinor': { min: 0, max: 2_000, source: 'Operator guard rail: postage, not a penalty' },
  'balance.minimumRefundMinor': { min: 0, max: 10_000, source: 'Operator guard rail' },
  'balance.refundFeeMinor': { min: 0, max: 2_000, source: 'Operator guard rail' },
};

/**
 * Market rules that narrow the common ranges, each with its source. An edit outside them is refused:
 * the console must not let anyone configure the operator out of compliance.
 */
const marketLimits: Record<Market, Partial<Record<NumericField, PolicyLimit>>> = {
  UK: {},
  DE: {
    'balance.refundFeeMinor': {
      min: 0,
      max: 0,
      source:
        'German courts have struck down payout fees for prepaid credit (see policy/de.ts); EECC (Directive (EU) 2018/1972) Art. 106(6)',
    },
    'cardReturn.mailingFeeMinor': {
      min: 0,
      max: 0,
      source:
        'Operator decision in the spirit of BGB §312k (cancelling must not be made harder than signing up): no charge to post a card back',
    },
  },
  CN: {
    agingDays: {
      min: 90,
      max: 365,
      source: 'MIIT guidance on number recycling: a cancelled number is held at least 90 days before reissue',
    },
  },
  US: {
    agingDays: {
      min: 45,
      max: 90,
      source:
        '47 CFR §52.15(f)(1)(ii) (FCC 18-177): disconnected numbers aged at least 45 days; residential numbers at most 90',
    },
  },
};

/** The range `field` must stay in for `market`: the market's rule where it has one, else the common rail. */
export function policyLimit(market: Market, field: NumericField): PolicyLimit {
  return marketLimits[market][field] ?? commonLimits[field];
}

/** Every numeric field's range for `market`, for the console to show next to the inputs. */
export function policyLimits(market: Market): Record<NumericField, PolicyLimit> {
  return { ...commonLimits, ...marketLimits[market] };
}

function numericValue(policy: MarketPolicy, field: NumericField): number {
  switch (field) {
    case 'coolingOffHours':
    case 'reviewSlaWorkingDays':
    case 'agingDays':
      return policy[field];
    case 'cardReturn.deadlineDays':
      return policy.cardReturn.deadlineDays;
    case 'cardReturn.mailingFeeMinor':
      return policy.cardReturn.mailingFeeMinor;
    case 'balance.minimumRefundMinor':
      return policy.balance.minimumRefundMinor;
    case 'balance.refundFeeMinor':
      return policy.balance.refundFeeMinor;
  }
}

function fieldValue(policy: MarketPolicy, field: EditablePolicyField): number | readonly RiskSignal[] {
  switch (field) {
    case 'risk.manualReviewSignals':
      return policy.risk.manualReviewSignals;
    case 'risk.secondApproverSignals':
      return policy.risk.secondApproverSignals;
    default:
      return numericValue(policy, field);
  }
}

/** The editable fields whose values differ between two versions (signal lists compared as sets). */
export function changedPolicyFields(before: MarketPolicy, after: MarketPolicy): EditablePolicyField[] {
  const normal = (value: number | readonly RiskSignal[]) =>
    JSON.stringify(typeof value === 'number' ? value : [...value].sort());
  return editablePolicyFields.filter((field) => normal(fieldValue(before, field)) !== normal(fieldValue(after, field)));
}

const invalid = (field: string, message: string, details: Record<string, unknown> = {}) =>
  new SimexitError('VALIDATION_FAILED', message, { field: `changes.${field}`, ...details });

/**
 * The next version of `current` with `changes` applied, or a VALIDATION_FAILED naming the first field
 * that breaks a rule. Also refuses a change that changes nothing, so the history has no empty versions.
 *
 * Risk rule: `agent_override` must stay in one of the two signal lists. The console promises an agent
 * that ticking "send to manual review" puts the case in front of a person whatever the other rules say
 * (staff route `agentOverride`), and that promise must not be configurable away.
 */
export function applyPolicyChanges(current: MarketPolicy, changes: PolicyChanges): MarketPolicy {
  const next: MarketPolicy = {
    ...current,
    version: current.version + 1,
    ...(changes.coolingOffHours !== undefined ? { coolingOffHours: changes.coolingOffHours } : {}),
    ...(changes.reviewSlaWorkingDays !== undefined ? { reviewSlaWorkingDays: changes.reviewSlaWorkingDays } : {}),
    ...(changes.agingDays !== undefined ? { agingDays: changes.agingDays } : {}),
    cardReturn: { ...current.cardReturn, ...definedOnly(changes.cardReturn) },
    balance: { ...current.balance, ...definedOnly(changes.balance) },
    risk: { ...current.risk, ...definedOnly(changes.risk) },
  };
  for (const field of numericFields) {
    const value = numericValue(next, field);
    const limit = policyLimit(current.market, field);
    if (!Number.isInteger(value) || value < limit.min || value > limit.max) {
      throw invalid(field, `${field} must be a whole number from ${limit.min} to ${limit.max} in ${current.market}.`, {
        min: limit.min,
        max: limit.max,
        source: limit.source,
      });
    }
  }
  for (const field of ['manualReviewSignals', 'secondApproverSignals'] as const) {
    const signals = next.risk[field];
    if (new Set(signals).size !== signals.length) throw invalid(`risk.${field}`, `risk.${field} lists a signal twice.`);
  }
  if (![...next.risk.manualReviewSignals, ...next.risk.secondApproverSignals].includes('agent_override')) {
    throw invalid(
      'risk.manualReviewSignals',
      'agent_override must stay in manualReviewSignals or secondApproverSignals: an agent’s override always reaches a person.',
    );
  }
  if (changedPolicyFields(current, next).length === 0) {
    throw new SimexitError('VALIDATION_FAILED', 'These changes leave the policy as it is.', { field: 'changes' });
  }
  return next;
}

/** Every editable field of `policy`: what a stored version keeps (see `withEditableValues`). */
export function editableValues(policy: MarketPolicy): Required<PolicyChanges> {
  return {
    coolingOffHours: policy.coolingOffHours,
    reviewSlaWorkingDays: policy.reviewSlaWorkingDays,
    agingDays: policy.agingDays,
    cardReturn: { deadlineDays: policy.cardReturn.deadlineDays, mailingFeeMinor: policy.cardReturn.mailingFeeMinor },
    balance: {
      minimumRefundMinor: policy.balance.minimumRefundMinor,
      refundFeeMinor: policy.balance.refundFeeMinor,
    },
    risk: {
      manualReviewSignals: [...policy.risk.manualReviewSignals],
      secondApproverSignals: [...policy.risk.secondApproverSignals],
    },
  };
}

/**
 * Version `version` of a market's policy: the shipped pack of the running release with an admin's
 * values for the editable fields. Only those values are stored per version, so a release that corrects
 * a pack's calendar or legal mechanics applies to every version, as it does to version 1.
 */
export function withEditableValues(shipped: MarketPolicy, values: PolicyChanges, version: number): MarketPolicy {
  return {
    ...shipped,
    version,
    ...(values.coolingOffHours !== undefined ? { coolingOffHours: values.coolingOffHours } : {}),
    ...(values.reviewSlaWorkingDays !== undefined ? { reviewSlaWorkingDays: values.reviewSlaWorkingDays } : {}),
    ...(values.agingDays !== undefined ? { agingDays: values.agingDays } : {}),
    cardReturn: { ...shipped.cardReturn, ...definedOnly(values.cardReturn) },
    balance: { ...shipped.balance, ...definedOnly(values.balance) },
    risk: { ...shipped.risk, ...definedOnly(values.risk) },
  };
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A change of one field that lowers a safeguard, with the values before and after. */
export interface WeakenedSafeguard {
  field: EditablePolicyField;
  /** What the change does, as the second admin reads it. */
  effect: string;
  from: unknown;
  to: unknown;
}

/** How much review a risk signal forces: 2 two people, 1 one person, 0 none (automatic approval). */
function signalLevel(policy: MarketPolicy, signal: RiskSignal): number {
  if (policy.risk.secondApproverSignals.includes(signal)) return 2;
  if (policy.risk.manualReviewSignals.includes(signal)) return 1;
  return 0;
}

/**
 * The changes from `current` to `next` that weaken a safeguard against account takeover: a shorter
 * cooling-off (less time for the holder to say "not you"), a shorter number quarantine (the number
 * reaches someone else sooner, while banks still trust it), and any risk signal that forces less
 * review than before (from two people to one, or from a person to automatic approval — which is what
 * raises automatic approvals). Such a change takes effect only when a second admin approves it
 * (services/policies.service.ts); a change that only strengthens, or touches nothing protective
 * (fees, SLA, card-return deadline), applies at once.
 */
export function weakenedSafeguards(current: MarketPolicy, next: MarketPolicy): WeakenedSafeguard[] {
  const weakened: WeakenedSafeguard[] = [];
  if (next.coolingOffHours < current.coolingOffHours) {
    weakened.push({
      field: 'coolingOffHours',
      effect: 'shorter cooling-off: less time for the holder to stop a cancellation they did not ask for',
      from: current.coolingOffHours,
      to: next.coolingOffHours,
    });
  }
  if (next.agingDays < current.agingDays) {
    weakened.push({
      field: 'agingDays',
      effect: 'shorter quarantine: the number reaches a new holder sooner',
      from: current.agingDays,
      to: next.agingDays,
    });
  }
  const lowered = (level: number) =>
    [...new Set([...current.risk.manualReviewSignals, ...current.risk.secondApproverSignals])].filter(
      (signal) => signalLevel(current, signal) === level && signalLevel(next, signal) < level,
    );
  const fewerSecond = lowered(2);
  if (fewerSecond.length > 0) {
    weakened.push({
      field: 'risk.secondApproverSignals',
      effect: `${fewerSecond.join(', ')} no longer need two people`,
      from: current.risk.secondApproverSignals,
      to: next.risk.secondApproverSignals,
    });
  }
  const fewerManual = lowered(1);
  if (fewerManual.length > 0) {
    weakened.push({
      field: 'risk.manualReviewSignals',
      effect: `${fewerManual.join(', ')} no longer need a person: such cases are approved automatically`,
      from: current.risk.manualReviewSignals,
      to: next.risk.manualReviewSignals,
    });
  }
  return weakened;
}
