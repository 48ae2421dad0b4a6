import { SimexitError } from './errors.js';
import { msisdnCountryOfMarket, parseMsisdn } from './identifiers.js';
import type { BoundServiceKind, CancellationDecisions, LineFacts } from './line.js';
import type { BalanceOption, Market, MarketPolicy, NoticePeriod, ProductType, RefundMethod } from './policy/types.js';
import { decideEndDate, type EndDateBasis } from './termination.js';
import { addCalendarDays } from './working-days.js';

/**
 * One line of the eligibility checklist the holder sees before submitting (PRODUCT.md, step 2).
 * Items whose status is `blocking`, `requires_acceptance`, `requires_decision` or
 * `requires_acknowledgement` keep the line from being cancelled; the others are settled or informative.
 */
export type ChecklistItem =
  | {
      kind: 'debt';
      status: 'blocking' | 'resolved';
      amountMinor: number;
      currency: string;
      paymentArrangement: boolean;
      /** The operator's payment page (market policy `debtPayment.url`). */
      paymentUrl: string;
    }
  | {
      /** When the line ends and why (domain/termination.ts): shown to every holder, prepaid included. */
      kind: 'contract_end';
      status: 'info';
      basis: EndDateBasis;
      /** The earliest date the line can end without any charge. */
      earliestFreeEndDate: string;
      /** The date this request ends the line on. */
      endsOn: string;
      /** The date an ordinary cancellation with no date of its own ends on (the earliest free date, after cooling-off). */
      ordinaryEndsOn: string;
      requestedEndDate: string | null;
      /** The asked-for date is earlier than the contract allows: the line ends on `endsOn` instead. */
      requestedTooEarly: boolean;
      minimumTermEndsOn: string | null;
      /** Null for prepaid: no notice. */
      notice: NoticePeriod | null;
      /** What ending before the minimum term would cost (asked for with an earlier date); null: not offered. */
      earlyExitChargeMinor: number | null;
      currency: string;
    }
  | {
      /** Only when the holder asked to end before the minimum term: the charge to accept. */
      kind: 'early_termination_charge';
      status: 'requires_acceptance' | 'accepted';
      amountMinor: number;
      currency: string;
      minimumTermEndsOn: string;
      /** The early date asked for. */
      endsOn: string;
    }
  | {
      kind: 'balance';
      status: 'requires_decision' | 'decided';
      creditMinor: number;
      dataMb: number;
      currency: string;
      options: BalanceOption[];
      chosen: BalanceOption | null;
      refundMinor: number | null;
      /** How and by when a refund is paid (null when refund is not offered). */
      refund: { method: RefundMethod; expectedBy: string } | null;
      /** The line a transfer goes to, once chosen. */
      transferTo: string | null;
    }
  | {
      kind: 'bound_service';
      status: 'requires_acknowledgement' | 'acknowledged';
      serviceId: string;
      serviceKind: BoundServiceKind;
      name: string;
    }
  | {
      kind: 'card_return';
      status: 'info';
      deadlineDays: number;
      mailingFeeMinor: number;
      currency: string;
      address: string;
    }
  | {
      kind: 'reminder';
      status: 'info';
      code: 'backup_contacts' | 'keep_card_until_confirmation' | 'official_channels_only';
    };

export interface Checklist {
  /** True when nothing is outstanding: the line may be cancelled with these decisions. */
  eligible: boolean;
  /**
   * Every item, in a stable order: debt, contract end, early-termination charge, balance, bound
   * services, card return, reminders.
   */
  items: ChecklistItem[];
  /** The items that still block submission. */
  outstanding: ChecklistItem[];
}

const outstandingStatuses: ReadonlySet<ChecklistItem['status']> = new Set([
  'blocking',
  'requires_acceptance',
  'requires_decision',
  'requires_acknowledgement',
]);

/** Whether a card of `productType` must be posted back before a case can complete in this market. */
export function requiresCardReturn(productType: ProductType, policy: MarketPolicy): boolean {
  return policy.cardReturn.productTypes.includes(productType);
}

/**
 * What may happen to leftover prepaid credit/data, and what a refund would pay.
 *
 * Transfer where the market allows it. Refund where the market requires it, when there is credit of at
 * least the minimum refund and the refund fee would not swallow it all (a refund of nothing helps no one).
 * Forfeit is always offered: the holder may waive the balance, and choosing it is the explicit
 * acknowledgement PRODUCT.md asks for. Data alone cannot be refunded (it has no money value).
 */
