import type { MarketPolicy } from './policy/types.js';
import { addCalendarDays, addWorkingDays, localDate } from './working-days.js';
import { HOUR } from './time.js';

/**
 * What happens next on a case, and when: the dated steps its holder is shown on the receipt and the
 * case page (PRODUCT.md journey steps 5–7): the end of cooling-off, the date by which the operator
 * decides (the review SLA), the answer a question waits for, the card-return deadline, the line's end
 * and the number's release after quarantine.
 *
 * Only what still applies is listed: nothing for a withdrawn or rejected case; what happened and when
 * for a completed one (the line closed, the number released or when it will be). A date is `due` when
 * it is stored (a timer, the review deadline, the agreed end date, the quarantine's end) and
 * `expected` when it is a forecast from the market's policy: the end of cooling-off counted from
 * receipt (it starts once the request is checked, moments later), the decision at the latest one
 * review SLA after cooling-off (an automatic approval comes sooner), the number's release one
 * quarantine after the line's end. A card-return deadline before approval is a number of days after
 * approval, not yet a date.
 */
export const nextStepKinds = [
  'cooling_off_end',
  'review_due',
  'answer_due',
  'card_return_deadline',
  'line_end',
  'number_release',
] as const;
export type NextStepKind = (typeof nextStepKinds)[number];

/**
 * `expected`: a forecast from the policy; `due`: a stored date still ahead; `overdue`: a stored date
 * passed with the step not done; `done`: it happened.
 */
export type NextStepStatus = 'expected' | 'due' | 'overdue' | 'done';

export interface NextStep {
  kind: NextStepKind;
  status: NextStepStatus;
  /** The instant, for a step that happens at a time (a timer, or a forecast from one); else null. */
  at: Date | null;
  /** The market's calendar day of the step (`YYYY-MM-DD`); null only while `withinDays` stands in for it. */
  date: string | null;
  /** A card-return deadline before approval: this many days after approval. Null otherwise. */
  withinDays: number | null;
  /**
   * The line's end date comes no later than the steps listed before it: the line is closed once they are
   * done (a pay-as-you-go line, which ends "at once", waits for cooling-off and the decision).
   */
  afterEarlierSteps: boolean;
}

export interface NextStepsInput {
  /**
   * The case's state. A string rather than a known state: a state this module does not list yet (a new
   * one added to the lifecycle) still shows the line's end and the number's release.
   */
  state: string;
  receivedAt: Date;
  /** The date the line ends (`YYYY-MM-DD`, market time zone), as filed. */
  lineEndsOn: string;
  /** The running review deadline (state `in_review`). */
  reviewDueAt: Date | null;
  cardReturnRequired: boolean;
  /** The case's pending timers (neither fired nor cancelled). */
  timers: readonly { kind: string; dueAt: Date }[];
  /** When the case reached `completed`, else null. */
  completedAt: Date | null;
  /** The number's quarantine, once the line is closed. */
  quarantine: { releaseAt: Date; releasedAt: Date | null } | null;
}

/** Before the automatic checks are through: cooling-off has not started yet. */
const beingChecked: readonly string[] = ['submitted', 'verifying', 'eligibility'];
/** Not approved yet: a card to return is still days-after-approval, not a date. */
const beforeApproval: readonly string[] = [...beingChecked, 'cooling_off', 'in_review', 'needs_info'];
/** Nothing lies ahead of these. A draft was never sent. */
const nothingAhead: readonly string[] = ['draft', 'withdrawn', 'rejected'];

/** The later of two `YYYY-MM-DD` days. */
const laterDay = (a: string, b: string) => (a >= b ? a : b);

/**
 * The steps ahead of a case at `now`, in the order they happen. Pure: `now` and the policy (the version
 * the case was filed under) are parameters.
 */
