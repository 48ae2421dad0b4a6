import { z } from 'zod';
import { boundServiceChannels, boundServiceKinds, boundServiceNoticeStatuses, lineStatuses } from '../domain/line.js';
import { messageLanguages } from '../domain/message-formats.js';
import { lineSchema } from '../ports/line-schema.js';
import { caseStates } from '../domain/lifecycle.js';
import { nextStepKinds } from '../domain/next-steps.js';
import { balanceOptions, markets, productTypes, refundMethods, riskSignals } from '../domain/policy/types.js';
import { channels } from '../domain/evidence.js';
import { calendarDate, instant } from './responses.js';

/**
 * What the API answers about a case and a line's checklist (services/case-query.service.ts,
 * domain/eligibility.ts), for the holder and for staff: the schemas several routes answer with.
 */

const money = { currency: z.string().describe('ISO 4217') };

/** domain/eligibility.ts ChecklistItem, one schema per kind. */
export const checklistItem = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('debt'),
      status: z.enum(['blocking', 'resolved']),
      amountMinor: z.number(),
      ...money,
      paymentArrangement: z.boolean(),
      paymentUrl: z.string(),
    }),
    z.object({
      kind: z.literal('contract_end'),
      status: z.literal('info'),
      basis: z.enum(['prepaid', 'minimum_term', 'notice']),
      earliestFreeEndDate: calendarDate,
      endsOn: calendarDate,
      ordinaryEndsOn: calendarDate,
      requestedEndDate: calendarDate.nullable(),
      requestedTooEarly: z.boolean(),
      minimumTermEndsOn: calendarDate.nullable(),
      notice: z.object({ amount: z.number(), unit: z.enum(['day', 'month']) }).nullable(),
      earlyExitChargeMinor: z.number().nullable(),
      ...money,
    }),
    z.object({
      kind: z.literal('early_termination_charge'),
      status: z.enum(['requires_acceptance', 'accepted']),
      amountMinor: z.number(),
      ...money,
      minimumTermEndsOn: calendarDate,
      endsOn: calendarDate,
    }),
    z.object({
      kind: z.literal('balance'),
      status: z.enum(['requires_decision', 'decided']),
      creditMinor: z.number(),
      dataMb: z.number(),
      ...money,
      options: z.array(z.enum(balanceOptions)),
      chosen: z.enum(balanceOptions).nullable(),
      refundMinor: z.number().nullable(),
      refund: z.object({ method: z.enum(refundMethods), expectedBy: calendarDate }).nullable(),
      transferTo: z.string().nullable(),
    }),
    z.object({
      kind: z.literal('bound_service'),
      status: z.enum(['requires_acknowledgement', 'acknowledged']),
      serviceId: z.string(),
      serviceKind: z.enum(boundServiceKinds),
      name: z.string(),
    }),
    z.object({
      kind: z.literal('card_return'),
      status: z.literal('info'),
      deadlineDays: z.number(),
      mailingFeeMinor: z.number(),
      ...money,
      address: z.string(),
    }),
    z.object({
      kind: z.literal('reminder'),
      status: z.literal('info'),
      code: z.enum(['backup_contacts', 'keep_card_until_confirmation', 'official_channels_only']),
    }),
  ])
  .meta({ id: 'ChecklistItem' });

/** domain/eligibility.ts Checklist. */
export const checklist = z.object({
  eligible: z.boolean().describe('Nothing is outstanding: the line may be cancelled with these decisions'),
  items: z.array(checklistItem),
  outstanding: z.array(checklistItem).describe('The items that still block submission'),
});

/** domain/line.ts CancellationDecisions, as stored on the case. */
const decisions = z.object({
  acceptEarlyTerminationCharge: z.boolean(),
  balance: z
    .discriminatedUnion('option', [
      z.object({ option: z.literal('transfer'), toMsisdn: z.string() }),
      z.object({ option: z.literal('refund') }),
      z.object({ option: z.literal('forfeit') }),
    ])
    .nullable(),
  acknowledgedServiceIds: z.array(z.string()),
});

