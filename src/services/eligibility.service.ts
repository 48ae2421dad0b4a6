import { findOpenCaseOfLine } from '../db/repositories/cases.repository.js';
import { SimexitError } from '../domain/errors.js';
import { decisionsInMarket, evaluateEligibility, type TransferTargetFacts } from '../domain/eligibility.js';
import { msisdnCountryOfMarket, msisdnReadings, parseMsisdn, type Msisdn } from '../domain/identifiers.js';
import type { Market } from '../domain/policy/types.js';
import type { CancellationDecisions, LineFacts } from '../domain/line.js';
import type { LineRecord, SubscriberRecord } from '../ports/ports.js';
import type { Actor, ServiceContext } from './context.js';
import { currentPolicy, latestPolicy } from './policies.service.js';

/**
 * The line a number names as a person typed it, given its `readings` (domain/identifiers.ts
 * `msisdnReadings`: with its country code, or in the national format of any market simexit serves,
 * `07700 900101`, `0151 12345601`, `138 0013 8000`): a national number that reads as a number in
 * more than one market is the line the CRM has. The caller parses the number, so it can refuse a
 * malformed one before anything else and parse it once. `accepts` narrows which lines count (those a
 * subscriber may see).
 */
export async function findLineByNumber(
  context: ServiceContext,
  readings: readonly Msisdn[],
  accepts: (line: LineRecord) => boolean = () => true,
): Promise<LineRecord | null> {
  for (const msisdn of readings) {
    const line = await context.ports.crm.findLine(msisdn);
    if (line !== null && accepts(line)) return line;
  }
  return null;
}

/**
 * Finds a line the actor may act on. A subscriber sees only lines of their own account (and, with a
 * line-scoped session, only that line); anything else looks exactly like a number that does not exist.
 * The number may be written in its market's national format ({@link findLineByNumber}).
 *
 * @throws SimexitError `INVALID_MSISDN` when the input is empty or a number in no market.
 */
export async function lineForActor(context: ServiceContext, actor: Actor, msisdnInput: string): Promise<LineRecord> {
  const line = await findLineByNumber(
    context,
    msisdnReadings(msisdnInput),
    (found) =>
      actor.kind !== 'subscriber' ||
      (found.subscriberId === actor.id && (actor.scope === null || actor.scope.includes(found.msisdn))),
  );
  if (!line) throw new SimexitError('LINE_NOT_FOUND', 'We have no line with this number on your account.');
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

/**
 * What the CRM and billing say about the line a balance transfer would go to, for the domain's one
 * check (`assertTransferTarget`); null when there is no decision to transfer or no such line.
 */
export async function transferTargetFacts(
  context: ServiceContext,
  decisions: CancellationDecisions,
  /** The market of the line being cancelled: a target without country code is read in its format. */
  market: Market,
): Promise<TransferTargetFacts | null> {
  if (decisions.balance?.option !== 'transfer') return null;
  const target = await context.ports.crm.findLine(
    parseMsisdn(decisions.balance.toMsisdn, msisdnCountryOfMarket[market]),
  );
  if (!target) return null;
  const standing = await context.ports.billing.getStanding(target.msisdn);
  return {
    msisdn: target.msisdn,
    market: target.market,
    status: target.status,
    holdsCredit: standing.prepaid !== null,
  };
}

/**
 * The end date asked for and when (the checklist decides the line's end date and any charge from
 * them), and what the caller has read already.
 */
export interface ChecklistOptions {
  requestedEndDate: string | null;
  /** When the cancellation is received; defaults to now (a preview, or a submission). */
  receivedAt?: Date;
  /** The market's latest policy version when the caller has read it already (readFilingGuards). */
  policyVersion?: number | null;
}

/**
 * The eligibility checklist of a line, optionally with the holder's decisions and requested end date
 * applied. The checklist preview and the submission both come here, so they judge alike.
 */
export async function checklistFor(
  context: ServiceContext,
  line: LineRecord,
  decisionsAsGiven: CancellationDecisions,
  options: ChecklistOptions = { requestedEndDate: null },
) {
  // A transfer target in the national format is the same number in E.164 from here on.
  const decisions = decisionsInMarket(decisionsAsGiven, line.market);
  const policy =
    options.policyVersion === undefined
      ? await currentPolicy(context, line.market, context.db)
      : await latestPolicy(context, line.market, options.policyVersion, context.db);
  const [{ facts, subscriber }, transferTarget] = await Promise.all([
    gatherFacts(context, line),
    transferTargetFacts(context, decisions, line.market),
  ]);
  const receivedAt = options.receivedAt ?? context.clock.now();
  const checklist = evaluateEligibility(facts, policy, decisions, {
    receivedAt,
    requestedEndDate: options.requestedEndDate,
    transferTarget,
  });
  return { facts, subscriber, policy, checklist, receivedAt, decisions };
}

export async function openCaseFor(context: ServiceContext, msisdn: string) {
  return findOpenCaseOfLine(context.db, msisdn);
}

/** What the holder sees before submitting: the line, the market's terms and the checklist. */
export async function getChecklist(
  context: ServiceContext,
  actor: Actor,
  msisdn: string,
  decisions: CancellationDecisions,
  requestedEndDate: string | null = null,
) {
  const line = await lineForActor(context, actor, msisdn);
  const { checklist, policy } = await checklistFor(context, line, decisions, { requestedEndDate });
  const openCase = await openCaseFor(context, line.msisdn);
  return {
    line: { msisdn: line.msisdn, productType: line.productType, market: line.market, status: line.status },
    terms: {
      coolingOffHours: policy.coolingOffHours,
      reviewSlaWorkingDays: policy.reviewSlaWorkingDays,
      currency: policy.currency,
      timeZone: policy.timeZone,
      cancellationFee: 0,
      /** §312k(2) BGB: the page asks ordinary or extraordinary (with the reason) only where the market has it. */
      asksTerminationKind:
        policy.termination.asksTerminationKind &&
        checklist.items.some((item) => item.kind === 'contract_end' && item.basis !== 'prepaid'),
    },
    checklist,
    openCaseId: openCase?.id ?? null,
  };
}