export function nextSteps(input: NextStepsInput, policy: MarketPolicy, now: Date): NextStep[] {
  const { state } = input;
  if (nothingAhead.includes(state)) return [];
  const day = (instant: Date) => localDate(instant, policy.timeZone);
  const timed = (kind: NextStepKind, status: NextStepStatus, at: Date): NextStep => ({
    kind,
    status,
    at,
    date: day(at),
    withinDays: null,
    afterEarlierSteps: false,
  });
  const stored = (kind: NextStepKind, at: Date) => timed(kind, at.getTime() <= now.getTime() ? 'overdue' : 'due', at);
  const timer = (kind: string) => input.timers.find((t) => t.kind === kind)?.dueAt ?? null;

  if (state === 'completed') return whatHappened(input, timed);

  const steps: NextStep[] = [];
  // Cooling-off, then the decision at the latest one review SLA later (working days, market calendar).
  let coolingOffEnd: Date | null = null;
  if (beingChecked.includes(state)) {
    coolingOffEnd = new Date(input.receivedAt.getTime() + policy.coolingOffHours * HOUR);
    steps.push(timed('cooling_off_end', 'expected', coolingOffEnd));
  } else if (state === 'cooling_off') {
    const at = timer('cooling_off_end');
    coolingOffEnd = at ?? new Date(input.receivedAt.getTime() + policy.coolingOffHours * HOUR);
    steps.push(at ? stored('cooling_off_end', at) : timed('cooling_off_end', 'expected', coolingOffEnd));
  }
  if (coolingOffEnd) {
    steps.push(timed('review_due', 'expected', addWorkingDays(coolingOffEnd, policy.reviewSlaWorkingDays, policy)));
  } else if (state === 'in_review' && input.reviewDueAt) {
    steps.push(stored('review_due', input.reviewDueAt));
  }
  // A question waits for the holder's answer; the review clock is paused meanwhile (no decision date).
  const answerBy = state === 'needs_info' ? timer('needs_info_expiry') : null;
  if (answerBy) steps.push(stored('answer_due', answerBy));

  // The last day the steps so far may take; a card to return after approval adds its days.
  let lastDay = steps.reduce<string | null>((last, step) => (last && last >= step.date! ? last : step.date), null);
  if (input.cardReturnRequired && state === 'awaiting_card_return') {
    const at = timer('card_return_deadline');
    if (at) {
      steps.push(stored('card_return_deadline', at));
      lastDay = laterDay(lastDay ?? day(at), day(at));
    }
  } else if (input.cardReturnRequired && beforeApproval.includes(state)) {
    const days = policy.cardReturn.deadlineDays;
    steps.push({
      kind: 'card_return_deadline',
      status: 'expected',
      at: null,
      date: null,
      withinDays: days,
      afterEarlierSteps: false,
    });
    if (lastDay) lastDay = addCalendarDays(lastDay, days);
  }

  // The line's end: the agreed date, or — when the steps before it take longer — once they are done.
  // Any other state (executing, failed, grace_period, or one added later) has the date alone: past
  // it, the line is being closed.
  const today = day(now);
  const afterEarlierSteps = lastDay !== null && input.lineEndsOn <= lastDay;
  steps.push({
    kind: 'line_end',
    status: !afterEarlierSteps && input.lineEndsOn < today ? 'overdue' : 'due',
    at: null,
    date: input.lineEndsOn,
    withinDays: null,
    afterEarlierSteps,
  });
  // The number is quarantined from the day the line is closed (policy.agingDays), then released.
  const closedOn = laterDay(laterDay(input.lineEndsOn, lastDay ?? today), today);
  steps.push({
    kind: 'number_release',
    status: 'expected',
    at: null,
    date: addCalendarDays(closedOn, policy.agingDays),
    withinDays: null,
    afterEarlierSteps: false,
  });
  return steps;
}

/** A completed case: when the line was closed, and when its number was or will be released. */
function whatHappened(
  input: NextStepsInput,
  timed: (kind: NextStepKind, status: NextStepStatus, at: Date) => NextStep,
): NextStep[] {
  const steps: NextStep[] = [];
  if (input.completedAt) steps.push(timed('line_end', 'done', input.completedAt));
  if (input.quarantine?.releasedAt) steps.push(timed('number_release', 'done', input.quarantine.releasedAt));
  else if (input.quarantine) steps.push(timed('number_release', 'due', input.quarantine.releaseAt));
  return steps;
}