const nextStep = z.object({
  kind: z.enum(nextStepKinds),
  status: z.enum(['expected', 'due', 'overdue', 'done']),
  at: instant.nullable().describe('The instant, for a step that happens at a time'),
  date: calendarDate.nullable().describe("The market's calendar day; null only while withinDays stands in for it"),
  withinDays: z.number().nullable().describe('A card-return deadline before approval: this many days after it'),
  afterEarlierSteps: z.boolean(),
});

const timelineEntry = z.object({
  type: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  at: instant,
  actor: z.string(),
  channel: z.string().nullable(),
  reason: z.string().nullable(),
});

const communication = z.object({
  direction: z.enum(['inbound', 'outbound']),
  template: z.string().nullable(),
  channel: z.string(),
  to: z.string().nullable(),
  subject: z.string().nullable(),
  body: z.string(),
  at: instant,
  deliveredAt: instant.nullable(),
  failedAt: instant.nullable().describe('When delivery was given up after the last attempt'),
  receipt: z.string().nullable().describe("The SMSC's delivery receipt (DELIVRD, UNDELIV…), when SMS go over SMPP"),
});

const balanceOutcome = z
  .object({
    option: z.enum(balanceOptions),
    creditMinor: z.number(),
    dataMb: z.number(),
    ...money,
    carriedOutAt: instant.nullable(),
    reference: z.string().nullable(),
    transfer: z
      .object({
        toMsisdn: z.string(),
        targetOnSameAccount: z.boolean().nullable(),
        targetBalance: z
          .object({
            creditBeforeMinor: z.number(),
            creditAfterMinor: z.number(),
            dataBeforeMb: z.number(),
            dataAfterMb: z.number(),
          })
          .nullable(),
      })
      .nullable(),
    refund: z
      .object({
        amountMinor: z.number(),
        method: z.enum(refundMethods).nullable(),
        expectedBy: calendarDate.nullable(),
      })
      .nullable(),
  })
  .nullable();

const boundServiceOutcome = z.object({
  serviceId: z.string(),
  kind: z.enum(boundServiceKinds),
  name: z.string(),
  status: z.enum(['pending', ...boundServiceNoticeStatuses]),
  channel: z.enum(boundServiceChannels).nullable(),
  attempts: z.number(),
  lastAttemptAt: instant.nullable(),
  toldAt: instant.nullable(),
  acknowledgement: z.string().nullable(),
});

const caseFields = {
  id: z.uuid(),
  reference: z.string().describe('Short reference for letters and calls, e.g. SX-1A2B3C4D'),
  state: z.enum(caseStates),
  msisdn: z.string(),
  market: z.enum(markets),
  timeZone: z.string().describe("The market's time zone, in which people there read the instants"),
  productType: z.enum(productTypes),
  channel: z.enum(channels),
  receivedAt: instant,
  lineEndsOn: calendarDate,
  requestedEndDate: calendarDate.nullable(),
  reasonCode: z.string().nullable(),
  termination: z.object({ kind: z.enum(['ordinary', 'extraordinary']), reason: z.string().nullable() }),
  leavingReason: z.string().nullable(),
  cardReturnRequired: z.boolean(),
  decisions,
  checklist: z.array(checklistItem),
  waitingOn: z.string().nullable().describe('An outside system an executing case waits for, or null'),
  waitingFor: z.array(z.object({ what: z.string(), until: instant })),
  nextSteps: z.array(nextStep).describe('What happens next and when: only the steps that still apply'),
  reviewOverdue: z.boolean(),
  mayWrite: z.boolean().describe('The holder may write on the case while it is open'),
  awaitingAnswerSince: instant.nullable(),
  allowedActions: z.array(z.string()),
  timeline: z.array(timelineEntry),
  communications: z.array(communication),
  execution: z.array(z.object({ step: z.string(), completedAt: instant })),
  outcome: z.object({ balance: balanceOutcome, boundServices: z.array(boundServiceOutcome) }),
  number: z
    .object({
      status: z.enum(['quarantined', 'released']),
      quarantinedAt: instant,
      releaseAt: instant,
      releasedAt: instant.nullable(),
    })
    .nullable(),
};

/** A case as its holder sees it. */
export const caseView = z.object(caseFields).meta({ id: 'CaseView' });

