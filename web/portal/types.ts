/** The shapes the portal reads from the API (see /openapi.json). */
import type { z } from 'zod';
import type { caseSummary, caseView, checklistAnswer, holderLine } from '../../src/http/case-view-schemas.js';
import type { ChecklistItem } from '../../src/domain/eligibility.js';

export type { ChecklistItem };

/** A line as its holder sees it; GET /v1/lines adds the market's time zone. */
export type Line = z.output<typeof holderLine> & { timeZone?: string };
/** GET and POST /v1/lines/{msisdn}/checklist. */
export type ChecklistResponse = z.output<typeof checklistAnswer>;

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

/** One of a holder's cases, as GET /v1/cases lists them. */
export type CaseSummary = z.output<typeof caseSummary>;
