import { sql } from 'kysely';
import { msisdnReadings, parseIccid } from '../domain/identifiers.js';
import type { LineRecord } from '../ports/ports.js';
import type { ServiceContext } from './context.js';
import { caseReference, iso } from './presenters.js';
import { DAY } from '../domain/time.js';
import { terminalStates } from '../domain/lifecycle.js';

/**
 * What a person at the desk types to find a subscriber: a phone number, the card's serial number
 * (19–20 digits starting 89), or the account login. Digits that parse as an ICCID are one; anything
 * with a letter is a login; the rest must be a phone number.
 */
export async function searchSubscribers(context: ServiceContext, input: string) {
  const text = input.trim();
  const digits = text.replace(/[\s-]/g, '');
  let kind: 'msisdn' | 'iccid' | 'account';
  let lines: LineRecord[];
  if (/^89\d{17,18}$/.test(digits)) {
    kind = 'iccid';
    lines = await context.ports.crm.searchLines({ iccid: parseIccid(digits) });
  } else if (/[a-z@]/i.test(text)) {
    kind = 'account';
    lines = await context.ports.crm.searchLines({ accountLogin: text });
  } else {
    kind = 'msisdn';
    // As the person on the phone says it: with the country code, or in their market's national format.
    lines = [];
    for (const msisdn of msisdnReadings(text)) {
      const line = await context.ports.crm.findLine(msisdn);
      if (line) lines.push(line);
    }
  }
  const subscribers = new Map<string, { id: string; name: string; market: string } | null>();
  for (const line of lines) {
    if (subscribers.has(line.subscriberId)) continue;
    const subscriber = await context.ports.crm.getSubscriber(line.subscriberId);
    subscribers.set(
      line.subscriberId,
      subscriber && { id: subscriber.id, name: subscriber.name, market: subscriber.market },
    );
  }
  const open =
    lines.length === 0
      ? []
      : await context.db
          .selectFrom('cases')
          .select(['id', 'msisdn', 'state'])
          .where(
            'msisdn',
            'in',
            lines.map((l) => l.msisdn),
          )
          .where('state', 'not in', terminalStates)
          .execute();
  return {
    kind,
    lines: lines.map((line) => ({
      msisdn: line.msisdn,
      iccid: line.iccid,
      productType: line.productType,
      market: line.market,
      status: line.status,
      subscriber: subscribers.get(line.subscriberId) ?? null,
      openCase: open.find((c) => c.msisdn === line.msisdn) ?? null,
    })),
  };
}

export const workLists = ['failed', 'waiting', 'card_returns'] as const;
export type WorkList = (typeof workLists)[number];

/**
 * The console's work lists, oldest first:
 * - `failed`: execution could not finish; a supervisor retries it (never silent, PRODUCT.md);
 * - `waiting`: executing but waiting for an outside system that is down (it retries by itself);
 * - `card_returns`: cases waiting for a posted card, with the deadline; `overdue` once it has passed,
 *   plus those rejected in the last 30 days because the card never came.
 */
export async function listWork(context: ServiceContext, list: WorkList, limit: number) {
  const now = context.clock.now();
  let query = context.db
    .selectFrom('cases')
    .leftJoin('timers', (join) =>
      join
        .onRef('timers.case_id', '=', 'cases.id')
        .on('timers.kind', '=', 'card_return_deadline')
        .on('timers.cancelled_at', 'is', null),
    )
    .select([
      'cases.id',
      'cases.msisdn',
      'cases.iccid',
      'cases.market',
      'cases.channel',
      'cases.state',
      'cases.waiting_on',
      'cases.reason_code',
      'cases.received_at',
      'cases.updated_at',
      'timers.due_at as deadline',
      // Why it is stuck: the reason on its latest event (e.g. what the network answered).
      (eb) =>
        eb
          .selectFrom('case_events')
          .select('case_events.reason')
          .whereRef('case_events.case_id', '=', 'cases.id')
          .orderBy('case_events.id', 'desc')
          .limit(1)
          .as('last_reason'),
    ]);
  if (list === 'failed') query = query.where('cases.state', '=', 'failed');
  else if (list === 'waiting')
    query = query.where('cases.state', '=', 'executing').where('cases.waiting_on', 'is not', null);
  else
    query = query.where((eb) =>
      eb.or([
        eb('cases.state', '=', 'awaiting_card_return'),
        eb.and([
          eb('cases.state', '=', 'rejected'),
          eb('cases.reason_code', '=', 'card_not_returned'),
          eb('cases.updated_at', '>', new Date(now.getTime() - 30 * DAY)),
        ]),
      ]),
    );
  const rows = await query
    .orderBy(sql`timers.due_at asc nulls last`)
    .orderBy('cases.updated_at')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    reference: caseReference(row.id),
    msisdn: row.msisdn,
    iccid: row.iccid,
    market: row.market,
    channel: row.channel,
    state: row.state,
    waitingOn: row.waiting_on,
    reasonCode: row.reason_code,
    lastReason: row.last_reason,
    receivedAt: iso(row.received_at),
    updatedAt: iso(row.updated_at),
    deadline: iso(row.deadline),
    overdue: row.state === 'rejected' || (row.deadline !== null && new Date(row.deadline).getTime() < now.getTime()),
  }));
}