/** domain/risk.ts SignalEvidence. */
const signalEvidence = z.discriminatedUnion('signal', [
  z.object({
    signal: z.enum(['recent_sim_swap', 'recent_contact_change']),
    changedAt: instant,
    windowHours: z.number(),
  }),
  z.object({
    signal: z.literal('failed_verification_attempts'),
    attempts: z.number(),
    threshold: z.number(),
    withinDays: z.number(),
  }),
  z.object({ signal: z.literal('agent_override') }),
]);

/** A case as staff see it: the holder's view plus who acted, risk, approvals, verification and documents. */
export const staffCaseView = z
  .object({
    ...caseFields,
    timeline: z.array(timelineEntry.extend({ actorName: z.string().nullable() })),
    outcome: z.object({
      balance: balanceOutcome,
      boundServices: z.array(
        boundServiceOutcome.extend({ recipient: z.string().nullable(), lastError: z.string().nullable() }),
      ),
    }),
    staff: z.object({
      subscriberId: z.string(),
      reviewRoute: z.enum(['auto', 'manual', 'second_approver']).nullable(),
      riskSignals: z.array(z.enum(riskSignals)),
      riskContext: z.object({
        assessedAt: instant.nullable(),
        signals: z.array(z.object({ signal: z.enum(riskSignals), evidence: signalEvidence.nullable() })),
        reviewReasons: z.array(z.string()),
      }),
      approvals: z.array(z.string()),
      approvers: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
      escalated: z.boolean(),
      escalations: z.number(),
      verification: z.record(z.string(), z.unknown()).describe('How identity was proven, as recorded'),
      filedBy: z.string().nullable(),
      documents: z.array(
        z.object({
          id: z.uuid(),
          kind: z.string(),
          filename: z.string(),
          contentType: z.string(),
          size: z.number(),
          sha256: z.string(),
          createdAt: instant,
        }),
      ),
    }),
  })
  .meta({ id: 'StaffCaseView' });

/** A line as its holder sees it. */
const lineFields = {
  msisdn: z.string(),
  productType: z.enum(productTypes),
  market: z.enum(markets),
  status: z.enum(lineStatuses),
};
export const holderLine = z.object(lineFields);

/** services/eligibility.service.ts getChecklist. */
export const checklistAnswer = z.object({
  line: holderLine,
  terms: z.object({
    coolingOffHours: z.number(),
    reviewSlaWorkingDays: z.number(),
    currency: z.string(),
    timeZone: z.string(),
    cancellationFee: z.number(),
    asksTerminationKind: z
      .boolean()
      .describe('The confirmation page asks ordinary or extraordinary (§312k(2) BGB; contracts in Germany)'),
  }),
  checklist,
  openCaseId: z.uuid().nullable(),
});

/** services/case-query.service.ts listCasesForSubscriber. */
export const caseSummary = z.object({
  id: z.uuid(),
  reference: z.string(),
  msisdn: z.string(),
  state: z.enum(caseStates),
  receivedAt: instant,
  lineEndsOn: calendarDate,
});

/** A case in a staff work list (services/staff-desk.service.ts). */
export const workRow = z.object({
  id: z.uuid(),
  reference: z.string(),
  msisdn: z.string(),
  iccid: z.string(),
  market: z.enum(markets),
  channel: z.enum(channels),
  state: z.enum(caseStates),
  waitingOn: z.string().nullable(),
  reasonCode: z.string().nullable(),
  lastReason: z
    .string()
    .nullable()
    .describe("The reason on the case's latest event, e.g. what an outside system answered"),
  receivedAt: instant,
  updatedAt: instant,
  deadline: instant.nullable(),
  overdue: z.boolean(),
});

/** A line looked up by staff (services/eligibility.service.ts). */
export const lineLookup = z.object({
  line: lineSchema,
  subscriber: z.object({ id: z.string(), name: z.string(), market: z.enum(markets), address: z.string() }),
  language: z.object({
    current: z.enum(messageLanguages).describe("The language the holder's messages are written in now"),
    offered: z.array(z.enum(messageLanguages)).readonly().describe('Every language the agent may record instead'),
  }),
  checklist,
  openCaseId: z.uuid().nullable(),
});
