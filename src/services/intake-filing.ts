import { isUniqueViolation, type Db, type Tx } from '../db/database.js';
import {
  insertCaseDocument,
  insertCaseMessage,
  type CaseHistory,
  type CaseRow,
} from '../db/repositories/cases.repository.js';
import { readFilingGuards } from '../db/repositories/filing.repository.js';
import { caseContactsFor } from '../domain/contacts.js';
import type { Channel, LetterMismatchDecision } from '../domain/evidence.js';
import { isSimexitError, SimexitError } from '../domain/errors.js';
import type { CancellationDecisions } from '../domain/line.js';
import { holderMessageLanguage, type MessageLanguage } from '../domain/message-formats.js';
import type { LineRecord } from '../ports/ports.js';
import { CaseWrites } from './case-transitions.js';
import { inTransaction, type Actor, type ServiceContext } from './context.js';
import { checklistFor, openCaseFor } from './eligibility.service.js';
import { recordLanguageChoice } from './holder-language.service.js';
import { refuseIfLocked } from './line-locks.service.js';
import { replayIfKnown, type IdempotencyClaim } from './intake-idempotency.js';

export interface CancellationInput {
  msisdn: string;
  decisions: CancellationDecisions;
  /** The earliest end date the holder wants (YYYY-MM-DD); the market's notice rules may push it later. */
  requestedEndDate: string | null;
  /**
   * An extra address for the confirmation e-mails. The account's own contacts always receive them too:
   * a requested address is added, never substituted (domain/contacts.ts).
   */
  confirmationEmail: string | null;
  leavingReason: string | null;
  /** Ordinary (notice as the contract says) or extraordinary, with the holder's reason for it. */
  terminationKind?: 'ordinary' | 'extraordinary';
  extraordinaryReason?: string | null;
}

export interface DocumentInput {
  kind: 'mailed_letter_scan' | 'id_document' | 'info_attachment';
  filename: string;
  contentType: string;
  content: Buffer;
}

/** How a case was asked for and proven: what each channel (intake.service.ts) adds to the holder's request. */
export interface CaseMeta {
  channel: Channel;
  verification: Record<string, unknown>;
  filedBy: string | null;
  agentOverride: boolean;
  idempotency: IdempotencyClaim | null;
  documents: DocumentInput[];
  /**
   * Set when a mailed letter contradicts the account: what did not match and what the clerk chose
   * (domain/evidence.ts `LetterMismatchDecision`), carried out in the case's own transaction.
   */
  mismatchedLetter: { mismatched: string[]; decision: LetterMismatchDecision } | null;
  /** Spends the proof the case was filed with (an agent's call confirmation), in the case's transaction. */
  spendProof?: (tx: Tx) => Promise<void>;
  /** The language the holder files in (the portal's), when the request names it. */
  language?: MessageLanguage | null;
  /**
   * The language a holder asked an agent for (the console's choice): recorded as the holder's choice
   * in the case's transaction, by the staff member, as the portal's choice is recorded.
   */
  languageChosenWithAgent?: { language: MessageLanguage; staffId: string } | null;
}

export interface SubmitResult {
  case: CaseRow;
  /** True when an Idempotency-Key replay returned the case created by the first request. */
  replayed: boolean;
  /** The new case's whole history as its transaction wrote it (null for a replay or with documents). */
  history: CaseHistory | null;
}

/**
 * Files a case for a line whose holder is proven, as every channel does once it has its proof. A
 * replayed Idempotency-Key answers the case the first request filed.
 */
export async function createCase(
  context: ServiceContext,
  actor: Actor,
  line: LineRecord,
  input: CancellationInput,
  meta: CaseMeta,
): Promise<SubmitResult> {
  // A repeated Idempotency-Key is found when this submission cannot be filed (the first one's case
  // holds the line, or its key is taken, or the line no longer qualifies), not by a read of every key
  // first: a new submission, the usual case, pays nothing for it.
  try {
    return await fileNewCase(context, actor, line, input, meta);
  } catch (error) {
    const earlier = isSimexitError(error) ? await replayIfKnown(context, meta.idempotency) : null;
    if (earlier) return { case: earlier, replayed: true, history: null };
    throw error;
  }
}

