import { reviewQueueGroup, type ReviewQueueGroup } from '../db/repositories/cases.repository.js';
import { SimexitError } from '../domain/errors.js';
import type { Market, MarketPolicy, RiskSignal } from '../domain/policy/types.js';
import { reviewSla } from '../domain/review-sla.js';
import type { ServiceContext } from './context.js';
import { policyForCase } from './policies.service.js';
import { caseReference } from './presenters.js';

/**
 * The review queue: cases waiting for a person, in the order they should be worked.
 *
 * Three groups, in this order:
 * 1. **to answer** — cases outside review whose holder wrote (a question, a document, chasing) and
 *    that no member of staff has answered yet, oldest message first (migration 0026). Cases in review
 *    with an unanswered message stay in their group below, marked `needsAnswer`;
 * 2. **running** — `in_review`, by deadline (soonest, i.e. most overdue, first);
 * 3. **paused** — `needs_info` cases that will come back to review when the subscriber answers, by the
 *    working time they have left (least first). They come after every running case because nobody can
 *    act on them now; the order inside the group says which will be most urgent when they return.
 * Ties break on `received_at`, then `id`, so the order is total and a keyset cursor is exact.
 *
 * `needs_info` cases asked during verification or eligibility are not in the queue: no review clock runs
 * for them and the assessment, not a reviewer, picks them up again.
 *
 * Each group is read from its own partial index (migration 0011) with a keyset condition, so a page
 * costs `limit` index entries however deep it is and however many cases the table holds.
 */

/** The groups a page may be limited to: `to_answer` is the holder's unanswered messages outside review. */
export const queueStates = ['in_review', 'needs_info', 'to_answer'] as const;
export type QueueState = (typeof queueStates)[number];

export interface ReviewQueueFilter {
  market?: Market | undefined;
  channel?: string | undefined;
  riskSignal?: RiskSignal | undefined;
  /** One group only; both when omitted. */
  state?: QueueState | undefined;
  escalated?: boolean | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** 0 = running (`in_review`), 1 = paused (`needs_info`), 2 = to answer (outside review). */
type Group = ReviewQueueGroup;
/** The order the groups are read in. */
const groupOrder: readonly Group[] = [2, 0, 1];
const rank = (group: Group) => groupOrder.indexOf(group);

/** A position in the queue: the last row of a page. Opaque to clients (base64url JSON). */
interface Position {
  group: Group;
  /** Deadline (ISO) in the running group; remaining working ms in the paused group; message instant (ISO) to answer. */
  key: string | number;
  receivedAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.group, position.key, position.receivedAt, position.id]), 'utf8').toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): Position {
  const invalid = () =>
    new SimexitError('VALIDATION_FAILED', 'The cursor is not one this queue gave out; start again without it.', {
      field: 'querystring.cursor',
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw invalid();
  const [group, key, receivedAt, id] = parsed as unknown[];
  // Only what encodeCursor writes (Date#toISOString), so nothing else ever reaches SQL as a timestamp.
  const isInstant = (value: unknown): value is string =>
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) &&
    !Number.isNaN(Date.parse(value)) &&
    new Date(value).toISOString() === value;
  if (typeof id !== 'string' || !UUID.test(id) || !isInstant(receivedAt)) throw invalid();
  if ((group === 0 || group === 2) && isInstant(key)) return { group, key, receivedAt, id };
  if (group === 1 && typeof key === 'number' && Number.isSafeInteger(key) && key >= 0) {
    return { group, key, receivedAt, id };
  }
  throw invalid();
}

export interface ReviewQueuePage {
  cases: ReturnType<typeof presentRow>[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

type QueueRow = Awaited<ReturnType<typeof reviewQueueGroup>>[number];

function presentRow(row: QueueRow, now: Date, policy: MarketPolicy) {
  const reviewDueAt = row.state === 'in_review' && row.review_due_at ? new Date(row.review_due_at) : null;
  const reviewRemainingMs = row.review_remaining_ms === null ? null : Number(row.review_remaining_ms);
  return {
    id: row.id,
    reference: caseReference(row.id),
    msisdn: row.msisdn,
    market: row.market,
    channel: row.channel,
    state: row.state,
    reviewRoute: row.review_route,
    riskSignals: row.risk_signals,
    approvals: row.approvals.length,
    escalated: row.escalated,
    /** 1 escalated at the deadline, 2 or more re-escalated after further SLA periods. */
    escalations: row.escalations,
    /** The holder wrote and no member of staff has answered yet: since when. */
    needsAnswerSince: row.awaiting_answer_since === null ? null : new Date(row.awaiting_answer_since).toISOString(),
    receivedAt: new Date(row.received_at).toISOString(),
    deadline: reviewDueAt?.toISOString() ?? null,
    // No review clock runs for a case outside review (one only waiting for an answer).
    sla:
      row.state === 'in_review' || row.state === 'needs_info'
        ? reviewSla({ reviewDueAt, reviewRemainingMs }, now, policy)
        : null,
  };
}

function positionOf(row: QueueRow): Position {
  const group: Group = row.state === 'in_review' ? 0 : row.state === 'needs_info' ? 1 : 2;
  return {
    group,
    key:
      group === 0
        ? new Date(row.review_due_at as Date).toISOString()
        : group === 1
          ? Number(row.review_remaining_ms)
          : new Date(row.awaiting_answer_since as Date).toISOString(),
    receivedAt: new Date(row.received_at).toISOString(),
    id: row.id,
  };
}

/** One page of the review queue, filtered; see the module comment for the order. */
export async function listReviewQueue(context: ServiceContext, filter: ReviewQueueFilter): Promise<ReviewQueuePage> {
  const after = filter.cursor ? decodeCursor(filter.cursor) : null;
  const groups: readonly Group[] =
    filter.state === 'in_review'
      ? [0]
      : filter.state === 'needs_info'
        ? [1]
        : filter.state === 'to_answer'
          ? [2]
          : groupOrder;
  // One row more than asked for tells whether another page exists.
  const wanted = filter.limit + 1;
  const rows: QueueRow[] = [];
  for (const group of groups) {
    if (after && rank(group) < rank(after.group)) continue;
    if (rows.length >= wanted) break;
    rows.push(
      ...(await reviewQueueGroup(
        context.db,
        group,
        filter,
        after?.group === group ? after : null,
        wanted - rows.length,
      )),
    );
  }
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  const now = context.clock.now();
  return {
    // Each case's clock runs on the calendar and SLA of the policy version it was filed under.
    cases: await Promise.all(
      page.map(async (row) => presentRow(row, now, await policyForCase(context, row, context.db))),
    ),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(positionOf(last)) : null,
  };
}
