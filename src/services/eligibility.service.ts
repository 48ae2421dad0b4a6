import { SimexitError } from '../domain/errors.js';
import { evaluateEligibility } from '../domain/eligibility.js';
import { parseMsisdn } from '../domain/identifiers.js';
import type { CancellationDecisions, LineFacts } from '../domain/line.js';
import { localDate } from '../domain/working-days.js';
import type { LineRecord, SubscriberRecord } from '../ports/ports.js';
import type { Actor, ServiceContext } from './context.js';
import { currentPolicy } from './policies.service.js';

/**
 * Finds a line the actor may act on. A subscriber sees only lines of their own account (and, with a
 * line-scoped session, only that line); anything else looks exactly like a number that does not exist.
 */
export async function lineForActor(context: ServiceContext, actor: Actor, msisdnInput: string): Promise<LineRecord> {
  const msisdn = parseMsisdn(msisdnInput);
  const line = await context.ports.crm.findLine(msisdn);
  const visible =
    line !== null &&
    (actor.kind !== 'subscriber' ||
      (line.subscriberId === actor.id && (actor.scope === null || actor.scope.includes(msisdn))));
  if (!line || !visible) throw new SimexitError('LINE_NOT_FOUND', 'We have no line with this number on your account.');
  return line;
}

export async function gatherFacts(
  context: ServiceContext,
  line: LineRecord,
): Promise<{ facts: LineFacts; subscriber: SubscriberRecord }> {
  const [subscriber, standing, boundServices] = await Promise.all([
    context.ports.crm.getSubscriber(line.subscriberId),
    context.ports.billing.getStanding(line.msisdn),
    context.ports.crm.listBoundServices(line.msisdn),
  ]);
  if (!subscriber) throw new SimexitError('LINE_NOT_FOUND', 'The account of this line could not be found.');
  return {
    subscriber,
    facts: {
      msisdn: line.msisdn,
      iccid: line.iccid,
      productType: line.productType,
      market: line.market,
      subscriberId: line.subscriberId,
      ...standing,
      boundServices,
    },
  };
}

/** The eligibility checklist of a line, optionally with the holder's decisions applied. */
export async function checklistFor(context: ServiceContext, line: LineRecord, decisions: CancellationDecisions) {
  const policy = await currentPolicy(context, line.market);
  const { facts, subscriber } = await gatherFacts(context, line);
  const checklist = evaluateEligibility(facts, policy, decisions, localDate(context.clock.now(), policy.timeZone));
  return { facts, subscriber, policy, checklist };
}

export async function openCaseFor(context: ServiceContext, msisdn: string) {
  return context.db
    .selectFrom('cases')
    .select(['id', 'state', 'subscriber_id'])
    .where('msisdn', '=', msisdn)
    .where('state', 'not in', ['completed', 'rejected', 'withdrawn'])
    .executeTakeFirst();
}

/** What the holder sees before submitting: the line, the market's terms and the checklist. */
export async function getChecklist(
  context: ServiceContext,
  actor: Actor,
  msisdn: string,
  decisions: CancellationDecisions,
) {
  const line = await lineForActor(context, actor, msisdn);
  const { checklist, policy } = await checklistFor(context, line, decisions);
  const openCase = await openCaseFor(context, line.msisdn);
  return {
    line: { msisdn: line.msisdn, productType: line.productType, market: line.market, status: line.status },
    terms: {
      coolingOffHours: policy.coolingOffHours,
      reviewSlaWorkingDays: policy.reviewSlaWorkingDays,
      currency: policy.currency,
      timeZone: policy.timeZone,
      cancellationFee: 0,
    },
    checklist,
    openCaseId: openCase?.id ?? null,
  };
}
