import type { LineFacts } from './line.js';
import type { MarketPolicy, NoticePeriod } from './policy/types.js';
import { addCalendarDays, localDate } from './working-days.js';
import { HOUR } from './time.js';

/**
 * Why a line ends on its earliest free date:
 * - `prepaid`: pay-as-you-go has no contract term and no notice; the line ends as soon as the case may
 *   be carried out (after cooling-off);
 * - `minimum_term`: a running minimum term ends after the notice would, so the contract ends with it;
 * - `notice`: a rolling contract, or one whose minimum term ends before the notice does, ends when the
 *   notice runs out (the contract has been extended tacitly and ends on one period's notice).
 */
export type EndDateBasis = 'prepaid' | 'minimum_term' | 'notice';

/** What the contract allows, before the holder asks for anything. */
export interface TerminationTerms {
  basis: EndDateBasis;
  /** The earliest date the line can end without any charge (`YYYY-MM-DD`, market time zone). */
  earliestFreeEndDate: string;
  /** The minimum term's last day while it is still running on the day of receipt; null otherwise. */
  minimumTermEndsOn: string | null;
  /** The notice the contract needs, or null for prepaid. */
  notice: NoticePeriod | null;
  /**
   * What ending before `minimumTermEndsOn` costs (billing's quote of the early-termination charge), or
   * null when an early exit is not on offer (no running term, or a market without such charges).
   */
  earlyExitChargeMinor: number | null;
}

/** The date a request ends the line on, and whether it is an early exit that carries the charge. */
export interface EndDateDecision extends TerminationTerms {
  /** The date the holder asked for, as given. */
  requestedEndDate: string | null;
  /** The date the line ends (never before cooling-off ends). */
  endsOn: string;
  /** The date an ordinary cancellation without a date of its own ends on: the earliest free date, after cooling-off. */
  ordinaryEndsOn: string;
  /** True when the holder asked for a date before the minimum term ends and the charge applies. */
  earlyExit: boolean;
  /** The early-termination charge this request carries: 0 unless `earlyExit`. */
  chargeMinor: number;
  /** True when the holder asked for a date the contract does not allow, so the line ends later than asked. */
  requestedTooEarly: boolean;
}

