import type { BulkDeactivationDefaults } from '../bulk-runs.js';
import type { MarketPolicy } from './types.js';

/**
 * Germany (Berlin calendar), version 1.
 *
 * - BGB §312k (in force since 1 July 2022): a contract that can be concluded online must be cancellable
 *   online through a clearly labelled button ("Verträge hier kündigen" → confirmation page →
 *   "jetzt kündigen"), asking only for the data needed to identify customer and contract, followed by an
 *   immediate confirmation in text form with the date and time of receipt and the end date.
 * - TKG §56(3) (2021): once the initial minimum term is over and the contract has been extended
 *   tacitly, a consumer may end it at any time with at most one month's notice; BGB §309 Nr. 9 (since
 *   1 March 2022) caps the notice before the end of the minimum term at one month too. So a post-paid
 *   contract ends one month after notice is received, but not before a running minimum term ends
 *   (domain/termination.ts). Counted as BGB §188(2)/(3) counts months.
 * - Ending before the minimum term is an early exit the holder must ask for: only then is the
 *   early-termination charge billing quotes shown, and it must be accepted (operator practice: a
 *   cancellation agreement, "Aufhebungsvertrag"; the ordinary cancellation is always free).
 * - Prepaid has no contract term and no notice: the line ends as soon as the case may be carried out
 *   (operator terms for prepaid, TKG §56 sets no notice for it).
 * - §312k(2) S. 1 Nr. 1 BGB lists the kind of termination (ordinary or extraordinary, with the reason)
 *   among what the confirmation page asks, so the page asks it for contracts.
 * - Prepaid credit is paid out when the contract ends, without a fee: German courts have struck down
 *   payout fees and forfeiture clauses for prepaid credit, and the EECC (Directive (EU) 2018/1972)
 *   Art. 106(6) requires a refund on request when switching. Treated here as operator practice; paid
 *   by bank transfer within 14 days of the line ending (operator decision).
 * - Debt is paid on the operator's payment page (operator configuration: `debtPayment.url`).
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
  termination: { contractNotice: { amount: 1, unit: 'month' }, asksTerminationKind: true },
  balance: {
    transferAllowed: false,
    refundRequired: true,
    minimumRefundMinor: 0,
    refundFeeMinor: 0,
    refundMethod: 'bank_transfer',
    refundWithinDays: 14,
  },
  debtPayment: { url: 'https://pay.simexit.example/de' },
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
    'TKG §56(3) (2021): after the minimum term a tacitly extended contract ends at any time on one month’s notice; BGB §309 Nr. 9: at most one month’s notice before the minimum term ends',
    'BGB §312k(2) S. 1 Nr. 1: the confirmation page asks ordinary or extraordinary termination (with the reason) and the end date wanted',
    'Operator practice: an end before the minimum term only when the holder asks for it, for the early-termination charge billing quotes; prepaid ends without notice',
    'Operator decision: prepaid refunds by bank transfer within 14 days of the line ending; debts paid on the operator’s payment page',
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
