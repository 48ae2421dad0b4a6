/** The shapes the portal reads from the API (see /openapi.json). */
import type { ChecklistItem } from '../../src/domain/eligibility.js';
import type { NextStepKind, NextStepStatus } from '../../src/domain/next-steps.js';
import type { BoundServiceChannel, BoundServiceKind, BoundServiceNoticeStatus } from '../../src/domain/line.js';
import type { BalanceOption, RefundMethod } from '../../src/domain/policy/types.js';

export type { ChecklistItem };

/** One dated step ahead of a case (src/domain/next-steps.ts), as the API answers it. */
export interface NextStep {
  kind: NextStepKind;
  status: NextStepStatus;
  /** An instant (ISO 8601), for a step that happens at a time; else null. */
  at: string | null;
  /** The market's calendar day (YYYY-MM-DD); null only for a card return counted in days after approval. */
  date: string | null;
  withinDays: number | null;
  afterEarlierSteps: boolean;
}

export interface Line {
  msisdn: string;
  productType: string;
  market: string;
  status: string;
  /** The market's time zone (GET /v1/lines). */
  timeZone?: string;
}

export interface ChecklistResponse {
  line: Line;
  terms: {
    coolingOffHours: number;
    reviewSlaWorkingDays: number;
    currency: string;
    timeZone: string;
    cancellationFee: number;
    /** Whether the confirmation page asks ordinary or extraordinary (§312k(2) BGB; contracts in Germany). */
    asksTerminationKind: boolean;
  };
  checklist: { eligible: boolean; items: ChecklistItem[]; outstanding: ChecklistItem[] };
  openCaseId: string | null;
}

export interface Decisions {
  acceptEarlyTerminationCharge: boolean;
  balance:
    null | { option: 'transfer'; toMsisdn: string } | { option: 'refund' } | { option: 'forfeit'; acknowledged: true };
  acknowledgedServiceIds: string[];
}

export interface CaseView {
  id: string;
  reference: string;
  state: string;
  msisdn: string;
  market: string;
  timeZone: string;
  productType: string;
  channel: string;
  receivedAt: string;
  lineEndsOn: string;
  requestedEndDate: string | null;
  reasonCode: string | null;
  termination: { kind: 'ordinary' | 'extraordinary'; reason: string | null };
  leavingReason: string | null;
  cardReturnRequired: boolean;
  checklist: ChecklistItem[];
  waitingOn: string | null;
  waitingFor: { what: string; until: string }[];
  allowedActions: string[];
  /** The holder may write on the case (a question, a document, chasing) while it is open. */
  mayWrite: boolean;
  /** When the holder wrote and staff have not answered yet, else null. */
  awaitingAnswerSince: string | null;
  /** In review past its deadline, escalated. */
  reviewOverdue: boolean;
  timeline: {
    type: string;
    from: string | null;
    to: string;
    at: string;
    actor: string;
    channel: string | null;
    reason: string | null;
  }[];
  communications: {
    direction: 'inbound' | 'outbound';
    template: string | null;
    channel: string;
    to: string | null;
    subject: string | null;
    body: string;
    at: string;
    deliveredAt: string | null;
  }[];
  number: { status: string; releaseAt: string | null } | null;
  /** What happens next and when; only the steps that still apply (none for a withdrawn or rejected case). */
  nextSteps: NextStep[];
  /** What happened to the money and to the services bound to the number (services/case-query.service.ts). */
  outcome: CaseOutcome;
}

/** A balance settled by transfer, refund or forfeit, planned on filing and then carried out. */
export interface BalanceOutcome {
  option: BalanceOption;
  creditMinor: number;
  dataMb: number;
  currency: string;
  carriedOutAt: string | null;
  reference: string | null;
  transfer: {
    toMsisdn: string;
    targetOnSameAccount: boolean | null;
    /** The target line's balance before and after; null until carried out, or when not the holder's line. */
    targetBalance: {
      creditBeforeMinor: number;
      creditAfterMinor: number;
      dataBeforeMb: number;
      dataAfterMb: number;
    } | null;
  } | null;
  refund: { amountMinor: number; method: RefundMethod | null; expectedBy: string | null } | null;
}

/** One service bound to the number, as it was told. */
export interface BoundServiceOutcome {
  serviceId: string;
  kind: BoundServiceKind;
  name: string;
  status: 'pending' | BoundServiceNoticeStatus;
  channel: BoundServiceChannel | null;
  attempts: number;
  lastAttemptAt: string | null;
  toldAt: string | null;
  acknowledgement: string | null;
  /** Staff only: where it was sent and the last error. */
  recipient?: string | null;
  lastError?: string | null;
}

export interface CaseOutcome {
  balance: BalanceOutcome | null;
  boundServices: BoundServiceOutcome[];
}

export interface CaseSummary {
  id: string;
  reference: string;
  msisdn: string;
  state: string;
  receivedAt: string;
  lineEndsOn: string;
}
