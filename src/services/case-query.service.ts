import {
  findCase,
  findCaseDocument,
  findCaseWithHistory,
  listCasesOfSubscriber,
  type CaseHistory,
  type CaseRow,
} from '../db/repositories/cases.repository.js';
import type { BalanceStepResult } from './execution.service.js';
import { maskMsisdn } from '../domain/identifiers.js';
import { allowedCommands, isOpen, type CaseState } from '../domain/lifecycle.js';
import { nextSteps } from '../domain/next-steps.js';
import type { SignalEvidence } from '../domain/risk.js';
import { assertCanSee } from './case-actions.service.js';
import type { Actor, ServiceContext } from './context.js';
import { policyForCase } from './policies.service.js';
import { caseReference, iso } from './presenters.js';

export async function loadVisibleCase(context: ServiceContext, actor: Actor, caseId: string): Promise<CaseRow> {
  const row = await findCase(context.db, caseId);
  assertCanSee(actor, row);
  return row;
}

/** A document kept with a case (a scanned letter, an ID document), for staff to download. */
export async function getCaseDocument(context: ServiceContext, caseId: string, documentId: string) {
  return findCaseDocument(context.db, caseId, documentId);
}

/**
 * A case as its holder or staff sees it: where it stands, what it waits for and until when, its
 * timeline, its communication log and, once completed, its number's quarantine. Staff also see
 * risk signals, approvals, verification and documents. One statement reads it all.
 */
export async function getCaseView(context: ServiceContext, actor: Actor, caseId: string) {
  return (await loadCaseView(context, actor, caseId)).view;
}

/** The case view and the row it was built from (for presenters that need more of the row). */
export async function loadCaseView(context: ServiceContext, actor: Actor, caseId: string) {
  const found = await findCaseWithHistory(context.db, caseId, { staff: actor.kind === 'staff' });
  assertCanSee(actor, found);
  const { events, outbound, messages, timers, quarantine, steps, serviceNotices, documents, assessment, ...row } =
    found;
  return {
    row,
    view: await presentCase(context, actor, row, {
      events,
      outbound,
      messages,
      timers,
      quarantine,
      steps,
      serviceNotices,
      documents,
      assessment,
    }),
  };
}

/**
 * The view of a case just written, built from what its transaction wrote (`CaseWrites.historyOf`)
 * when that is its whole history, so answering a submission costs no read; otherwise read.
 */
export async function viewOfWrittenCase(
  context: ServiceContext,
  actor: Actor,
  written: { case: CaseRow; history: CaseHistory | null },
) {
  if (!written.history) return getCaseView(context, actor, written.case.id);
  assertCanSee(actor, written.case);
  return presentCase(context, actor, written.case, written.history);
}

