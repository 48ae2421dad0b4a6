import type { MarketPolicy, RiskSignal } from './policy/types.js';
import { riskSignals } from './policy/types.js';
import { reviewFloorFor, stricterRoute } from './evidence.js';
import { HOUR } from './time.js';

/** What simexit knows about a line's recent history when a cancellation is assessed. */
export interface RiskInput {
  /** Last SIM change (swap, replacement, eSIM transfer), as the network reports it (CAMARA SIM Swap). */
  simChangedAt: Date | null;
  /** Last change of the holder's contact details (e-mail, alternative number, address). */
  contactChangedAt: Date | null;
  /** Failed identity checks for this number in the recent past. */
  failedVerificationAttempts: number;
  /** An agent pushed the case through against a warning or without the usual proof. */
  agentOverride: boolean;
}

export type ReviewRoute = 'auto' | 'manual' | 'second_approver';

export interface RiskAssessment {
  /** Signals present, in the order of `riskSignals`. */
  signals: RiskSignal[];
  route: ReviewRoute;
}

function changedWithin(changedAt: Date | null, windowHours: number, now: Date): boolean {
  if (changedAt === null) return false;
  // A change stamped after `now` (clock skew between systems) is as recent as it gets.
  return now.getTime() - changedAt.getTime() <= windowHours * HOUR;
}

/**
 * Which fraud signals a cancellation carries and who must approve it.
 *
 * A SIM swap or a contact change shortly before a cancellation is the classic pattern of an account
 * takeover: the fraudster moves the number, then closes the line so the holder cannot get it back
 * (CAMARA SIM Swap treats a recent change as a fraud signal). Windows are inclusive: a change exactly
 * `windowHours` before `now` still counts. Failed verifications count from the policy's threshold up;
 * an agent override is always a signal.
 *
 * Route: any signal the policy lists under `secondApproverSignals` → `second_approver` (two different
 * people); else any under `manualReviewSignals` → `manual`; else `auto`.
 */
export function assessRisk(input: RiskInput, policy: MarketPolicy, now: Date): RiskAssessment {
  const { risk } = policy;
  const present = new Set<RiskSignal>();
  if (changedWithin(input.simChangedAt, risk.simSwapWindowHours, now)) present.add('recent_sim_swap');
  if (changedWithin(input.contactChangedAt, risk.contactChangeWindowHours, now)) present.add('recent_contact_change');
  if (input.failedVerificationAttempts >= risk.failedVerificationThreshold) present.add('failed_verification_attempts');
  if (input.agentOverride) present.add('agent_override');
  const signals = riskSignals.filter((signal) => present.has(signal));

  let route: ReviewRoute = 'auto';
  if (signals.some((signal) => risk.secondApproverSignals.includes(signal))) route = 'second_approver';
  else if (signals.some((signal) => risk.manualReviewSignals.includes(signal))) route = 'manual';
  return { signals, route };
}

/** How far back failed one-time codes for the number count towards `failed_verification_attempts`. */
export const FAILED_ATTEMPTS_WITHIN_DAYS = 7;

/** Why a person reviews a case beyond its risk signals. */
export type ReviewReason =
  | `channel_${string}`
  | 'insufficient_evidence'
  | 'letter_mismatch'
  | 'extraordinary_termination'
  | 'automatic_checks_unavailable';

/** What the assessment of a case found, as far as who approves it goes. */
export type ReviewInput =
  /** The outside systems stayed unavailable through every retry. */
  | { checks: 'unavailable' }
  | {
      checks: 'answered';
      risk: RiskAssessment;
      channel: string;
      /** The verification record's `evidence`: `insufficient` or `mismatch` for a letter that said too little or contradicted the account. */
      evidence: unknown;
      terminationKind: string | null;
    };

/**
 * Who must approve a cancellation: every route to review decided here. Checks that stayed unavailable
 * go to a person, never the machine by default. Otherwise the risk signals' route (`assessRisk`), made
 * at least `manual` by the channel's evidence rule (a mailed application is never approved
 * automatically, evidence.ts), a letter that said too little or contradicted the account (the clerk
 * chose review or asking the holder), or an extraordinary termination, whose reason (a "wichtiger
 * Grund", §314 BGB) a person must judge.
 */
export function reviewRouteFor(input: ReviewInput): { route: ReviewRoute; reasons: ReviewReason[] } {
  if (input.checks === 'unavailable') return { route: 'manual', reasons: ['automatic_checks_unavailable'] };
  const reasons: ReviewReason[] = [];
  if (reviewFloorFor(input.channel) !== 'auto') reasons.push(`channel_${input.channel}`);
  if (input.evidence === 'insufficient') reasons.push('insufficient_evidence');
  if (input.evidence === 'mismatch') reasons.push('letter_mismatch');
  if (input.terminationKind === 'extraordinary') reasons.push('extraordinary_termination');
  return { route: stricterRoute(input.risk.route, reasons.length > 0 ? 'manual' : 'auto'), reasons };
}

/**
 * What a reviewer is shown for one signal: the facts that raised it, so they can judge it rather than
 * trust a label. Instants are ISO 8601 (stored in the assessment's event as JSON).
 */
export type SignalEvidence =
  /** The network's last SIM change (CAMARA SIM Swap `retrieve-date`) and the window it fell in. */
  | { signal: 'recent_sim_swap'; changedAt: string; windowHours: number }
  /** The latest change of any contact on the account (e-mail, address, contact number). */
  | { signal: 'recent_contact_change'; changedAt: string; windowHours: number }
  /** Failed one-time codes for the number within `withinDays` before the assessment, against the threshold. */
  | { signal: 'failed_verification_attempts'; attempts: number; threshold: number; withinDays: number }
  /** The agent's own override; who and why are on the case's verification record. */
  | { signal: 'agent_override' };

/**
 * The evidence behind each signal `assessRisk` found, in the same order. `failedWithinDays` is how far
 * back the failed attempts were counted (the caller's query window).
 */
export function riskEvidence(
  input: RiskInput,
  signals: readonly RiskSignal[],
  policy: MarketPolicy,
  failedWithinDays: number,
): SignalEvidence[] {
  const { risk } = policy;
  return signals.map((signal): SignalEvidence => {
    switch (signal) {
      case 'recent_sim_swap':
        return { signal, changedAt: input.simChangedAt!.toISOString(), windowHours: risk.simSwapWindowHours };
      case 'recent_contact_change':
        return { signal, changedAt: input.contactChangedAt!.toISOString(), windowHours: risk.contactChangeWindowHours };
      case 'failed_verification_attempts':
        return {
          signal,
          attempts: input.failedVerificationAttempts,
          threshold: risk.failedVerificationThreshold,
          withinDays: failedWithinDays,
        };
      case 'agent_override':
        return { signal };
    }
  });
}