/** Whether the line is pay-as-you-go: prepaid credit and no contract. */
export function isPrepaidLine(facts: Pick<LineFacts, 'contract' | 'prepaid'>): boolean {
  return facts.contract === null && facts.prepaid !== null;
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The day a notice given on `date` runs out. A period of months ends on the day of the later month
 * with the same number as the day it started, or on that month's last day when it has no such day
 * (BGB §188(2) and (3)): notice given on 2 December for one month ends on 2 January, given on
 * 31 January it ends on 28 (or 29) February. A period of days ends that many calendar days later.
 */
export function noticeEndsOn(date: string, notice: NoticePeriod): string {
  if (notice.unit === 'day') return addCalendarDays(date, notice.amount);
  addCalendarDays(date, 0); // validates `date`
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = month - 1 + notice.amount;
  const targetYear = year + Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-${String(targetDay).padStart(2, '0')}`;
}

const latest = (...dates: string[]) => dates.reduce((a, b) => (b > a ? b : a));

/**
 * What the contract allows on the day notice is received (`receivedOn`, market time zone):
 *
 * - Prepaid (credit, no contract) ends at once: no term, no notice (each pack's `termination` sources).
 * - A post-paid line needs the market's notice from receipt (`policy.termination.contractNotice`):
 *   Germany one month (TKG §56(3); BGB §309 Nr. 9 for the end of the minimum term), the UK 30 days
 *   (Ofcom General Condition C1, at most one month after the commitment period).
 * - While a minimum term runs, the contract ends at its end at the earliest; when the notice runs out
 *   later than the term, the contract has been extended tacitly and ends with the notice instead.
 * - Ending before the minimum term is an early exit, offered for billing's early-termination charge
 *   where the market has such charges (`policy.earlyTermination.chargeApplies`) and the charge is above 0.
 *
 * @throws SimexitError `INVALID_DATE` when `receivedOn` or the minimum-term end is not `YYYY-MM-DD`.
 */
export function terminationTerms(
  facts: Pick<LineFacts, 'contract' | 'prepaid'>,
  policy: MarketPolicy,
  receivedOn: string,
): TerminationTerms {
  addCalendarDays(receivedOn, 0);
  if (isPrepaidLine(facts)) {
    return {
      basis: 'prepaid',
      earliestFreeEndDate: receivedOn,
      minimumTermEndsOn: null,
      notice: null,
      earlyExitChargeMinor: null,
    };
  }
  const notice = policy.termination.contractNotice;
  const noticeEnds = noticeEndsOn(receivedOn, notice);
  const contract = facts.contract;
  if (contract !== null) addCalendarDays(contract.minimumTermEndsOn, 0);
  // On its last day the minimum term is over (as eligibility always counted it).
  const runningTermEnd =
    contract !== null && contract.minimumTermEndsOn > receivedOn ? contract.minimumTermEndsOn : null;
  const earlyExitChargeMinor =
    runningTermEnd !== null && policy.earlyTermination.chargeApplies && contract!.earlyTerminationChargeMinor > 0
      ? contract!.earlyTerminationChargeMinor
      : null;
  return {
    basis: runningTermEnd !== null && runningTermEnd >= noticeEnds ? 'minimum_term' : 'notice',
    earliestFreeEndDate: latest(noticeEnds, runningTermEnd ?? noticeEnds),
    minimumTermEndsOn: runningTermEnd,
    notice,
    earlyExitChargeMinor,
  };
}

/** The local date the cooling-off window that starts at `receivedAt` ends on: nothing ends before it. */
export function coolingOffEndsOn(receivedAt: Date, policy: MarketPolicy): string {
  return localDate(new Date(receivedAt.getTime() + policy.coolingOffHours * HOUR), policy.timeZone);
}

/**
 * The date a cancellation received at `receivedAt` ends the line on.
 *
 * - No date asked for, or a date on or after the earliest free date: an ordinary cancellation, no
 *   charge, ending on the date asked for or else the earliest free date.
 * - A date before the minimum term ends, where an early exit is offered: an early exit on that date,
 *   carrying the early-termination charge (which the holder must accept on the checklist).
 * - Any other earlier date (inside the notice, or where no early exit is offered): the contract does not
 *   allow it, so the line ends on the earliest free date; not an error, the holder is told.
 * - Never before cooling-off ends: nothing is carried out while the holder can still stop the case.
 *
 * @throws SimexitError `INVALID_DATE` when `requestedEndDate` is not a real `YYYY-MM-DD` day.
 */
export function decideEndDate(
  facts: Pick<LineFacts, 'contract' | 'prepaid'>,
  policy: MarketPolicy,
  receivedAt: Date,
  requestedEndDate: string | null,
): EndDateDecision {
  if (requestedEndDate !== null) addCalendarDays(requestedEndDate, 0);
  const terms = terminationTerms(facts, policy, localDate(receivedAt, policy.timeZone));
  const floor = coolingOffEndsOn(receivedAt, policy);
  const early = requestedEndDate !== null && requestedEndDate < terms.earliestFreeEndDate;
  const earlyExit =
    early &&
    terms.earlyExitChargeMinor !== null &&
    terms.minimumTermEndsOn !== null &&
    requestedEndDate < terms.minimumTermEndsOn;
  const wanted = earlyExit || (requestedEndDate !== null && !early) ? requestedEndDate! : terms.earliestFreeEndDate;
  return {
    ...terms,
    requestedEndDate,
    endsOn: latest(wanted, floor),
    ordinaryEndsOn: latest(terms.earliestFreeEndDate, floor),
    earlyExit,
    chargeMinor: earlyExit ? terms.earlyExitChargeMinor! : 0,
    requestedTooEarly: early && !earlyExit,
  };
}