function balanceOptionsFor(
  creditMinor: number,
  policy: MarketPolicy,
): { options: BalanceOption[]; refundMinor: number | null } {
  const options: BalanceOption[] = [];
  if (policy.balance.transferAllowed) options.push('transfer');
  const refundMinor = Math.max(0, creditMinor - policy.balance.refundFeeMinor);
  const refundable =
    policy.balance.refundRequired &&
    creditMinor > 0 &&
    creditMinor >= policy.balance.minimumRefundMinor &&
    refundMinor > 0;
  if (refundable) options.push('refund');
  options.push('forfeit');
  return { options, refundMinor: refundable ? refundMinor : null };
}

/** What the CRM and billing say about the line credit would be transferred to (null: no such line). */
export interface TransferTargetFacts {
  msisdn: string;
  market: LineFacts['market'];
  status: string;
  /** Whether the line holds prepaid credit; a post-paid line has nowhere to put it. */
  holdsCredit: boolean;
}

/**
 * The one check of a balance transfer target, for the checklist preview, the submission and the
 * assessment alike: another active line of ours, in the same market, that can hold credit (a prepaid
 * line). Credit sent to a post-paid line would vanish (operator systems; each pack's balance sources).
 *
 * @throws SimexitError `VALIDATION_FAILED` (field `decisions.balance.toMsisdn`) naming what is wrong.
 */
export function assertTransferTarget(
  facts: Pick<LineFacts, 'msisdn' | 'market'>,
  toMsisdn: string,
  target: TransferTargetFacts | null,
): void {
  const field = { field: 'decisions.balance.toMsisdn' };
  if (parseMsisdn(toMsisdn, msisdnCountryOfMarket[facts.market]) === normalisedMsisdn(facts.msisdn)) {
    throw new SimexitError('VALIDATION_FAILED', 'Credit must go to a different number than the one being cancelled.', {
      ...field,
      reason: 'same_line',
    });
  }
  if (target === null || target.status !== 'active' || target.market !== facts.market) {
    throw new SimexitError(
      'VALIDATION_FAILED',
      'Credit can only move to another active line of ours in the same country.',
      { ...field, reason: 'not_our_active_line' },
    );
  }
  if (!target.holdsCredit) {
    throw new SimexitError(
      'VALIDATION_FAILED',
      'That line is a pay-monthly line and cannot hold credit. Choose a pay-as-you-go line, or a refund.',
      { ...field, reason: 'cannot_hold_credit' },
    );
  }
}

/**
 * The holder's decisions with a balance transfer's target number in E.164, read in the national format
 * of the line's market when it has no country code (`07700 900102` for a UK line): the checklist, the
 * stored case and the billing instruction all carry the one number.
 *
 * @throws SimexitError `INVALID_MSISDN` (field `decisions.balance.toMsisdn`) when it is no number there.
 */
export function decisionsInMarket(decisions: CancellationDecisions, market: Market): CancellationDecisions {
  if (decisions.balance?.option !== 'transfer') return decisions;
  try {
    const toMsisdn = parseMsisdn(decisions.balance.toMsisdn, msisdnCountryOfMarket[market]);
    return { ...decisions, balance: { option: 'transfer', toMsisdn } };
  } catch (error) {
    if (!(error instanceof SimexitError)) throw error;
    throw new SimexitError(error.code, error.message, { ...error.details, field: 'decisions.balance.toMsisdn' });
  }
}

/** The line's own number as E.164; CRM data is trusted, so a number the parser refuses is compared as stored. */
function normalisedMsisdn(msisdn: string): string {
  try {
    return parseMsisdn(msisdn);
  } catch {
    return msisdn;
  }
}

/** When the request is received and what the holder asked for besides the decisions. */
export interface CancellationRequestFacts {
  /** When the cancellation is (or was) received: notice runs from here, cooling-off too. */
  receivedAt: Date;
  /** The end date the holder asked for, or null for the earliest free date. */
  requestedEndDate: string | null;
  /** The transfer target's facts when the holder chose a transfer (null: no such line). */
  transferTarget: TransferTargetFacts | null;
}

/**
 * The eligibility checklist of a line under a market policy, with the holder's decisions applied.
 * Pure: the request's `receivedAt` is a parameter.
 *
 * Rules:
 * - Debt above zero blocks until it is paid or a payment arrangement is recorded; no decision the holder
 *   sends can clear it. The item links to the market's payment page.
 * - The line's end date is always shown (`contract_end`, domain/termination.ts): an ordinary cancellation
 *   ends on the earliest free date with no charge. Only a requested date before a running minimum term
 *   ends, in a market with early-termination charges, adds the charge, which must be accepted
 *   (`acceptEarlyTerminationCharge`).
 * - Leftover prepaid credit or data needs a decision among the offered options (see the balance rules
 *   of `balanceOptionsFor`); `refundMinor` is what a refund would pay (credit minus fee), or null when
 *   refund is not offered, and `refund` how and by when (the market's refund method, days after the line
 *   ends). A transfer goes only where {@link assertTransferTarget} allows. A balance decision for a line
 *   with no balance is ignored.
 * - Every bound service must be acknowledged by id; unknown acknowledged ids are ignored.
 * - Card return is shown up-front (deadline, mailing fee, address) for the product types the market lists.
 * - Three reminders are always shown: back up contacts, keep the card until confirmation, and use
 *   official channels only (fraudsters impersonate operators during cancellations).
 *
 * @throws SimexitError `BALANCE_OPTION_NOT_ALLOWED` (details `{ allowed }`) when the chosen balance option
 *   is not offered; `INVALID_MSISDN` / `VALIDATION_FAILED` when a transfer target is malformed, the line
 *   itself or cannot take the credit; `INVALID_DATE` when the requested date or the minimum-term end is
 *   not `YYYY-MM-DD`.
 */