async function fileNewCase(
  context: ServiceContext,
  actor: Actor,
  line: LineRecord,
  input: CancellationInput,
  meta: CaseMeta,
): Promise<SubmitResult> {
  // What simexit holds about the line, one read: the holder's lock, the policy version, their language.
  const guards = await readFilingGuards(context.db, line);
  // The holder's lock on porting and cancellation holds on every channel (services/line-locks.service.ts).
  refuseIfLocked(context, guards.lockedAt, 'file a cancellation');
  if (input.terminationKind === 'extraordinary' && !input.extraordinaryReason?.trim()) {
    throw new SimexitError('VALIDATION_FAILED', 'Say why you are ending the contract extraordinarily.', {
      field: 'extraordinaryReason',
    });
  }

  const { facts, subscriber, policy, checklist, receivedAt, decisions } = await checklistFor(
    context,
    line,
    input.decisions,
    { requestedEndDate: input.requestedEndDate, policyVersion: guards.policyVersion },
  );
  // A letter the clerk rejects is answered whatever its checklist says; any other case must be eligible
  // (the checklist holds every rule, a balance transfer's target included).
  if (meta.mismatchedLetter?.decision.outcome !== 'reject' && !checklist.eligible) {
    throw new SimexitError('CASE_NOT_ELIGIBLE', 'Some items on the checklist still need your attention.', {
      outstanding: checklist.outstanding,
    });
  }
  const now = receivedAt;
  // The end date the holder saw on the checklist and the confirmation page (domain/termination.ts).
  const end = checklist.items.find((item) => item.kind === 'contract_end')!;
  const lineEndsOn = end.endsOn;
  // The case's messages are written in the holder's language from the first one, the receipt: the
  // one they file in, else their earlier choice, the account's, the market's.
  const language =
    meta.language ??
    holderMessageLanguage({
      chosen: guards.chosenLanguage,
      account: subscriber.language,
      marketLanguage: policy.language,
    });

  try {
    // The case is written once, as the submission leaves it; a line with an open case already is
    // refused by the unique index on open cases (below), without a read of its own beforehand.
    const file = async (db: Db | Tx) => {
      const writes = new CaseWrites(context, db);
      const draft: CaseRow = {
        id: crypto.randomUUID(),
        subscriber_id: line.subscriberId,
        msisdn: line.msisdn,
        iccid: line.iccid,
        product_type: line.productType,
        market: line.market,
        policy_version: policy.version,
        channel: meta.channel,
        state: 'draft',
        resume_state: null,
        review_route: null,
        approvals: [],
        card_return_required: checklist.items.some((item) => item.kind === 'card_return'),
        escalated: false,
        escalations: 0,
        awaiting_answer_since: null,
        risk_signals: meta.agentOverride ? ['agent_override'] : [],
        decisions,
        checklist: { ...checklist, facts },
        verification: meta.verification,
        contacts: caseContactsFor(line.msisdn, subscriber, input.confirmationEmail),
        requested_end_date: input.requestedEndDate,
        line_ends_on: lineEndsOn,
        received_at: now,
        reason_code: null,
        leaving_reason: input.leavingReason,
        termination_kind: input.terminationKind ?? 'ordinary',
        termination_reason: input.terminationKind === 'extraordinary' ? (input.extraordinaryReason ?? null) : null,
        filed_by: meta.filedBy,
        version: 1,
        created_at: now,
        updated_at: now,
        waiting_on: null,
        review_due_at: null,
        review_remaining_ms: null,
        language,
      };
      writes.create(draft);
      const submitted = await writes.apply(draft, { type: 'submit' }, actor, {
        channel: meta.channel,
        data: { verification: meta.verification },
      });
      const question = meta.mismatchedLetter ? await decideMismatchedLetter(writes, submitted, actor, meta) : null;
      if (meta.idempotency) {
        writes.answerIdempotencyKey({
          scope: meta.idempotency.scope,
          key: meta.idempotency.key,
          subscriber_id: line.subscriberId,
          request_hash: meta.idempotency.requestHash,
          case_id: draft.id,
          created_at: now,
        });
      }
      const current = (await writes.flush()).get(draft.id)!;
      return { current, question, history: writes.historyOf(draft.id) };
    };
    // Everything a submission writes is one statement (CaseWrites.flush), atomic on its own; a
    // transaction is opened only when a proof is spent, documents are kept or a clerk's question is posted.
    if (!meta.spendProof && meta.documents.length === 0 && !meta.mismatchedLetter && !meta.languageChosenWithAgent) {
      const { current, history } = await file(context.db);
      return { case: current, replayed: false, history };
    }
    return await inTransaction(context, async (tx) => {
      await meta.spendProof?.(tx);
      const { current, question, history } = await file(tx);
      if (meta.languageChosenWithAgent) {
        const { language: chosen, staffId } = meta.languageChosenWithAgent;
        await recordLanguageChoice(context, tx, line.subscriberId, chosen, { kind: 'staff', id: staffId });
      }
      for (const document of meta.documents) await insertCaseDocument(tx, current, document, meta.filedBy, now);
      // The clerk's question is the holder's to read on the case page, as a reviewer's would be.
      if (question !== null) {
        await insertCaseMessage(
          tx,
          current,
          { direction: 'outbound', authorKind: actor.kind, authorId: actor.id, body: question },
          now,
        );
      }
      return {
        case: current,
        replayed: false,
        history: meta.documents.length === 0 && question === null ? history : null,
      };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The line has an open case already, or this Idempotency-Key was used (createCase replays it).
    const open = await openCaseFor(context, line.msisdn);
    throw new SimexitError('CASE_ALREADY_OPEN', 'This line already has a cancellation in progress.', {
      caseId: open?.id ?? null,
    });
  }
}

/**
 * Carries out the clerk's decision on a mailed letter that contradicts the account, on the case just
 * submitted, and audits it: rejected with the chosen reason, waiting for the holder's answer to the
 * clerk's question, or (review) left to go on to the assessment, where the contradiction sends it to a
 * person. Answers the question to post to the holder, if any.
 */
async function decideMismatchedLetter(
  writes: CaseWrites,
  submitted: CaseRow,
  actor: Actor,
  meta: CaseMeta,
): Promise<string | null> {
  const { mismatched, decision } = meta.mismatchedLetter!;
  writes.audit({
    subscriberId: submitted.subscriber_id,
    actorKind: actor.kind,
    actorId: actor.id,
    action: 'case.letter_mismatch_decided',
    target: `case:${submitted.id}`,
    data: { mismatched, ...decision },
    at: submitted.updated_at,
  });
  if (decision.outcome === 'review') return null;
  const verifying = await writes.apply(submitted, { type: 'start_verification' }, actor, { channel: meta.channel });
  if (decision.outcome === 'reject') {
    await writes.apply(verifying, { type: 'identity_failed', reason: decision.reason }, actor, {
      channel: meta.channel,
      data: { mismatched, ...(decision.note ? { note: decision.note } : {}) },
      extra: { reason_code: decision.reason },
    });
    return null;
  }
  await writes.apply(verifying, { type: 'request_info', message: decision.question }, actor, {
    channel: meta.channel,
    data: { message: decision.question, mismatched },
  });
  return decision.question;
}
