import { addCalendarDays } from './working-days.js';

/**
 * The regulatory files the scheduler produces (services/market-reports.service.ts says how each is
 * made), listed once here: the listing route's enum, the service and test/vocabularies.test.ts read it.
 * - `us_disconnected_numbers`: the US monthly file of permanently disconnected numbers (FCC Reassigned
 *   Numbers Database, 47 CFR §64.1200(l)).
 * - `cn_unbinding_list`: the CN daily list of numbers whose cool-down ends within a week.
 * - `mobile_number_revocation_list`: every market's monthly list of permanently disconnected numbers,
 *   with the date of disconnection and a reason category, in the shape of India's TRAI Mobile Number
 *   Revocation List (docs/REVOCATION-FEED.md says what that shape rests on).
 */
export const reportKinds = ['us_disconnected_numbers', 'cn_unbinding_list', 'mobile_number_revocation_list'] as const;
export type ReportKind = (typeof reportKinds)[number];

/**
 * The day of the month the revocation list of the month before is published: TRAI uploads the MNRL
 * on the 8th of every month and replaces the previous one then (mnrl.trai.gov.in, "About MNRL"),
 * which leaves operators the first week to settle the month's disconnections.
 */
export const REVOCATION_LIST_DAY = 8;

/**
 * The latest month (YYYY-MM) whose revocation list is due on `today` (YYYY-MM-DD, the market's
 * calendar): the month before from the publication day on, the one before that until then. A
 * scheduler that was down on the day still produces the list on its next sweep.
 */
export function revocationListMonthDue(today: string): string {
  const firstOfMonth = `${today.slice(0, 7)}-01`;
  const lastMonth = addCalendarDays(firstOfMonth, -1).slice(0, 7);
  if (Number(today.slice(8, 10)) >= REVOCATION_LIST_DAY) return lastMonth;
  return addCalendarDays(`${lastMonth}-01`, -1).slice(0, 7);
}
