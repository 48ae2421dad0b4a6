import { createHash } from 'node:crypto';
import { isUniqueViolation, type Db, type Tx } from '../db/database.js';
import {
  findCase,
  insertCaseDocument,
  insertCaseMessage,
  type CaseHistory,
  type CaseRow,
} from '../db/repositories/cases.repository.js';
import { caseContactsFor } from '../domain/contacts.js';
import {
  assessMailedLetter,
  evidenceRules,
  type AssistedChannel,
  type Channel,
  type IdDocumentType,
  type LetterMismatchDecision,
} from '../domain/evidence.js';
import { isSimexitError, SimexitError } from '../domain/errors.js';
import { sameName } from '../domain/name-matching.js';
import { noDecisions, type CancellationDecisions } from '../domain/line.js';
import type { LineRecord } from '../ports/ports.js';
import { CaseWrites } from './case-transitions.js';
import { inTransaction, type Actor, type ServiceContext } from './context.js';
import { checklistFor, lineForActor, openCaseFor } from './eligibility.service.js';
import { confirmationForFiling, type AgentSession } from './call-confirmations.service.js';
import { refuseIfLocked } from './line-locks.service.js';
import { holderMessageLanguage, type MessageLanguage } from '../domain/message-formats.js';
import { recordLanguageChoice } from './holder-language.service.js';
import { readFilingGuards } from '../db/repositories/filing.repository.js';

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

