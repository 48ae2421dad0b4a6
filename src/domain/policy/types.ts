import type { MsisdnCountry } from '../identifiers.js';

/** The markets simexit ships policy packs for. */
export const markets = ['UK', 'DE', 'CN', 'US'] as const;
export type Market = (typeof markets)[number];

/** What kind of card the line runs on; some kinds must be posted back before a case completes. */
export const productTypes = ['sim', 'esim', 'data_only'] as const;
export type ProductType = (typeof productTypes)[number];

/** What may happen to leftover prepaid credit or data. */
export const balanceOptions = ['transfer', 'refund', 'forfeit'] as const;
export type BalanceOption = (typeof balanceOptions)[number];

/** A notice period: calendar days, or months counted as BGB §188(2)/(3) counts them (same day of the month). */
export interface NoticePeriod {
  amount: number;
  unit: 'day' | 'month';
}

/** How a refund of prepaid credit is paid out. */
export const refundMethods = ['original_payment_method', 'bank_transfer'] as const;
export type RefundMethod = (typeof refundMethods)[number];

/** Signals that can keep a case away from automatic approval. */
export const riskSignals = [
  'recent_sim_swap',
  'recent_contact_change',
  'failed_verification_attempts',
  'agent_override',
] as const;
export type RiskSignal = (typeof riskSignals)[number];

/**
 * One market's rules. Versioned: a case keeps the version it was submitted under.
 * Money is in minor units of `currency`; durations are in the unit their name says.
 */
export interface MarketPolicy {
  market: Market;
  version: number;
  /** ISO 3166-1 alpha-2, used for phone-number parsing and the holiday calendar. */
  country: MsisdnCountry;
  currency: 'GBP' | 'EUR' | 'CNY' | 'USD';
  /** BCP 47 language tag of messages and documents. */
  language: string;
  /** IANA time zone working days and end dates are counted in. */
  timeZone: string;
  /** Hours after submission during which every contact channel of the holder can stop the case. */
  coolingOffHours: number;
  /** Working days a person has to review a case that needs review. */
  reviewSlaWorkingDays: number;
  /** Holiday calendar for working days (date-holidays country and optional state). */
  holidays: { country: string; state?: string };
  /** When a line may end (domain/termination.ts); each rule's source is in the pack. */
  termination: {
    /**
     * Notice a post-paid line needs from receipt. After the minimum term (and on a rolling plan) the
     * line ends when it runs out; during the term, at the term's end at the earliest. Prepaid needs none.
     */
    contractNotice: NoticePeriod;
    /**
     * Whether the cancellation page asks for ordinary or extraordinary termination (and the reason for
     * the latter): Germany's §312k(2) BGB lists it; other markets have no such distinction to ask about.
     */
    asksTerminationKind: boolean;
  };
  balance: {
    transferAllowed: boolean;
    refundRequired: boolean;
    /** Refunds below this are not paid out (the holder may transfer or forfeit instead). */
    minimumRefundMinor: number;
    refundFeeMinor: number;
    /** How a refund is paid. */
    refundMethod: RefundMethod;
    /** Days after the line ends by which a refund is paid at the latest. */
    refundWithinDays: number;
  };
  /** How a holder pays a debt that blocks cancellation: the operator's payment page. */
  debtPayment: {
    /** The operator's payment page; the portal links to it from the debt item. */
    url: string;
  };
  earlyTermination: {
    /** Whether a running minimum term leads to a charge the holder must accept. */
    chargeApplies: boolean;
  };
  cardReturn: {
    productTypes: ProductType[];
    deadlineDays: number;
    mailingFeeMinor: number;
    address: string;
  };
  /** Days a released number stays in quarantine before it may be reassigned. */
  agingDays: number;
  /** Days a request for information waits for the subscriber before the case is rejected. */
  needsInfoExpiryDays: number;
  risk: {
    simSwapWindowHours: number;
    /**
     * Days after a SIM change during which no PAC (port-out code) is issued: a number stolen by a SIM
     * swap cannot be moved away before the holder notices (TRAI's 7-day porting block after a SIM swap;
     * FCC 23-95 asks carriers to guard port-outs after SIM changes). 0: no block.
     */
    pacBlockDaysAfterSimChange: number;
    contactChangeWindowHours: number;
    failedVerificationThreshold: number;
    manualReviewSignals: RiskSignal[];
    secondApproverSignals: RiskSignal[];
  };
  /** Where each rule comes from: regulations, codes of practice, or an operator decision. */
  sources: string[];
}
