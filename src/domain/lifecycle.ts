import { SimexitError } from './errors.js';
import type { MarketPolicy } from './policy/types.js';
import type { RejectionReason } from './rejection-reasons.js';
import type { ReviewRoute } from './risk.js';
import { addWorkingDays, addWorkingTime, startOfLocalDate, workingTimeBetween } from './working-days.js';
import { DAY, HOUR } from './time.js';

export type { ReviewRoute };

/**
 * The case lifecycle of PRODUCT.md as an explicit transition table.
 *
 * `decide(snapshot, command, context)` is the only way a case changes state: it returns the next
 * state, a patch for the case's own bookkeeping and the effects the service must carry out in the
 * same transaction (timers, notifications, jobs). A command the table does not list for the current
 * state is an `ILLEGAL_TRANSITION` error, never a silent no-op.
 */
export const caseStates = [
  'draft',
  'submitted',
  'verifying',
  'eligibility',
  'cooling_off',
  'in_review',
  'awaiting_card_return',
  'scheduled',
  'executing',
  'completed',
  'needs_info',
  'grace_period',
  'rejected',
  'withdrawn',
  'failed',
] as const;
export type CaseState = (typeof caseStates)[number];

/** States a case never leaves. */
export const terminalStates: readonly CaseState[] = ['completed', 'rejected', 'withdrawn'];

/** States in which the holder may still withdraw: everything before execution starts. */
export const withdrawableStates: readonly CaseState[] = [
  'draft',
  'submitted',
  'verifying',
  'eligibility',
  'cooling_off',
  'in_review',
  'needs_info',
  'awaiting_card_return',
  'scheduled',
];

/** A case is open (blocks a second case for the same line) until it reaches a terminal state. */
export function isOpen(state: CaseState): boolean {
  return !terminalStates.includes(state);
}

export const timerKinds = [
  'cooling_off_end',
  'review_deadline',
  'needs_info_expiry',
  'card_return_deadline',
  'quarantine_end',
  'review_escalation',
  'line_end',
] as const;
export type TimerKind = (typeof timerKinds)[number];

export const notificationTemplates = [
  'receipt',
  'cooling_off_started',
  'needs_info',
  'card_return_requested',
  'rejected',
  'withdrawn',
  'completed',
  'bulk_notice',
  'bulk_barred_outgoing',
  'bulk_barred_full',
  'bulk_reinstated',
] as const;
export type NotificationTemplate = (typeof notificationTemplates)[number];

export { rejectionReasons, type RejectionReason } from './rejection-reasons.js';

/** Why a case is withdrawn: the holder asked, or someone on a contact of theirs said "not you? stop it". */
export const withdrawalReasons = ['holder_request', 'holder_disputed'] as const;
export type WithdrawalReason = (typeof withdrawalReasons)[number];

/**
 * Why a line of a bulk deactivation run was given back to its holder before it was deactivated: the
 * holder fixed the cause (the run's selector no longer matches), an agent decided so (the holder
 * asked, or showed the cause is fixed), or the whole run was cancelled.
 */
export const reinstatementReasons = ['cause_fixed', 'agent_decision', 'run_cancelled'] as const;
export type ReinstatementReason = (typeof reinstatementReasons)[number];

export type CaseCommand =
  | { type: 'submit' }
  | { type: 'start_verification' }
  | { type: 'identity_verified' }
  | { type: 'identity_failed'; reason: RejectionReason }
  | { type: 'eligibility_passed'; reviewRoute: ReviewRoute }
  | { type: 'eligibility_failed'; reason: RejectionReason }
  | { type: 'cooling_off_ended' }
  | { type: 'approve'; staffId: string }
  | { type: 'reject'; reason: RejectionReason }
  | { type: 'request_info'; message: string }
  | { type: 'provide_info' }
  | { type: 'info_expired' }
  | { type: 'review_deadline_passed' }
  | { type: 'card_received' }
  | { type: 'card_return_expired' }
  | { type: 'line_end_reached' }
  /** `quarantinedAt`: when the execution's last step quarantined the number (its release counts from then). */
  | { type: 'execution_completed'; quarantinedAt: Date }
  | { type: 'execution_failed'; reason: string }
  | { type: 'retry_execution' }
  | { type: 'withdraw'; reason: WithdrawalReason }
  | { type: 'bulk_notice' }
  | { type: 'bar_outgoing' }
  | { type: 'bar_full' }
  /** `quarantinedAt`: when the run quarantined the batch's numbers. */
  | { type: 'bulk_deactivate'; quarantinedAt: Date }
  | { type: 'reinstate'; reason: ReinstatementReason };