async function presentCase(context: ServiceContext, actor: Actor, row: CaseRow, history: CaseHistory) {
  const { events, outbound, messages, timers, quarantine, steps, serviceNotices, documents, assessment } = history;
  const isStaff = actor.kind === 'staff';
  const communications = [
    ...outbound.map((m) => ({
      direction: 'outbound' as const,
      template: m.template as string | null,
      channel: m.channel,
      to: m.channel === 'sms' ? maskMsisdn(m.recipient) : m.recipient,
      subject: m.subject,
      body: m.body,
      at: iso(m.created_at),
      deliveredAt: iso(m.delivered_at),
      /** When delivery was given up after the last attempt (the error is for staff logs). */
      failedAt: iso(m.failed_at),
      /** The SMSC's delivery receipt (DELIVRD, UNDELIV…), when SMS go over SMPP. */
      receipt: m.receipt_status,
    })),
    ...messages.map((m) => ({
      direction: m.direction as 'inbound' | 'outbound',
      template: null,
      channel: m.internal ? 'note' : 'portal',
      to: null,
      subject: null,
      body: m.body,
      at: iso(m.created_at),
      deliveredAt: iso(m.created_at),
      failedAt: null,
      receipt: null,
    })),
  ].sort((a, b) => String(a.at).localeCompare(String(b.at)));
  const policy = await policyForCase(context, row, context.db);
  const completed = events.find((event) => event.to_state === 'completed' && event.from_state !== 'completed');
  const ahead = nextSteps(
    {
      state: row.state,
      receivedAt: new Date(row.received_at),
      lineEndsOn: String(row.line_ends_on),
      reviewDueAt: row.review_due_at === null ? null : new Date(row.review_due_at),
      cardReturnRequired: row.card_return_required,
      timers: timers.map((timer) => ({ kind: timer.kind, dueAt: new Date(timer.due_at) })),
      completedAt: completed ? new Date(completed.at) : null,
      quarantine: quarantine
        ? {
            releaseAt: new Date(quarantine.release_at),
            releasedAt: quarantine.released_at === null ? null : new Date(quarantine.released_at),
          }
        : null,
    },
    policy,
    context.clock.now(),
  );
  return {
    id: row.id,
    reference: caseReference(row.id),
    state: row.state,
    msisdn: row.msisdn,
    market: row.market,
    /** The market's time zone, in which people there read the instants below. */
    timeZone: policy.timeZone,
    productType: row.product_type,
    channel: row.channel,
    receivedAt: iso(row.received_at),
    lineEndsOn: String(row.line_ends_on),
    requestedEndDate: row.requested_end_date === null ? null : String(row.requested_end_date),
    reasonCode: row.reason_code,
    termination: { kind: row.termination_kind, reason: row.termination_reason },
    leavingReason: row.leaving_reason,
    cardReturnRequired: row.card_return_required,
    decisions: row.decisions,
    checklist: row.checklist.items,
    /** An outside system an executing case waits for (e.g. billing during an outage), or null. */
    waitingOn: row.waiting_on,
    waitingFor: timers
      // A further escalation is the operator's own alarm, not something the holder waits for.
      .filter((timer) => timer.kind !== 'quarantine_end' && (isStaff || timer.kind !== 'review_escalation'))
      .map((timer) => ({ what: timer.kind, until: iso(timer.due_at) })),
    /**
     * What happens next and when (domain/next-steps.ts): cooling-off end, the decision, an answer due,
     * the card-return deadline, the line's end, the number's release — only those that still apply.
     * `at` is an instant, `date` the market's calendar day.
     */
    nextSteps: ahead.map((step) => ({ ...step, at: step.at === null ? null : step.at.toISOString() })),
    /** The review is past its deadline and escalated (shown to the holder too: they may chase it). */
    reviewOverdue: row.state === 'in_review' && row.escalated,
    /** The holder may write on the case (a question, a document, chasing): while it is open. */
    mayWrite: isOpen(row.state as CaseState),
    /** When the holder wrote and staff have not answered yet, else null. */
    awaitingAnswerSince: iso(row.awaiting_answer_since),
    allowedActions: allowedCommands(row.state as CaseState).filter((command) =>
      isStaff ? true : command === 'withdraw' || command === 'provide_info',
    ),
    timeline: events.map((event) => ({
      type: event.type,
      from: event.from_state,
      to: event.to_state,
      at: iso(event.at),
      actor: event.actor_kind,
      // Staff see who acted (an approval names its approver); the holder sees only "staff".
      ...(isStaff ? { actorName: event.actor_name } : {}),
      channel: event.channel,
      reason: event.reason,
    })),
    communications,
    execution: steps.map((step) => ({ step: step.step, completedAt: iso(step.completed_at) })),
    /** What happened to the money and to the services bound to the number, planned and then carried out. */
    outcome: {
      balance: balanceOutcomeOf(row, steps, isStaff),
      boundServices: boundServicesOutcomeOf(row, steps, serviceNotices, isStaff),
    },
    number: quarantine
      ? {
          status: quarantine.released_at ? 'released' : 'quarantined',
          quarantinedAt: iso(quarantine.quarantined_at),
          releaseAt: iso(quarantine.release_at),
          releasedAt: iso(quarantine.released_at),
        }
      : null,
    ...(isStaff
      ? {
          staff: {
            subscriberId: row.subscriber_id,
            reviewRoute: row.review_route,
            riskSignals: row.risk_signals,
            riskContext: riskContextOf(row, assessment),
            approvals: row.approvals,
            /** The current review's approvers by name, in order (ids in `approvals`). */
            approvers: row.approvals.map((id) => ({
              id,
              name: events.find((event) => event.type === 'approve' && event.actor_id === id)?.actor_name ?? null,
            })),
            escalated: row.escalated,
            escalations: row.escalations,
            verification: row.verification,
            filedBy: row.filed_by,
            documents: documents.map((d) => ({
              id: d.id,
              kind: d.kind,
              filename: d.filename,
              contentType: d.content_type,
              size: d.size,
              sha256: d.sha256,
              createdAt: iso(d.created_at),
            })),
          },
        }
      : {}),
  };
}

/**
 * The balance the holder chose to settle, as planned on filing and, once the `balance` step ran, as
 * carried out: billing's reference and, for a transfer, the target line's balance before and after
 * (shown to the holder only when that line is on their own account; staff always see it). A refund
 * keeps its amount, method and the date it is paid by. Null when there was no balance to settle.
 */
