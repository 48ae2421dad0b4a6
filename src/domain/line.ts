import type { Market, ProductType } from './policy/types.js';

/** Kinds of outside service that may use a phone number as an identity or be tied to the line. */
/** Whether a line is in service, as the CRM says. */
export const lineStatuses = ['active', 'deactivated'] as const;
export type LineStatus = (typeof lineStatuses)[number];

export const boundServiceKinds = ['bank', 'payment', 'app_login', 'device_instalment', 'addon', 'family_plan'] as const;
export type BoundServiceKind = (typeof boundServiceKinds)[number];

export interface BoundService {
  id: string;
  kind: BoundServiceKind;
  name: string;
}

/**
 * How a bound service hears that the number is gone: a relying party's registered endpoint
 * (`webhook`), a partner interface of the operator's (`partner_api`), or, for what the operator runs
 * itself (instalments, add-ons, family plans), its own systems (`operator_system`).
 */
export const boundServiceChannels = ['webhook', 'partner_api', 'operator_system'] as const;
export type BoundServiceChannel = (typeof boundServiceChannels)[number];

/**
 * Where telling one bound service stands: `told` (it answered), `retrying` (an attempt failed; the
 * execution job tries again) or `failed` (the last attempt failed; a supervisor retries the case).
 */
export const boundServiceNoticeStatuses = ['told', 'retrying', 'failed'] as const;
export type BoundServiceNoticeStatus = (typeof boundServiceNoticeStatuses)[number];

/**
 * Everything simexit knows about one line when it decides whether the line can be cancelled,
 * gathered from the CRM and billing ports. Money is in minor units of the market's currency.
 */
export interface LineFacts {
  /** E.164, e.g. +447700900123. */
  msisdn: string;
  iccid: string;
  productType: ProductType;
  market: Market;
  subscriberId: string;
  debtMinor: number;
  /** A recorded payment arrangement lets a line with debt be cancelled. */
  paymentArrangement: boolean;
  /** A minimum-term contract, or null for prepaid / rolling plans. */
  contract: { minimumTermEndsOn: string; earlyTerminationChargeMinor: number } | null;
  /** Leftover prepaid credit and data, or null for post-paid lines. */
  prepaid: { creditMinor: number; dataMb: number } | null;
  boundServices: BoundService[];
}

/** What the holder decided on the eligibility checklist, sent with the cancellation. */
export interface CancellationDecisions {
  acceptEarlyTerminationCharge: boolean;
  balance: { option: 'transfer'; toMsisdn: string } | { option: 'refund' } | { option: 'forfeit' } | null;
  acknowledgedServiceIds: string[];
}

/** Nothing decided yet: what the checklist is previewed with, and where the portal's choices start. */
export const noDecisions = Object.freeze({
  acceptEarlyTerminationCharge: false,
  balance: null,
  acknowledgedServiceIds: [] as string[],
}) satisfies CancellationDecisions;