export type CommandType = CaseCommand['type'];
export const commandTypes: readonly CommandType[] = [
  'submit',
  'start_verification',
  'identity_verified',
  'identity_failed',
  'eligibility_passed',
  'eligibility_failed',
  'cooling_off_ended',
  'approve',
  'reject',
  'request_info',
  'provide_info',
  'info_expired',
  'review_deadline_passed',
  'card_received',
  'card_return_expired',
  'line_end_reached',
  'execution_completed',
  'execution_failed',
  'retry_execution',
  'withdraw',
  'bulk_notice',
  'bar_outgoing',
  'bar_full',
  'bulk_deactivate',
  'reinstate',
];

/** The part of a case the lifecycle reads and writes. */
export interface CaseSnapshot {
  state: CaseState;
  /** Where a case in `needs_info` goes back to when the subscriber answers. */
  resumeState: CaseState | null;
  reviewRoute: ReviewRoute | null;
  /** Staff ids that approved the current review, in order. */
  approvals: string[];
  cardReturnRequired: boolean;
  /**
   * The date the line ends (`YYYY-MM-DD` in the market's time zone; domain/termination.ts), as the
   * holder was told on the receipt. An approved case whose end date has not begun waits for it in
   * `scheduled`; prepaid lines end at once (their date is the day cooling-off ends).
   */
  lineEndsOn: string;
  escalated: boolean;
  /**
   * How many times the review SLA escalated in the current review: 1 when the deadline passed, one
   * more for each further SLA period (`review_escalation` timer) with the case still undecided.
   * Back to 0 when a review starts with time left.
   */
  escalations: number;
  /**
   * The review deadline while the SLA clock runs (state `in_review`), null while it is paused. It is
   * the same instant as the `review_deadline` timer, kept on the case so the queue can sort by it. A case
   * that leaves review keeps its last value as history; only `in_review` cases are read by it.
   */
  reviewDueAt: Date | null;
  /**
   * Working time (ms, see `workingTimeBetween`) left on the review clock when it was paused by a request
   * for information from review (state `needs_info`), null while the clock runs. Zero when the case was
   * already due. Only read while the case waits in `needs_info` to resume review.
   */
  reviewRemainingMs: number | null;
}

export type CaseEffect =
  | { type: 'schedule_timer'; timer: TimerKind; dueAt: Date }
  /** Cancels every pending timer of the case except quarantine_end. */
  | { type: 'cancel_timers' }
  /** Every contact of the case, or only `channels` (a fully barred line receives no SMS). */
  | { type: 'notify'; template: NotificationTemplate; channels?: readonly ('sms' | 'email')[] }
  | { type: 'start_assessment' }
  | { type: 'start_execution' }
  /** `level` 1 is the first escalation of a review, 2 and more a re-escalation. */
  | { type: 'escalate'; level?: number };

export interface Decision {
  from: CaseState;
  to: CaseState;
  patch: Partial<CaseSnapshot>;
  effects: CaseEffect[];
}

export interface DecisionContext {
  now: Date;
  policy: MarketPolicy;
}

/**
 * When a number quarantined at `quarantinedAt` is released for reuse: the market's ageing period
 * later (`policy.agingDays`). The numbers port is told this instant and the `quarantine_end` timer
 * fires at it, so both come from here and from the one instant the number was quarantined.
 */
export function quarantineEnd(quarantinedAt: Date, policy: Pick<MarketPolicy, 'agingDays'>): Date {
  return new Date(quarantinedAt.getTime() + policy.agingDays * DAY);
}

type Handler<C extends CaseCommand> = (
  snapshot: CaseSnapshot,
  command: C,
  context: DecisionContext,
) => Omit<Decision, 'from'>;
type Row = { [K in CommandType]?: Handler<Extract<CaseCommand, { type: K }>> };

const cancelAndNotify = (template: NotificationTemplate): CaseEffect[] => [
  { type: 'cancel_timers' },
  { type: 'notify', template },
];

const withdraw: Handler<Extract<CaseCommand, { type: 'withdraw' }>> = () => ({
  to: 'withdrawn',
  patch: {},
  effects: cancelAndNotify('withdrawn'),
});

