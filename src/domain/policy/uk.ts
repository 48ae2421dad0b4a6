import type { BulkDeactivationDefaults } from '../bulk-runs.js';
import type { MarketPolicy } from './types.js';

/**
 * United Kingdom (England calendar), version 1.
 *
 * - Ofcom General Condition C7 (switching), text-to-switch rules in force since 1 July 2019 and kept
 *   in the conditions revised in 2020 for the European Electronic Communications Code: a subscriber
 *   texts STAC (end the contract) or PAC (keep the number) to 75075/65075 and gets the code by SMS
 *   within 60 seconds together with any early-termination charge and remaining prepaid credit; codes
 *   are valid for 30 days, and no notice-period charges run on after the switch. Hence notice 0.
 * - Early-termination charges for a running minimum term are allowed and must be shown before the
 *   holder commits (Ofcom GC C1 contract information), hence `chargeApplies`.
 * - Refund of prepaid credit on request, minimum £1, no fee: operator decision, in the spirit of the
 *   EECC (Directive (EU) 2018/1972) Art. 106(6) rule that switchers may have prepaid credit refunded.
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
  noticePeriodDays: 0,
  balance: { transferAllowed: true, refundRequired: true, minimumRefundMinor: 100, refundFeeMinor: 0 },
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
