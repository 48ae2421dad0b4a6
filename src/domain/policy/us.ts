import type { BulkDeactivationDefaults } from '../bulk-runs.js';
import type { MarketPolicy } from './types.js';

/**
 * United States (Eastern time calendar), version 1.
 *
 * - 47 CFR §52.15(f)(1)(ii): a disconnected number must be aged at least 45 days before it is
 *   reassigned (FCC 18-177, 2018), and a residential number may be aged for no more than 90 days
 *   (business numbers up to 365). simexit uses the 45-day minimum.
 * - 47 CFR §64.1200(l): providers report permanently disconnected numbers with their disconnection date
 *   to the FCC Reassigned Numbers Database by the 15th of each month.
 * - No legal duty to refund prepaid credit, and no transfer between numbers: operator decision.
 * - Early-termination charges for a running device or term contract apply, only when the holder asks
 *   to end before the term does; otherwise the line ends at the term's end at the earliest, with no
 *   further notice: operator decision. Prepaid ends as soon as the case may be carried out.
 * - Debt is paid on the operator's payment page (operator configuration: `debtPayment.url`).
 */
export const usPolicy: MarketPolicy = {
  market: 'US',
  version: 1,
  country: 'US',
  currency: 'USD',
  language: 'en-US',
  timeZone: 'America/New_York',
  coolingOffHours: 24,
  reviewSlaWorkingDays: 2,
  holidays: { country: 'US' },
  termination: { contractNotice: { amount: 0, unit: 'day' }, asksTerminationKind: false },
  balance: {
    transferAllowed: false,
    refundRequired: false,
    minimumRefundMinor: 0,
    refundFeeMinor: 0,
    refundMethod: 'original_payment_method',
    refundWithinDays: 30,
  },
  debtPayment: { url: 'https://pay.simexit.example/us' },
  earlyTermination: { chargeApplies: true },
  cardReturn: {
    productTypes: [],
    deadlineDays: 14,
    mailingFeeMinor: 0,
    address: 'simexit Returns, PO Box 1234, Newark, NJ 07101',
  },
  agingDays: 45,
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
    '47 CFR §52.15(f)(1)(ii): aging of disconnected numbers, at least 45 days, residential at most 90 days',
    '47 CFR §64.1200(l): monthly report of permanently disconnected numbers to the Reassigned Numbers Database by the 15th',
    'Operator decision: no prepaid refund or transfer',
    'Operator decision: a term contract ends at its term at the earliest without notice, earlier only for the early-termination charge the holder accepts; prepaid ends without notice',
  ],
};

/**
 * Bulk deactivation defaults for the US (dormant prepaid sweeps). After deactivation the number ages as
 * the pack says (47 CFR §52.15(f)), like any other disconnected number.
 */
export const usBulkDeactivation: BulkDeactivationDefaults = {
  stages: ['notice', 'bar_outgoing', 'bar_full', 'deactivate'],
  delayDays: { bar_outgoing: 30, bar_full: 15, deactivate: 15 },
  dormantDays: 90,
  sources: [
    'Operator decision: prepaid lines without use for 90 days count as dormant; 30 days’ notice, 15 days per bar',
    '47 CFR §52.15(f): disconnected numbers age 45–90 days before reassignment (agingDays of the pack)',
  ],
};
