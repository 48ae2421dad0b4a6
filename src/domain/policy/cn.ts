import type { BulkDeactivationDefaults } from '../bulk-runs.js';
import type { MarketPolicy } from './types.js';

/**
 * China (mainland), version 1.
 *
 * - MIIT real-name registration: the Provisions on Registration of Real Identity Information of
 *   Telephone Users (MIIT Order No. 25, 2013) and the Anti-Telecom and Online Fraud Law (2022) tie every
 *   number to a verified identity, so cancellation requires the real-name holder; a longer cooling-off
 *   (48 h) gives the holder time to stop a cancellation filed with stolen identity data.
 * - Number cool-down: operators hold a cancelled number for at least 90 days before reissuing it,
 *   following MIIT guidance on number recycling (operator practice), and push an unbinding notice to
 *   internet platforms before reissue.
 * - Physical card return for SIM and data-only cards within 30 days: operator practice (Chinese operators
 *   usually ask for the card when closing a line in a business hall).
 * - Prepaid credit may be moved to another prepaid number or refunded to the original payment method
 *   (原路退回) within 30 days of the line ending: operator practice.
 * - A contract plan (合约套餐) ends at the end of its term at the earliest, with no further notice; an
 *   earlier end only when the holder asks for it, for the charge (违约金) billing quotes: operator practice.
 *   No ordinary/extraordinary choice. Prepaid ends as soon as the case may be carried out.
 * - Debt is paid on the operator's payment page (operator configuration: `debtPayment.url`).
 * - A second approver for recent SIM swaps and recent contact changes: operator decision.
 */
export const cnPolicy: MarketPolicy = {
  market: 'CN',
  version: 1,
  country: 'CN',
  currency: 'CNY',
  language: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  coolingOffHours: 48,
  reviewSlaWorkingDays: 3,
  holidays: { country: 'CN' },
  termination: { contractNotice: { amount: 0, unit: 'day' }, asksTerminationKind: false },
  balance: {
    transferAllowed: true,
    refundRequired: true,
    minimumRefundMinor: 0,
    refundFeeMinor: 0,
    refundMethod: 'original_payment_method',
    refundWithinDays: 30,
  },
  debtPayment: { url: 'https://pay.simexit.example/cn' },
  earlyTermination: { chargeApplies: true },
  cardReturn: {
    productTypes: ['sim', 'data_only'],
    deadlineDays: 30,
    mailingFeeMinor: 0,
    address: 'simexit 退卡处理中心, 上海市浦东新区世纪大道100号, 邮编 200120',
  },
  agingDays: 90,
  needsInfoExpiryDays: 14,
  risk: {
    simSwapWindowHours: 72,
    pacBlockDaysAfterSimChange: 7,
    contactChangeWindowHours: 72,
    failedVerificationThreshold: 3,
    manualReviewSignals: ['recent_sim_swap', 'recent_contact_change', 'failed_verification_attempts', 'agent_override'],
    secondApproverSignals: ['recent_sim_swap', 'recent_contact_change'],
  },
  sources: [
    'MIIT Order No. 25 (2013), Provisions on Registration of Real Identity Information of Telephone Users; Anti-Telecom and Online Fraud Law (2022): real-name registration',
    'Operator practice per MIIT guidance: 90-day cool-down before a cancelled number is reissued, unbinding push to internet platforms',
    'Operator practice: physical card return for SIM and data-only cards',
    'Operator practice: a contract plan ends at its term at the earliest without notice, earlier only for the charge the holder accepts; prepaid ends without notice',
    'Operator practice: credit moves only to another prepaid line; refunds to the original payment method within 30 days; debts paid on the operator’s payment page',
  ],
};

/**
 * Bulk deactivation defaults for China: lines whose holder did not complete real-name registration.
 * Outgoing service is restricted first, then all service, then the line is closed.
 */
export const cnBulkDeactivation: BulkDeactivationDefaults = {
  stages: ['notice', 'bar_outgoing', 'bar_full', 'deactivate'],
  delayDays: { bar_outgoing: 15, bar_full: 15, deactivate: 30 },
  dormantDays: 180,
  sources: [
    'MIIT Order No. 25 (2013), 电话用户真实身份信息登记规定: operators register users under their real identity and ' +
      'do not serve unregistered lines',
    'Operator decision: 15 days to outgoing restriction, 15 more to full suspension, 30 more to closure',
  ],
};
