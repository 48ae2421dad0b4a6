import { sql } from 'kysely';
import { SimexitError } from '../domain/errors.js';
import type { Market, MarketPolicy, RiskSignal } from '../domain/policy/types.js';
import { reviewSla } from '../domain/review-sla.js';
import type { ServiceContext } from './context.js';
import { policyForCase } from './policies.service.js';
import { caseReference } from './presenters.js';

/**
 * The review queue: cases waiting for a person, in the order they should be worked.
 *
 * Two groups, in this order:
 * 1. **running** — `in_review`, by deadline (soonest, i.e. most overdue, first);
 * 2. **paused** — `needs_info` cases that will come back to review when the subscriber answers, by the
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

export const queueStates = ['in_review', 'needs_info'] as const;
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

/** 0 = running (`in_review`), 1 = paused (`needs_info`), the order of the groups. */
type Group = 0 | 1;

/** A position in the queue: the last row of a page. Opaque to clients (base64url JSON). */
interface Position {
  group: Group;
  /** Deadline (ISO) in the running group; remaining working ms in the paused group. */
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
  if (group === 0 && isInstant(key)) return { group, key, receivedAt, id };
  if (group === 1 && typeof key === 'number' && Number.isSafeInteger(key) && key >= 0) {
    return { group, key, receivedAt, id };
  }
  throw invalid();
}

async function readGroup(
  context: ServiceContext,
  group: Group,
  filter: ReviewQueueFilter,
  after: Position | null,
  limit: number,
) {
  const sortKey = group === 0 ? sql.ref('review_due_at') : sql.ref('review_remaining_ms');
  let query = context.db
    .selectFrom('cases')
    .select([
      'id',
      'msisdn',
      'market',
      'channel',
      'state',
      'review_route',
      'risk_signals',
      'approvals',
      'escalated',
      'received_at',
      'review_due_at',
      'review_remaining_ms',
      'policy_version',
    ]);
  // The same predicates as the partial indexes of migration 0011, so the planner can use them.
  query =
    group === 0
      ? query.where('state', '=', 'in_review')
      : query.where('state', '=', 'needs_info').where('resume_state', '=', 'in_review');
  if (filter.market) query = query.where('market', '=', filter.market);
  if (filter.channel) query = query.where('channel', '=', filter.channel);
  if (filter.escalated !== undefined) query = query.where('escalated', '=', filter.escalated);
  if (filter.riskSignal) {
    query = query.where(sql<boolean>`risk_signals @> ${JSON.stringify([filter.riskSignal])}::jsonb`);
  }
  if (after) {
    const key = group === 0 ? sql`${after.key}::timestamptz` : sql`${after.key}::bigint`;
    query = query.where(
      sql<boolean>`(${sortKey}, received_at, id) > (${key}, ${after.receivedAt}::timestamptz, ${after.id}::uuid)`,
    );
  }
  return query.orderBy(sortKey).orderBy('received_at').orderBy('id').limit(limit).execute();
}

export interface ReviewQueuePage {
  cases: ReturnType<typeof presentRow>[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

type QueueRow = Awaited<ReturnType<typeof readGroup>>[number];

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
    receivedAt: new Date(row.received_at).toISOString(),
    deadline: reviewDueAt?.toISOString() ?? null,
    sla: reviewSla({ reviewDueAt, reviewRemainingMs }, now, policy),
  };
}

function positionOf(row: QueueRow): Position {
  const group: Group = row.state === 'in_review' ? 0 : 1;
  return {
    group,
    key: group === 0 ? new Date(row.review_due_at as Date).toISOString() : Number(row.review_remaining_ms),
    receivedAt: new Date(row.received_at).toISOString(),
    id: row.id,
  };
}

/** One page of the review queue, filtered; see the module comment for the order. */
export async function listReviewQueue(context: ServiceContext, filter: ReviewQueueFilter): Promise<ReviewQueuePage> {
  const after = filter.cursor ? decodeCursor(filter.cursor) : null;
  const groups: Group[] = filter.state === 'in_review' ? [0] : filter.state === 'needs_info' ? [1] : [0, 1];
  // One row more than asked for tells whether another page exists.
  const wanted = filter.limit + 1;
  const rows: QueueRow[] = [];
  for (const group of groups) {
    if (after && group < after.group) continue;
    if (rows.length >= wanted) break;
    rows.push(
      ...(await readGroup(context, group, filter, after?.group === group ? after : null, wanted - rows.length)),
    );
  }
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  const now = context.clock.now();
  return {
    // Each case's clock runs on the calendar and SLA of the policy version it was filed under.
    cases: await Promise.all(page.map(async (row) => presentRow(row, now, await policyForCase(context, row)))),
    nextCursor: rows.length > filter.limit && last ? encodeCursor(positionOf(last)) : null,
  };
}