const reject = (): Omit<Decision, 'from'> => ({ to: 'rejected', patch: {}, effects: cancelAndNotify('rejected') });

/**
 * Asking the subscriber pauses the review SLA clock: the wait is theirs, not the operator's. The working
 * time still left (none, if the case was already due) is kept on the case for when they answer.
 */
const requestInfo = (snapshot: CaseSnapshot, _command: unknown, { now, policy }: DecisionContext) => {
  // Only a running review has a clock to pause.
  const runningDueAt = snapshot.state === 'in_review' ? snapshot.reviewDueAt : null;
  const clock: Partial<CaseSnapshot> =
    runningDueAt !== null
      ? {
          reviewDueAt: null,
          reviewRemainingMs: Math.max(0, workingTimeBetween(now, runningDueAt, policy)),
        }
      : {};
  return {
    to: 'needs_info' as const,
    patch: { resumeState: snapshot.state, ...clock },
    effects: [
      { type: 'cancel_timers' as const },
      {
        type: 'schedule_timer' as const,
        timer: 'needs_info_expiry' as const,
        dueAt: new Date(now.getTime() + policy.needsInfoExpiryDays * DAY),
      },
      { type: 'notify' as const, template: 'needs_info' as const },
    ],
  };
};

/**
 * Once nothing but the date stands between the case and execution (approved, and its card back where
 * one is needed): execution starts when the line's end date has begun in the market's time zone;
 * before that the case waits in `scheduled` for its `line_end` timer, at 00:00 local time of that date.
 * A contract with notice ("your line ends on 23 March 2027") is not switched off before the day the
 * holder was told, and stays withdrawable until then; prepaid lines end on the day cooling-off ends,
 * so they go straight on.
 */
function whenLineEnds(snapshot: CaseSnapshot, { now, policy }: DecisionContext): Omit<Decision, 'from' | 'patch'> {
  const endsAt = startOfLocalDate(snapshot.lineEndsOn, policy.timeZone);
  if (endsAt.getTime() > now.getTime()) {
    return {
      to: 'scheduled',
      effects: [{ type: 'cancel_timers' }, { type: 'schedule_timer', timer: 'line_end', dueAt: endsAt }],
    };
  }
  return { to: 'executing', effects: [{ type: 'cancel_timers' }, { type: 'start_execution' }] };
}

/** After approval (or automatic approval): the card must come back first, then the line's end date. */
function afterApproval(snapshot: CaseSnapshot, context: DecisionContext): Omit<Decision, 'from' | 'patch'> {
  const { now, policy } = context;
  if (snapshot.cardReturnRequired) {
    return {
      to: 'awaiting_card_return',
      effects: [
        { type: 'cancel_timers' },
        {
          type: 'schedule_timer',
          timer: 'card_return_deadline',
          dueAt: new Date(now.getTime() + policy.cardReturn.deadlineDays * DAY),
        },
        { type: 'notify', template: 'card_return_requested' },
      ],
    };
  }
  return whenLineEnds(snapshot, context);
}

function enterReview({ now, policy }: DecisionContext): Omit<Decision, 'from'> {
  const dueAt = addWorkingDays(now, policy.reviewSlaWorkingDays, policy);
  return {
    to: 'in_review',
    patch: { approvals: [], escalated: false, escalations: 0, reviewDueAt: dueAt, reviewRemainingMs: null },
    effects: [{ type: 'cancel_timers' }, { type: 'schedule_timer', timer: 'review_deadline', dueAt }],
  };
}

/**
 * The subscriber answered a request made during review: the SLA clock resumes where it stopped. The new
 * deadline is now plus the working time that was left (`addWorkingTime`, so weekends and holidays
 * during the wait, or after it, do not eat into the reviewer's time). Working time is counted to the
 * millisecond rather than rounded to days, so asking a question never gains nor loses the operator time.
 *
 * A case that was already due when it paused comes back overdue (deadline = the moment it resumes) and
 * escalated; no timer is needed, the escalation happens here. A case paused before the clock was stored
 * (no remainder) gets a fresh full deadline, as it did before. Approvals start over either way: the
 * subscriber's answer may change what a reviewer approves.
 */
