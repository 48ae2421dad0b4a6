import {
  backlogByAge,
  caseVolumes,
  completionTimes,
  leavingReasonCounts,
  reviewDeadlineOutcomes,
} from '../db/repositories/case-reports.repository.js';
import { toCsv } from '../domain/csv.js';
import { SimexitError } from '../domain/errors.js';
import type { Market } from '../domain/policy/types.js';
import type { ServiceContext } from './context.js';
import { DAY } from '../domain/time.js';

/** The longest range one report covers: a year, leap day included. */
export const MAX_REPORT_DAYS = 366;

export const backlogBuckets = ['<1d', '1-3d', '3-7d', '>7d'] as const;
export type BacklogBucket = (typeof backlogBuckets)[number];

export interface ReportQuery {
  /** First day of case receipt, YYYY-MM-DD, UTC. */
  from: string;
  /** Last day of case receipt (inclusive), YYYY-MM-DD, UTC. */
  to: string;
  market: Market | null;
}

export interface ReportSummary {
  from: string;
  to: string;
  market: Market | null;
  volumes: { market: string; channel: string; count: number }[];
  leavingReasons: { reason: string; count: number }[];
  timeToComplete: { completed: number; p50Hours: number | null; p90Hours: number | null };
  sla: { met: number; missed: number; open: number };
  backlogAge: { bucket: BacklogBucket; count: number }[];
}

function dayStart(date: string, field: string): Date {
  const instant = new Date(`${date}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
    Number.isNaN(instant.getTime()) ||
    instant.toISOString().slice(0, 10) !== date
  )
    throw new SimexitError('INVALID_DATE', `${field} must be a calendar date, YYYY-MM-DD.`, { field });
  return instant;
}

const hours = (value: unknown): number | null =>
  value === null || value === undefined ? null : Math.round(Number(value) * 100) / 100;

/**
 * The management summary of the cases *received* from `from` to `to` (whole UTC days, both included),
 * optionally in one market. Every figure is about that same set of cases, so a report for a week
 * answers "what happened to the cases that came in that week" and matches the cases created in it.
 * Aggregated in SQL (one statement per figure), never by loading the cases.
 *
 * - volumes: cases by market and channel, whatever became of them.
 * - leavingReasons: the survey code before any ":" of `leaving_reason` ("price: too dear" → price);
 *   words that are not a survey code (free text from another channel) → `other`; no answer → `not_given`.
 * - timeToComplete: receipt → the `completed` event, in hours, less the time the case waited
 *   approved for its line's end date (state `scheduled`, until `line_end_reached`): that wait is the
 *   contract's notice or minimum term, not the operator's handling. p50/p90 are continuous
 *   percentiles, null when nothing completed.
 * - sla: cases that had a review deadline (a `review_deadline` timer), i.e. went to a person. The
 *   deadline is the latest such timer (after an answer to a request for information the clock resumes
 *   with the working time that was left, as a new timer, so the latest one is the promise in force).
 *   While the case waits for that answer the clock is paused, so it counts as open. The decision is the first move out of review
 *   (in_review / needs_info) to any other state after the case first entered review: approval,
 *   rejection, withdrawal. *met*: decided at or before the deadline and never escalated. *missed*:
 *   escalated (a `review_deadline_passed` event), decided after the deadline, or undecided with the
 *   deadline behind the request's clock (and not paused). *open*: undecided, and paused or still ahead.
 * - backlogAge: cases not yet completed, rejected or withdrawn (failed ones count: they still need
 *   someone; approved cases waiting for their end date, `scheduled`, do not: nobody needs to act), by
 *   age at the request's clock: <1d, 1-3d, 3-7d, >7d (lower bounds inclusive).
 */
export async function reportSummary(context: ServiceContext, query: ReportQuery): Promise<ReportSummary> {
  const start = dayStart(query.from, 'from');
  const end = new Date(dayStart(query.to, 'to').getTime() + DAY);
  if (start >= end) throw new SimexitError('VALIDATION_FAILED', '"from" must be on or before "to".', { field: 'from' });
  if ((end.getTime() - start.getTime()) / DAY > MAX_REPORT_DAYS)
    throw new SimexitError('VALIDATION_FAILED', `A report covers at most ${MAX_REPORT_DAYS} days.`, { field: 'to' });
  const now = context.clock.now();
  const market = query.market;
  const range = { start, end, market };
  const volumes = await caseVolumes(context.db, range);
  const reasons = await leavingReasonCounts(context.db, range);
  const [completed] = await completionTimes(context.db, range);
  const [slaRow] = await reviewDeadlineOutcomes(context.db, range, now);
  const backlog = await backlogByAge(context.db, range, now);

  return {
    from: query.from,
    to: query.to,
    market,
    volumes: volumes.map((row) => ({ ...row, count: Number(row.count) })),
    leavingReasons: reasons.map((row) => ({ ...row, count: Number(row.count) })),
    timeToComplete: {
      completed: Number(completed?.completed ?? 0),
      p50Hours: hours(completed?.p50),
      p90Hours: hours(completed?.p90),
    },
    sla: { met: Number(slaRow?.met ?? 0), missed: Number(slaRow?.missed ?? 0), open: Number(slaRow?.open ?? 0) },
    backlogAge: backlogBuckets.map((bucket) => ({
      bucket,
      count: Number(backlog.find((row) => row.bucket === bucket)?.count ?? 0),
    })),
  };
}

/**
 * The summary as one flat CSV table, `section,market,channel,key,value`, so a spreadsheet can pivot it
 * and a test can compare it with the JSON figure by figure:
 *
 * - `range,<market>,,from|to,<date>`
 * - `volume,<market>,<channel>,cases,<count>`
 * - `leaving_reason,<market>,,<reason>,<count>`
 * - `time_to_complete,<market>,,completed|p50_hours|p90_hours,<number>` (empty when nothing completed)
 * - `sla,<market>,,met|missed|open,<count>`
 * - `backlog_age,<market>,,<1d|1-3d|3-7d|>7d,<count>`
 *
 * `<market>` is the market a figure covers; empty means every market.
 */
export function reportSummaryCsv(summary: ReportSummary): string {
  const scope = summary.market ?? '';
  return toCsv([
    ['section', 'market', 'channel', 'key', 'value'],
    ['range', scope, '', 'from', summary.from],
    ['range', scope, '', 'to', summary.to],
    ...summary.volumes.map((row) => ['volume', row.market, row.channel, 'cases', row.count]),
    ...summary.leavingReasons.map((row) => ['leaving_reason', scope, '', row.reason, row.count]),
    ['time_to_complete', scope, '', 'completed', summary.timeToComplete.completed],
    ['time_to_complete', scope, '', 'p50_hours', summary.timeToComplete.p50Hours],
    ['time_to_complete', scope, '', 'p90_hours', summary.timeToComplete.p90Hours],
    ['sla', scope, '', 'met', summary.sla.met],
    ['sla', scope, '', 'missed', summary.sla.missed],
    ['sla', scope, '', 'open', summary.sla.open],
    ...summary.backlogAge.map((row) => ['backlog_age', scope, '', row.bucket, row.count]),
  ]);
}
