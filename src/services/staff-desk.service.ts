import { listWorkCases, openCasesOfLines } from '../db/repositories/cases.repository.js';
import { msisdnReadings, parseIccid } from '../domain/identifiers.js';
import type { LineRecord } from '../ports/ports.js';
import type { ServiceContext } from './context.js';
import { caseReference, iso } from './presenters.js';
import { DAY } from '../domain/time.js';
import type { WorkList } from '../domain/work-lists.js';

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
      : await openCasesOfLines(
          context.db,
          lines.map((l) => l.msisdn),
        );
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

/**
 * The console's work lists, oldest first:
 * - `failed`: execution could not finish; a supervisor retries it (never silent, PRODUCT.md);
 * - `waiting`: executing but waiting for an outside system that is down (it retries by itself);
 * - `card_returns`: cases waiting for a posted card, with the deadline; `overdue` once it has passed,
 *   plus those rejected in the last 30 days because the card never came.
 */
export async function listWork(context: ServiceContext, list: WorkList, limit: number) {
  const now = context.clock.now();
  const rows = await listWorkCases(context.db, list, { rejectedSince: new Date(now.getTime() - 30 * DAY), limit });
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