function resumeReview(snapshot: CaseSnapshot, context: DecisionContext): Omit<Decision, 'from'> {
  const fresh = { resumeState: null, approvals: [], reviewRemainingMs: null };
  if (snapshot.reviewRemainingMs === null) {
    const entered = enterReview(context);
    return { ...entered, patch: { ...entered.patch, ...fresh } };
  }
  if (snapshot.reviewRemainingMs <= 0) {
    const escalations = Math.max(1, snapshot.escalations);
    return {
      to: 'in_review',
      patch: { ...fresh, escalated: true, escalations, reviewDueAt: context.now },
      effects: [
        { type: 'cancel_timers' },
        ...(snapshot.escalated ? [] : [{ type: 'escalate' as const, level: 1 }]),
        nextEscalation(context),
      ],
    };
  }
  const dueAt = addWorkingTime(context.now, snapshot.reviewRemainingMs, context.policy);
  return {
    to: 'in_review',
    patch: { ...fresh, escalated: false, escalations: 0, reviewDueAt: dueAt },
    effects: [{ type: 'cancel_timers' }, { type: 'schedule_timer', timer: 'review_deadline', dueAt }],
  };
}

/**
 * An escalated review still undecided escalates again after each further SLA period (the market's
 * review SLA in working days, its calendar), so a case nobody picks up keeps rising until someone
 * decides it. PRODUCT.md: "a case that waits too long escalates". Any decision, a request for
 * information or a withdrawal cancels it with the case's other timers.
 */
function nextEscalation({ now, policy }: DecisionContext): CaseEffect {
  return {
    type: 'schedule_timer',
    timer: 'review_escalation',
    dueAt: addWorkingDays(now, policy.reviewSlaWorkingDays, policy),
  };
}