function balanceOutcomeOf(row: CaseRow, steps: CaseHistory['steps'], isStaff: boolean) {
  const item = row.checklist.items.find((candidate) => candidate.kind === 'balance');
  const choice = row.decisions.balance;
  if (item?.kind !== 'balance' || !choice) return null;
  const step = steps.find((candidate) => candidate.step === 'balance');
  const result = (step?.result ?? {}) as Partial<BalanceStepResult>;
  const target = result.target ?? null;
  const showTarget = isStaff || result.targetOnSameAccount === true;
  return {
    option: choice.option,
    creditMinor: item.creditMinor,
    dataMb: item.dataMb,
    currency: item.currency,
    /** When billing carried it out (the `balance` step), else null. */
    carriedOutAt: step ? iso(step.completed_at) : null,
    reference: result.reference ?? null,
    transfer:
      choice.option === 'transfer'
        ? {
            toMsisdn: item.transferTo ?? choice.toMsisdn,
            /** Whether the target line is on the holder's account (null until carried out). */
            targetOnSameAccount: result.targetOnSameAccount ?? null,
            /** The target line's balance before and after, as billing reported it (null: not reported or not shown). */
            targetBalance:
              showTarget && target
                ? {
                    creditBeforeMinor: target.creditBeforeMinor,
                    creditAfterMinor: target.creditAfterMinor,
                    dataBeforeMb: target.dataBeforeMb,
                    dataAfterMb: target.dataAfterMb,
                  }
                : null,
          }
        : null,
    refund:
      choice.option === 'refund'
        ? {
            amountMinor: item.refundMinor ?? item.creditMinor,
            method: item.refund?.method ?? null,
            expectedBy: item.refund?.expectedBy ?? null,
          }
        : null,
  };
}

/**
 * Each service bound to the number, as it was told: `pending` until execution tries it, then
 * `told` (when, over what, their answer), `retrying` or `failed` with the attempts. Staff also see
 * where it was sent and the last error. A case completed before services were recorded one by one
 * shows them told when its `bound_services` step completed (the step completed only once all were).
 */
function boundServicesOutcomeOf(
  row: CaseRow,
  steps: CaseHistory['steps'],
  notices: CaseHistory['serviceNotices'],
  isStaff: boolean,
) {
  const stepDone = steps.find((candidate) => candidate.step === 'bound_services');
  return row.checklist.items.flatMap((item) => {
    if (item.kind !== 'bound_service') return [];
    const notice = notices.find((candidate) => candidate.service_id === item.serviceId);
    const told = notice?.status === 'told' || (!notice && stepDone !== undefined);
    return [
      {
        serviceId: item.serviceId,
        kind: item.serviceKind,
        name: item.name,
        status: notice?.status ?? (told ? ('told' as const) : ('pending' as const)),
        channel: notice?.channel ?? null,
        attempts: notice?.attempts ?? 0,
        lastAttemptAt: iso(notice?.last_attempt_at ?? null),
        toldAt: iso(notice ? notice.told_at : (stepDone?.completed_at ?? null)),
        acknowledgement: notice?.acknowledgement ?? null,
        ...(isStaff ? { recipient: notice?.recipient ?? null, lastError: notice?.last_error ?? null } : {}),
      },
    ];
  });
}

/**
 * What a reviewer needs for each risk signal on the case: the evidence the assessment recorded
 * (domain/risk.ts SignalEvidence: when the SIM or a contact changed and the window, how many codes
 * failed) and when it was assessed; and the review reasons beyond the signals (a mailed letter, one
 * that said too little or contradicted the account). A case assessed before evidence was recorded
 * shows its signals with `evidence: null`.
 */
function riskContextOf(row: CaseRow, assessment: CaseHistory['assessment']) {
  const data = (assessment?.data ?? {}) as Record<string, unknown>;
  const recorded = Array.isArray(data.riskEvidence) ? (data.riskEvidence as SignalEvidence[]) : [];
  return {
    assessedAt: assessment ? iso(assessment.at) : null,
    signals: row.risk_signals.map((signal) => ({
      signal,
      evidence: recorded.find((evidence) => evidence.signal === signal) ?? null,
    })),
    reviewReasons: Array.isArray(data.reviewReasons) ? (data.reviewReasons as string[]) : [],
  };
}

export async function listCasesForSubscriber(context: ServiceContext, actor: Extract<Actor, { kind: 'subscriber' }>) {
  const rows = await listCasesOfSubscriber(context.db, actor.id, actor.scope);
  return rows.map((row) => ({
    id: row.id,
    reference: caseReference(row.id),
    msisdn: row.msisdn,
    state: row.state,
    receivedAt: iso(row.received_at),
    lineEndsOn: String(row.line_ends_on),
  }));
}