export function evaluateEligibility(
  facts: LineFacts,
  policy: MarketPolicy,
  decisions: CancellationDecisions,
  request: CancellationRequestFacts,
): Checklist {
  const currency = policy.currency;
  const items: ChecklistItem[] = [];

  if (facts.debtMinor > 0) {
    items.push({
      kind: 'debt',
      status: facts.paymentArrangement ? 'resolved' : 'blocking',
      amountMinor: facts.debtMinor,
      currency,
      paymentArrangement: facts.paymentArrangement,
      paymentUrl: policy.debtPayment.url,
    });
  }

  const end = decideEndDate(facts, policy, request.receivedAt, request.requestedEndDate);
  items.push({
    kind: 'contract_end',
    status: 'info',
    basis: end.basis,
    earliestFreeEndDate: end.earliestFreeEndDate,
    endsOn: end.endsOn,
    ordinaryEndsOn: end.ordinaryEndsOn,
    requestedEndDate: end.requestedEndDate,
    requestedTooEarly: end.requestedTooEarly,
    minimumTermEndsOn: end.minimumTermEndsOn,
    notice: end.notice,
    earlyExitChargeMinor: end.earlyExitChargeMinor,
    currency,
  });
  if (end.earlyExit) {
    items.push({
      kind: 'early_termination_charge',
      status: decisions.acceptEarlyTerminationCharge ? 'accepted' : 'requires_acceptance',
      amountMinor: end.chargeMinor,
      currency,
      minimumTermEndsOn: end.minimumTermEndsOn!,
      endsOn: end.endsOn,
    });
  }

  const prepaid = facts.prepaid;
  if (prepaid !== null && (prepaid.creditMinor > 0 || prepaid.dataMb > 0)) {
    const { options, refundMinor } = balanceOptionsFor(prepaid.creditMinor, policy);
    const choice = decisions.balance;
    if (choice !== null && !options.includes(choice.option)) {
      throw new SimexitError(
        'BALANCE_OPTION_NOT_ALLOWED',
        `Your remaining balance cannot be handled by "${choice.option}" here. Choose one of: ${options.join(', ')}.`,
        { allowed: options },
      );
    }
    if (choice !== null && choice.option === 'transfer') {
      assertTransferTarget(facts, choice.toMsisdn, request.transferTarget);
    }
    items.push({
      kind: 'balance',
      status: choice === null ? 'requires_decision' : 'decided',
      creditMinor: prepaid.creditMinor,
      dataMb: prepaid.dataMb,
      currency,
      options,
      chosen: choice === null ? null : choice.option,
      refundMinor,
      refund:
        refundMinor === null
          ? null
          : {
              method: policy.balance.refundMethod,
              expectedBy: addCalendarDays(end.endsOn, policy.balance.refundWithinDays),
            },
      transferTo:
        choice !== null && choice.option === 'transfer'
          ? parseMsisdn(choice.toMsisdn, msisdnCountryOfMarket[facts.market])
          : null,
    });
  }

  const acknowledged = new Set(decisions.acknowledgedServiceIds);
  for (const service of facts.boundServices) {
    items.push({
      kind: 'bound_service',
      status: acknowledged.has(service.id) ? 'acknowledged' : 'requires_acknowledgement',
      serviceId: service.id,
      serviceKind: service.kind,
      name: service.name,
    });
  }

  if (requiresCardReturn(facts.productType, policy)) {
    items.push({
      kind: 'card_return',
      status: 'info',
      deadlineDays: policy.cardReturn.deadlineDays,
      mailingFeeMinor: policy.cardReturn.mailingFeeMinor,
      currency,
      address: policy.cardReturn.address,
    });
  }

  items.push(
    { kind: 'reminder', status: 'info', code: 'backup_contacts' },
    { kind: 'reminder', status: 'info', code: 'keep_card_until_confirmation' },
    { kind: 'reminder', status: 'info', code: 'official_channels_only' },
  );

  const outstanding = items.filter((item) => outstandingStatuses.has(item.status));
  return { eligible: outstanding.length === 0, items, outstanding };
}