/** The transition table: state → command → handler. Anything missing is illegal. */
export const transitions: { readonly [S in CaseState]: Row } = {
  draft: {
    submit: () => ({
      to: 'submitted',
      patch: {},
      effects: [{ type: 'notify', template: 'receipt' }, { type: 'start_assessment' }],
    }),
    bulk_notice: () => ({ to: 'grace_period', patch: {}, effects: [{ type: 'notify', template: 'bulk_notice' }] }),
    withdraw,
  },
  submitted: {
    start_verification: () => ({ to: 'verifying', patch: {}, effects: [] }),
    withdraw,
  },
  verifying: {
    identity_verified: () => ({ to: 'eligibility', patch: {}, effects: [] }),
    identity_failed: reject,
    request_info: requestInfo,
    withdraw,
  },
  eligibility: {
    eligibility_passed: (_snapshot, command, { now, policy }) => ({
      to: 'cooling_off',
      patch: { reviewRoute: command.reviewRoute },
      effects: [
        {
          type: 'schedule_timer',
          timer: 'cooling_off_end',
          dueAt: new Date(now.getTime() + policy.coolingOffHours * HOUR),
        },
        { type: 'notify', template: 'cooling_off_started' },
      ],
    }),
    eligibility_failed: reject,
    request_info: requestInfo,
    withdraw,
  },
  cooling_off: {
    cooling_off_ended: (snapshot, _command, context) => {
      if (snapshot.reviewRoute === 'auto') return { ...afterApproval(snapshot, context), patch: {} };
      return enterReview(context);
    },
    withdraw,
  },
  in_review: {
    approve: (snapshot, command, context) => {
      if (snapshot.approvals.includes(command.staffId)) {
        throw new SimexitError('SAME_APPROVER', 'This case needs a second approval from a different person.', {
          approvals: snapshot.approvals,
        });
      }
      const approvals = [...snapshot.approvals, command.staffId];
      const required = snapshot.reviewRoute === 'second_approver' ? 2 : 1;
      if (approvals.length < required) return { to: 'in_review', patch: { approvals }, effects: [] };
      return { ...afterApproval(snapshot, context), patch: { approvals } };
    },
    reject,
    request_info: requestInfo,
    // The review deadline (timer review_deadline) or a further SLA period (review_escalation) passed.
    review_deadline_passed: (snapshot, _command, context) => {
      const escalations = snapshot.escalations + 1;
      return {
        to: 'in_review',
        patch: { escalated: true, escalations },
        effects: [{ type: 'escalate', level: escalations }, nextEscalation(context)],
      };
    },
    withdraw,
  },
  needs_info: {
    provide_info: (snapshot, _command, context) => {
      const resume = snapshot.resumeState ?? 'in_review';
      if (resume === 'in_review') return resumeReview(snapshot, context);
      return {
        to: resume,
        patch: { resumeState: null },
        effects: [{ type: 'cancel_timers' }, { type: 'start_assessment' }],
      };
    },
    info_expired: reject,
    withdraw,
  },
  awaiting_card_return: {
    card_received: (snapshot, _command, context) => ({ ...whenLineEnds(snapshot, context), patch: {} }),
    card_return_expired: reject,
    withdraw,
  },
  /**
   * Approved (and the card back, where one was needed), waiting for the line's end date: its
   * `line_end` timer starts execution. Until then the holder may still withdraw, or stop it
   * ("not you? stop it"), as in every state before execution.
   */
  scheduled: {
    // Only the timer sends it; should it ever come before the date has begun, the case waits on.
    line_end_reached: (snapshot, _command, context) => ({ ...whenLineEnds(snapshot, context), patch: {} }),
    withdraw,
  },
  executing: {
    execution_completed: (_snapshot, { quarantinedAt }, { policy }) => ({
      to: 'completed',
      patch: {},
      effects: [
        { type: 'schedule_timer', timer: 'quarantine_end', dueAt: quarantineEnd(quarantinedAt, policy) },
        { type: 'notify', template: 'completed' },
      ],
    }),
    execution_failed: () => ({ to: 'failed', patch: {}, effects: [{ type: 'escalate' }] }),
  },
  /**
   * A line in a bulk deactivation run (channel `bulk`) after its notice: the holder may fix the cause
   * until the run deactivates it. Not withdrawable: a regulator's deadline is not the holder's request,
   * so it ends by reinstatement (cause fixed, an agent, the run cancelled) or by deactivation. The bulk
   * handlers read nothing of the snapshot but its state, so one decision serves a whole batch.
   */
  grace_period: {
    bar_outgoing: () => ({
      to: 'grace_period',
      patch: {},
      effects: [{ type: 'notify', template: 'bulk_barred_outgoing' }],
    }),
    bar_full: () => ({
      to: 'grace_period',
      patch: {},
      effects: [{ type: 'notify', template: 'bulk_barred_full', channels: ['email'] }],
    }),
    bulk_deactivate: (_snapshot, { quarantinedAt }, { policy }) => ({
      to: 'completed',
      patch: {},
      effects: [
        { type: 'schedule_timer', timer: 'quarantine_end', dueAt: quarantineEnd(quarantinedAt, policy) },
        { type: 'notify', template: 'completed', channels: ['email'] },
      ],
    }),
    reinstate: () => ({ to: 'withdrawn', patch: {}, effects: cancelAndNotify('bulk_reinstated') }),
    // The network refused the stage: a person looks at it (and may retry it as an ordinary execution).
    execution_failed: () => ({ to: 'failed', patch: {}, effects: [{ type: 'escalate' }] }),
  },
  failed: {
    retry_execution: () => ({ to: 'executing', patch: {}, effects: [{ type: 'start_execution' }] }),
  },
  completed: {},
  rejected: {},
  withdrawn: {},
};

/** The commands the table accepts in a state. */
export function allowedCommands(state: CaseState): CommandType[] {
  return commandTypes.filter((type) => transitions[state][type] !== undefined);
}

/**
 * The table's entry for (state, command type). Generic over the type, so that for a command whose type
 * is only known as the union, the handler found takes that same command.
 */
function handlerFor<T extends CommandType>(
  state: CaseState,
  type: T,
): Handler<Extract<CaseCommand, { type: T }>> | undefined {
  return transitions[state][type];
}

/**
 * Applies a command to a case snapshot. Pure: the caller persists the result.
 * @throws SimexitError ILLEGAL_TRANSITION when the table has no entry for (state, command).
 */
export function decide(snapshot: CaseSnapshot, command: CaseCommand, context: DecisionContext): Decision {
  const handler = handlerFor(snapshot.state, command.type);
  if (!handler) {
    throw new SimexitError(
      'ILLEGAL_TRANSITION',
      `A case that is ${snapshot.state.replace(/_/g, ' ')} cannot take "${command.type.replace(/_/g, ' ')}".`,
      { state: snapshot.state, command: command.type, allowed: allowedCommands(snapshot.state) },
    );
  }
  return { from: snapshot.state, ...handler(snapshot, command, context) };
}
