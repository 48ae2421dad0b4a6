import type { BulkDeactivationDefaults } from '../bulk-runs.js';
import type { MarketPolicy } from './types.js';

/**
 * United Kingdom (England calendar), version 1.
 *
 * - Ofcom General Condition C7 (switching), text-to-switch rules in force since 1 July 2019 and kept
 *   in the conditions revised in 2020 for the European Electronic Communications Code: a subscriber
 *   texts STAC (end the contract) or PAC (keep the number) to 75075/65075 and gets the code by SMS
 *   within 60 seconds together with any early-termination charge and remaining prepaid credit; codes
 *   are valid for 30 days, and no notice-period charges run on after the switch.
 * - A plain cancellation (not a switch) of a pay-monthly contract: Ofcom General Condition C1 (as
 *   revised from 17 December 2021 for EECC Art. 105(3)) lets a consumer end a contract after its
 *   commitment period at any time with at most one month's notice; this operator's terms ask 30 days.
 *   During the commitment period the contract ends at the period's end at the earliest.
 * - Ending before the commitment period is an early exit the holder must ask for; its early-termination
 *   charge must be shown before the holder commits (Ofcom GC C1 contract information), hence
 *   `chargeApplies`. An ordinary cancellation is never charged.
 * - Pay-as-you-go has no commitment period and no notice: the line ends as soon as the case may be
 *   carried out (operator terms; GC C1's notice rules concern contracts with a commitment period).
 * - No ordinary/extraordinary choice: a German distinction (§312k BGB) UK contracts do not make.
 * - Refund of prepaid credit on request, minimum £1, no fee, to the original payment method within 30
 *   days of the line ending: operator decision, in the spirit of the EECC (Directive (EU) 2018/1972)
 *   Art. 106(6) rule that switchers may have prepaid credit refunded.
 * - Credit moves only to another prepaid line (a post-paid line cannot hold credit): operator systems.
 * - Debt is paid on the operator's payment page (operator configuration: `debtPayment.url`).
 * - Card return for data-only cards (leased router SIMs), 14 days, free post: operator decision.
 * - 90-day quarantine before reassigning a number: operator decision; Ofcom's numbering guidance leaves
 *   the quarantine of ceased numbers to the range holder.
 * - Cooling-off 24 h, review within 2 working days, risk windows 72 h: operator decisions against
 *   SIM-swap and account-takeover fraud.
 */
export const ukPolicy: MarketPolicy = {
  market: 'UK',
  version: 1,
  country: 'GB',
  currency: 'GBP',
  language: 'en-GB',
  timeZone: 'Europe/London',
  coolingOffHours: 24,
  reviewSlaWorkingDays: 2,
  holidays: { country: 'GB', state: 'ENG' },
  termination: { contractNotice: { amount: 30, unit: 'day' }, asksTerminationKind: false },
  balance: {
    transferAllowed: true,
    refundRequired: true,
    minimumRefundMinor: 100,
    refundFeeMinor: 0,
    refundMethod: 'original_payment_method',
    refundWithinDays: 30,
  },
  debtPayment: { url: 'https://pay.simexit.example/uk' },
  earlyTermination: { chargeApplies: true },
  cardReturn: {
    productTypes: ['data_only'],
    deadlineDays: 14,
    mailingFeeMinor: 0,
    address: 'simexit Returns, Freepost RTXX-ABCD, PO Box 1234, London EC1A 1AA',
  },
  agingDays: 90,
  needsInfoExpiryDays: 14,
  risk: {
    simSwapWindowHours: 72,
    pacBlockDaysAfterSimChange: 7,
    contactChangeWindowHours: 72,
    failedVerificationThreshold: 3,
    manualReviewSignals: ['recent_sim_swap', 'recent_contact_change', 'failed_verification_attempts', 'agent_override'],
    secondApproverSignals: ['recent_sim_swap'],
  },
  sources: [
    'Ofcom General Condition C7 (switching): text-to-switch since 1 July 2019, revised 2020; PAC/STAC by SMS within 60 s, valid 30 days',
    'Ofcom General Condition C1 (revised 17 December 2021, EECC Art. 105(3)): after the commitment period a contract ends on at most one month’s notice; operator terms: 30 days, never before the commitment period ends',
    'Operator practice: an end before the commitment period only when the holder asks for it, for the early-termination charge (shown first, Ofcom GC C1); pay-as-you-go ends without notice',
    'Operator decision: refunds to the original payment method within 30 days of the line ending; credit moves only to another prepaid line; debts paid on the operator’s payment page',
    'Directive (EU) 2018/1972 (EECC) Art. 106(6): refund of prepaid credit on request when switching; refund on any cancellation is an operator decision',
    'Operator decision: 90-day number quarantine (Ofcom numbering guidance leaves quarantine to the range holder)',
    'Operator decision: card return for data-only cards, 24 h cooling-off, risk windows 72 h',
    'Operator decision after TRAI (MNP regulations, 7 days) and FCC 23-95 (SIM swap and port-out fraud): no PAC for 7 days after a SIM change',
  ],
};

/**
 * Bulk deactivation defaults for the UK (dormant prepaid sweeps; the UK has no SIM-registration mandate).
 * Notice, then outgoing bar after 30 days, full bar 14 days later, deactivation 30 days after that.
 */
export const ukBulkDeactivation: BulkDeactivationDefaults = {
  stages: ['notice', 'bar_outgoing', 'bar_full', 'deactivate'],
  delayDays: { bar_outgoing: 30, bar_full: 14, deactivate: 30 },
  dormantDays: 180,
  sources: [
    'Ofcom General Condition C1: at least one month’s notice before a change to the contract, taken as the floor for the first bar',
    'Operator decision: prepaid lines without chargeable use for 180 days count as dormant; 14 and 30 days between bars and deactivation',
  ],
};
