/** The shapes the portal reads from the API (see /openapi.json). */
import type { z } from 'zod';
import type { caseView } from '../../src/http/case-view-schemas.js';
import type { ChecklistItem } from '../../src/domain/eligibility.js';

export type { ChecklistItem };

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

/** A case as the holder sees it: the type of the API's answer (src/http/case-view-schemas.ts). */
export type CaseView = z.output<typeof caseView>;
/** What happened to the money and to the services bound to the number. */
export type CaseOutcome = CaseView['outcome'];
/** A balance settled by transfer, refund or forfeit, planned on filing and then carried out. */
export type BalanceOutcome = NonNullable<CaseOutcome['balance']>;
/** One service bound to the number, as it was told. */
export type BoundServiceOutcome = CaseOutcome['boundServices'][number];
/** One dated step ahead of a case (src/domain/next-steps.ts). */
export type NextStep = CaseView['nextSteps'][number];

export interface CaseSummary {
  id: string;
  reference: string;
  msisdn: string;
  state: string;
  receivedAt: string;
  lineEndsOn: string;
}