interface CaseMeta {
  channel: Channel;
  verification: Record<string, unknown>;
  filedBy: string | null;
  agentOverride: boolean;
  idempotency: { scope: string; key: string; requestHash: string } | null;
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

export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

async function replayIfKnown(context: ServiceContext, idempotency: CaseMeta['idempotency']): Promise<CaseRow | null> {
  if (!idempotency) return null;
  const known = await context.db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('scope', '=', idempotency.scope)
    .where('key', '=', idempotency.key)
    .executeTakeFirst();
  if (!known) return null;
  if (known.request_hash !== idempotency.requestHash) {
    throw new SimexitError(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
      { caseId: known.case_id },
    );
  }
  return (await findCase(context.db, known.case_id)) ?? null;
}

async function createCase(
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

/** Online self-service: the session already proved possession of the line or the account. */
export async function submitCancellation(
  context: ServiceContext,
  actor: Extract<Actor, { kind: 'subscriber' }>,
  input: CancellationInput,
  idempotencyKey: string | null,
  /** The language the portal is shown in (Accept-Language), recorded as the holder's choice already. */
  language: MessageLanguage | null = null,
): Promise<SubmitResult> {
  const line = await lineForActor(context, actor, input.msisdn);
  return createCase(context, actor, line, input, {
    language,
    channel: 'online',
    verification: { method: actor.scope === null ? 'account_login_code' : 'line_code', session: true },
    filedBy: null,
    agentOverride: false,
    idempotency: idempotencyKey
      ? { scope: `subscriber:${actor.id}`, key: idempotencyKey, requestHash: requestHash(input) }
      : null,
    documents: [],
    mismatchedLetter: null,
  });
}

/**
 * The operator's BSS orders a termination (TMF622 productOrder with a `delete` item). The BSS has
 * identified the customer on its own channel; simexit records which client asked, and the rest of
 * the journey (cooling-off with the "not you?" message to the holder, risk, review) is unchanged.
 */
export async function fileCaseFromBss(
  context: ServiceContext,
  clientId: string,
  input: CancellationInput & { subscriberRef: string | null },
  externalId: string | null,
): Promise<SubmitResult> {
  const actor: Actor = { kind: 'system', id: `bss:${clientId}` };
  const line = await lineForActor(context, actor, input.msisdn);
  if (input.subscriberRef !== null && input.subscriberRef !== line.subscriberId) {
    throw new SimexitError('IDENTITY_MISMATCH', 'The customer named in the order does not hold this number.', {
      field: 'relatedParty',
    });
  }
  const { subscriberRef: _ref, ...cancellation } = input;
  return createCase(context, actor, line, cancellation, {
    channel: 'bss',
    verification: { method: 'bss_order', clientId, externalId },
    filedBy: null,
    agentOverride: false,
    idempotency: externalId ? { scope: `bss:${clientId}`, key: externalId, requestHash: requestHash(input) } : null,
    documents: [],
    mismatchedLetter: null,
  });
}

/**
 * A subscriber texts CANCEL from the line: possession of the line is the proof of identity (the
 * SMSC authenticated the SIM). The usual checklist applies; nothing is decided on their behalf.
 */
export async function fileCaseBySms(context: ServiceContext, msisdn: string): Promise<SubmitResult> {
  const actor: Actor = { kind: 'system', id: 'sms' };
  const line = await lineForActor(context, actor, msisdn);
  return createCase(
    context,
    actor,
    line,
    { msisdn, decisions: noDecisions, requestedEndDate: null, confirmationEmail: null, leavingReason: null },
    {
      channel: 'sms',
      verification: { method: 'possession_of_line', via: 'sms_keyword' },
      filedBy: null,
      agentOverride: false,
      idempotency: null,
      documents: [],
      mismatchedLetter: null,
    },
  );
}

export type StaffVerification =
  | { method: 'line_confirmation'; confirmationId: string }
  | { method: 'id_document'; documentType: IdDocumentType; documentNumber: string; holderName: string }
  | {
      method: 'mailed_letter';
      holderName: string;
      address: string | null;
      dateOfBirth: string | null;
      /** The account number the letter quotes (from a bill). */
      accountNumber?: string | null;
      /** The last digits of the card's serial number the letter quotes. */
      iccidLastDigits?: string | null;
      letterDate: string;
      scan: { filename: string; contentType: string; content: Buffer };
      /** What the clerk chose for a letter that contradicts the account; required exactly then. */
      onMismatch?: LetterMismatchDecision | null;
    };

/** The request as hashed for Idempotency-Key: a scan counts by its digest, not its bytes. */
function withoutScanBytes(input: { verification: StaffVerification }): unknown {
  if (input.verification.method !== 'mailed_letter') return input;
  const { scan, ...rest } = input.verification;
  return { ...input, verification: { ...rest, scanSha256: createHash('sha256').update(scan.content).digest('hex') } };
}

/**
 * An agent, store agent or clerk files a cancellation for a subscriber, recording how identity
 * was proven. A live mismatch (phone, store) is refused on the spot; a mailed letter that contradicts
 * the account is filed only with the clerk's decision (review, ask the holder, or reject with a
 * reason: domain/evidence.ts `LetterMismatchDecision`), so the letter always gets an answer.
 */
export async function fileCaseForSubscriber(
  context: ServiceContext,
  actor: Extract<Actor, { kind: 'staff' }>,
  input: CancellationInput & {
    channel: AssistedChannel;
    verification: StaffVerification;
    agentOverride: boolean;
    overrideNote: string | null;
    /** The language the holder asked for their messages in, if the agent asked (null: unchanged). */
    holderLanguage?: MessageLanguage | null;
  },
  idempotencyKey: string | null,
  /** sha256 of the agent's session token: a call confirmation belongs to the session that asked for it. */
  sessionHash: string,
): Promise<SubmitResult> {
  // Each channel verifies identity its own way (domain/evidence.ts evidenceRules).
  const { methods } = evidenceRules[input.channel];
  if (!methods.includes(input.verification.method)) {
    throw new SimexitError(
      'VALIDATION_FAILED',
      `The ${input.channel} channel verifies identity by ${methods.join(' or ').replace(/_/g, ' ')}.`,
      {
        field: 'verification.method',
      },
    );
  }
  const idempotency = idempotencyKey
    ? { scope: `staff:${actor.id}`, key: idempotencyKey, requestHash: requestHash(withoutScanBytes(input)) }
    : null;
  // A replayed request must not spend the call confirmation a second time.
  const earlier = await replayIfKnown(context, idempotency);
  if (earlier) return { case: earlier, replayed: true, history: null };
  try {
    return await fileVerifiedCase(context, { staffId: actor.id, sessionHash }, actor, input, idempotency);
  } catch (error) {
    // Concurrent copies of one request race for its call confirmation: the first spends it and files
    // the case, the others find it used. Once the first has committed, they replay its case.
    if (!idempotency || !isSimexitError(error) || error.code !== 'CALL_CONFIRMATION_USED') throw error;
    const winner = await awaitReplay(context, idempotency);
    if (winner) return { case: winner, replayed: true, history: null };
    throw error;
  }
}

/**
 * How long a copy of a request whose call confirmation another copy spent waits for that copy's case:
 * the first copy still asks the CRM and billing for the checklist before it commits.
 */
const REPLAY_WAIT_MS = 5000;

async function awaitReplay(
  context: ServiceContext,
  idempotency: NonNullable<CaseMeta['idempotency']>,
): Promise<CaseRow | null> {
  for (let waited = 0; ; waited += 50) {
    const winner = await replayIfKnown(context, idempotency);
    if (winner || waited >= REPLAY_WAIT_MS) return winner;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function fileVerifiedCase(
  context: ServiceContext,
  agent: AgentSession,
  actor: Extract<Actor, { kind: 'staff' }>,
  input: Parameters<typeof fileCaseForSubscriber>[2],
  idempotency: CaseMeta['idempotency'],
): Promise<SubmitResult> {
  const line = await lineForActor(context, actor, input.msisdn);
  const subscriber = await context.ports.crm.getSubscriber(line.subscriberId);
  if (!subscriber) throw new SimexitError('LINE_NOT_FOUND', 'The account of this line could not be found.');
  const { verification } = input;
  let recorded: Record<string, unknown>;
  let mismatchedLetter: CaseMeta['mismatchedLetter'] = null;
  const documents: DocumentInput[] = [];
  let spendProof: CaseMeta['spendProof'];
  switch (verification.method) {
    case 'line_confirmation': {
      spendProof = await confirmationForFiling(context, agent, verification.confirmationId, line);
      recorded = { method: 'line_confirmation', confirmationId: verification.confirmationId, staffId: actor.id };
      break;
    }
    case 'id_document': {
      const mismatched = [];
      if (!sameName(verification.holderName, subscriber.name)) mismatched.push('name');
      if (
        !subscriber.idDocument ||
        subscriber.idDocument.type !== verification.documentType ||
        subscriber.idDocument.number.toUpperCase() !== verification.documentNumber.trim().toUpperCase()
      ) {
        mismatched.push('document');
      }
      if (mismatched.length > 0) {
        throw new SimexitError(
          'IDENTITY_MISMATCH',
          `The ${mismatched.join(' and ')} on the ID document do not match the account.`,
          {
            mismatched,
          },
        );
      }
      recorded = {
        method: 'id_document',
        documentType: verification.documentType,
        documentNumberLast4: verification.documentNumber.trim().slice(-4),
        staffId: actor.id,
      };
      break;
    }
    case 'mailed_letter': {
      // domain/evidence.ts: name and address plus one more factor; a contradiction rejects the letter,
      // too little sends it to a person with the reason (a letter always reaches a person anyway).
      const evidence = assessMailedLetter(
        {
          holderName: verification.holderName,
          address: verification.address,
          dateOfBirth: verification.dateOfBirth,
          accountNumber: verification.accountNumber ?? null,
          iccidLastDigits: verification.iccidLastDigits ?? null,
        },
        {
          name: subscriber.name,
          address: subscriber.address,
          dateOfBirth: subscriber.dateOfBirth,
          accountNumber: subscriber.id,
          iccid: line.iccid,
        },
      );
      const mismatched = evidence.outcome === 'mismatch' ? evidence.mismatched : [];
      const decision = verification.onMismatch ?? null;
      if (mismatched.length > 0 && decision === null) {
        throw new SimexitError(
          'LETTER_MISMATCH',
          `The letter does not match the account (${mismatched.join(', ').replace(/_/g, ' ')}). ` +
            'Correct any typing mistake, or choose what happens: send it to review, ask the holder, or reject it with a reason.',
          { mismatched, matched: evidence.matched },
        );
      }
      if (mismatched.length === 0 && decision !== null) {
        throw new SimexitError(
          'VALIDATION_FAILED',
          'The letter matches the account, so there is no mismatch to decide: file it without an outcome.',
          { field: 'verification.onMismatch' },
        );
      }
      if (decision) mismatchedLetter = { mismatched, decision };
      documents.push({ kind: 'mailed_letter_scan', ...verification.scan });
      recorded = {
        method: 'mailed_letter',
        letterDate: verification.letterDate,
        keyedName: verification.holderName,
        matched: evidence.outcome === 'matched',
        evidence: evidence.outcome,
        matchedFactors: evidence.matched,
        mismatched,
        ...(decision ? { mismatchOutcome: decision } : {}),
        ...(evidence.outcome === 'insufficient' ? { missing: evidence.missing, reviewReason: evidence.reason } : {}),
        staffId: actor.id,
      };
      break;
    }
  }
  if (input.agentOverride) recorded = { ...recorded, agentOverride: true, overrideNote: input.overrideNote };
  const {
    channel,
    verification: _verification,
    agentOverride,
    overrideNote: _note,
    holderLanguage: chosenLanguage,
    ...cancellation
  } = input;
  return createCase(context, actor, line, cancellation, {
    language: chosenLanguage ?? null,
    languageChosenWithAgent: chosenLanguage ? { language: chosenLanguage, staffId: actor.id } : null,
    channel,
    verification: recorded,
    filedBy: actor.id,
    agentOverride,
    idempotency,
    documents,
    mismatchedLetter,
    spendProof,
  });
}
