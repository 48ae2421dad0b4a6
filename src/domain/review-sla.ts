import type { MarketPolicy } from './policy/types.js';
import { workingTimeBetween } from './working-days.js';
import { HOUR } from './time.js';

/**
 * The review SLA clock as staff see it in the queue.
 *
 * The clock runs while a case is `in_review` (its deadline is stored on the case) and is paused while
 * the case waits on the subscriber in `needs_info` (the case stores the working time that was left
 * instead). Time left is working time in the market's calendar (see `workingTimeBetween`): a case due
 * Monday 10:00 has 34 working hours left on Friday 00:00, not 82, because weekends and holidays do not
 * count against the operator.
 */

export const slaStatuses = ['ok', 'due_soon', 'overdue', 'paused'] as const;
export type SlaStatus = (typeof slaStatuses)[number];

/** Less than one working day (24 working hours, see `workingTimeBetween`) left is "due soon". */
export const DUE_SOON_WITHIN = 24 * HOUR;

export interface ReviewClock {
  /** The running deadline (state `in_review`), or null while the clock is paused. */
  reviewDueAt: Date | null;
  /** The working time that was left when the clock paused (state `needs_info`), else null. */
  reviewRemainingMs: number | null;
}

export interface SlaView {
  status: SlaStatus;
  /** Working hours until the deadline, one decimal; negative once overdue, frozen while paused. */
  workingHoursLeft: number;
}

/**
 * Where a case stands against its review deadline at `now`: `overdue` at or after the deadline,
 * `due_soon` under one working day before it, `ok` otherwise, `paused` whenever the clock is stopped.
 * A paused case with no stored remainder (paused before the clock was stored) shows the full SLA,
 * which is what it gets when the subscriber answers.
 */
export function reviewSla(clock: ReviewClock, now: Date, policy: MarketPolicy): SlaView {
  if (clock.reviewDueAt === null) {
    const left = clock.reviewRemainingMs ?? policy.reviewSlaWorkingDays * 24 * HOUR;
    return { status: 'paused', workingHoursLeft: toHours(left) };
  }
  const left = workingTimeBetween(now, clock.reviewDueAt, policy);
  const status: SlaStatus =
    now.getTime() >= clock.reviewDueAt.getTime() ? 'overdue' : left < DUE_SOON_WITHIN ? 'due_soon' : 'ok';
  return { status, workingHoursLeft: toHours(left) };
}

function toHours(ms: number): number {
  const hours = Math.round((ms / HOUR) * 10) / 10;
  return hours === 0 ? 0 : hours; // no "-0" in JSON
}
