import type { BulkDeactivationDefaults } from '../bulk-runs.js';
import type { MarketPolicy } from './types.js';

/**
 * Germany (Berlin calendar), version 1.
 *
 * - BGB §312k (in force since 1 July 2022): a contract that can be concluded online must be cancellable
 *   online through a clearly labelled button ("Verträge hier kündigen" → confirmation page →
 *   "jetzt kündigen"), asking only for the data needed to identify customer and contract, followed by an
 *   immediate confirmation in text form with the date and time of receipt and the end date.
 * - TKG §56 (2021): after the initial minimum term a consumer may terminate at any time with at most one
 *   month's notice. This operator waives that notice (operator decision), so notice is 0; a running
 *   minimum term is handled by the early-termination charge instead.
 * - Prepaid credit is paid out when the contract ends, without a fee: German courts have struck down
 *   payout fees and forfeiture clauses for prepaid credit, and the EECC (Directive (EU) 2018/1972)
 *   Art. 106(6) requires a refund on request when switching. Treated here as operator practice.
 * - No transfer of credit to another number: the operator's German tariffs do not support it.
 * - 90-day quarantine before reassigning a number: operator decision.
 * - A second approver for recent SIM swaps and for agent overrides: operator decision.
 */
export const dePolicy: MarketPolicy = {
  market: 'DE',
  version: 1,
  country: 'DE',
  currency: 'EUR',
  language: 'de-DE',
  timeZone: 'Europe/Berlin',
  coolingOffHours: 24,
  reviewSlaWorkingDays: 3,
  holidays: { country: 'DE', state: 'BE' },
  noticePeriodDays: 0,
  balance: { transferAllowed: false, refundRequired: true, minimumRefundMinor: 0, refundFeeMinor: 0 },
  earlyTermination: { chargeApplies: true },
  cardReturn: {
    productTypes: [],
    deadlineDays: 14,
    mailingFeeMinor: 0,
    address: 'simexit Retouren, Postfach 12 34 56, 10117 Berlin',
  },
  agingDays: 90,
  needsInfoExpiryDays: 14,
  risk: {
    simSwapWindowHours: 72,
    pacBlockDaysAfterSimChange: 7,
    contactChangeWindowHours: 72,
    failedVerificationThreshold: 3,
    manualReviewSignals: ['recent_sim_swap', 'recent_contact_change', 'failed_verification_attempts', 'agent_override'],
    secondApproverSignals: ['recent_sim_swap', 'agent_override'],
  },
  sources: [
    'BGB §312k (since 1 July 2022): cancellation button, confirmation page, immediate text-form confirmation with time of receipt and end date',
    'TKG §56 (2021): after the minimum term, termination with at most one month notice (waived by the operator)',
    'Operator practice: prepaid credit refunded on termination without fee (German case law; EECC Art. 106(6))',
    'Operator decision: no credit transfer, 90-day quarantine, second approver for SIM swap and agent override',
  ],
};

/**
 * Bulk deactivation defaults for Germany. No partial bar: the line is barred fully after the notice
 * period, then deactivated.
 */
export const deBulkDeactivation: BulkDeactivationDefaults = {
  stages: ['notice', 'bar_full', 'deactivate'],
  delayDays: { bar_full: 30, deactivate: 30 },
  dormantDays: 365,
  sources: [
    'Operator decision: one month’s notice before any bar, 30 days fully barred before deactivation',
    'Operator decision: prepaid lines without use for 365 days count as dormant',
  ],
};
