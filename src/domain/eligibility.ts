import { SimexitError } from './errors.js';
import { parseMsisdn } from './identifiers.js';
import type { BoundServiceKind, CancellationDecisions, LineFacts } from './line.js';
import type { BalanceOption, MarketPolicy, ProductType } from './policy/types.js';
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
    }
  | {
      kind: 'early_termination_charge';
      status: 'requires_acceptance' | 'accepted';
      amountMinor: number;
      currency: string;
      minimumTermEndsOn: string;
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
  /** Every item, in a stable order: debt, early-termination charge, balance, bound services, card return, reminders. */
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

/** The line's own number as E.164; CRM data is trusted, so a number the parser refuses is compared as stored. */
function normalisedMsisdn(msisdn: string): string {
  try {
    return parseMsisdn(msisdn);
  } catch {
    return msisdn;
  }
}

/**
 * The eligibility checklist of a line under a market policy, with the holder's decisions applied.
 * Pure: `today` is the current date in the market's time zone (see `localDate`).
 *
 * Rules:
 * - Debt above zero blocks until it is paid or a payment arrangement is recorded; no decision the holder
 *   sends can clear it.
 * - A minimum term ending after `today` with a positive charge, in a market where early-termination
 *   charges apply, must be accepted (`acceptEarlyTerminationCharge`). On its last day the term is over.
 * - Leftover prepaid credit or data needs a decision among the offered options (see the balance rules
 *   of `balanceOptionsFor`); `refundMinor` is what a refund would pay (credit minus fee), or null when
 *   refund is not offered. A balance decision for a line with no balance is ignored.
 * - Every bound service must be acknowledged by id; unknown acknowledged ids are ignored.
 * - Card return is shown up-front (deadline, mailing fee, address) for the product types the market lists.
 * - Three reminders are always shown: back up contacts, keep the card until confirmation, and use
 *   official channels only (fraudsters impersonate operators during cancellations).
 *
 * @throws SimexitError `BALANCE_OPTION_NOT_ALLOWED` (details `{ allowed }`) when the chosen balance option
 *   is not offered; `INVALID_MSISDN` / `VALIDATION_FAILED` when a transfer target is malformed or is the
 *   line itself; `INVALID_DATE` when `today` or the minimum-term end is not `YYYY-MM-DD`.
 */
export function evaluateEligibility(
  facts: LineFacts,
  policy: MarketPolicy,
  decisions: CancellationDecisions,
  today: string,
): Checklist {
  // Validates `today`; comparing YYYY-MM-DD strings is then chronological.
  addCalendarDays(today, 0);
  const currency = policy.currency;
  const items: ChecklistItem[] = [];

  if (facts.debtMinor > 0) {
    items.push({
      kind: 'debt',
      status: facts.paymentArrangement ? 'resolved' : 'blocking',
      amountMinor: facts.debtMinor,
      currency,
      paymentArrangement: facts.paymentArrangement,
    });
  }

  const contract = facts.contract;
  if (contract !== null) {
    addCalendarDays(contract.minimumTermEndsOn, 0);
    if (
      policy.earlyTermination.chargeApplies &&
      contract.minimumTermEndsOn > today &&
      contract.earlyTerminationChargeMinor > 0
    ) {
      items.push({
        kind: 'early_termination_charge',
        status: decisions.acceptEarlyTerminationCharge ? 'accepted' : 'requires_acceptance',
        amountMinor: contract.earlyTerminationChargeMinor,
        currency,
        minimumTermEndsOn: contract.minimumTermEndsOn,
      });
    }
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
    if (
      choice !== null &&
      choice.option === 'transfer' &&
      parseMsisdn(choice.toMsisdn) === normalisedMsisdn(facts.msisdn)
    ) {
      throw new SimexitError(
        'VALIDATION_FAILED',
        'Credit must go to a different number than the one being cancelled.',
        {
          field: 'decisions.balance.toMsisdn',
        },
      );
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
