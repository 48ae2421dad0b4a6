import { createHash } from 'node:crypto';
import type { MessageLanguage } from '../domain/message-formats.js';
import type { AssistedChannel } from '../domain/evidence.js';
import { isSimexitError, SimexitError } from '../domain/errors.js';
import { noDecisions } from '../domain/line.js';
import type { AgentSession } from './call-confirmations.service.js';
import type { Actor, ServiceContext } from './context.js';
import { lineForActor } from './eligibility.service.js';
import { checkStaffEvidence, refuseMethodOffChannel, type StaffVerification } from './intake-evidence.js';
import { createCase, type CancellationInput, type SubmitResult } from './intake-filing.js';
import { awaitReplay, replayIfKnown, requestHash, type IdempotencyClaim } from './intake-idempotency.js';

/*
 * Filing a cancellation, one entry point per channel: each proves the holder its own way, then files
 * through intake-filing.ts. Staff evidence is checked in intake-evidence.ts, Idempotency-Key replays
 * in intake-idempotency.ts.
 */

export type { CancellationInput, SubmitResult } from './intake-filing.js';
export type { StaffVerification } from './intake-evidence.js';

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
  refuseMethodOffChannel(input.channel, input.verification.method);
  const idempotency: IdempotencyClaim | null = idempotencyKey
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

async function fileVerifiedCase(
  context: ServiceContext,
  agent: AgentSession,
  actor: Extract<Actor, { kind: 'staff' }>,
  input: Parameters<typeof fileCaseForSubscriber>[2],
  idempotency: IdempotencyClaim | null,
): Promise<SubmitResult> {
  const line = await lineForActor(context, actor, input.msisdn);
  const subscriber = await context.ports.crm.getSubscriber(line.subscriberId);
  if (!subscriber) throw new SimexitError('LINE_NOT_FOUND', 'The account of this line could not be found.');
  const { recorded, mismatchedLetter, documents, spendProof } = await checkStaffEvidence(
    context,
    agent,
    actor,
    line,
    subscriber,
    input.verification,
  );
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
    verification: agentOverride ? { ...recorded, agentOverride: true, overrideNote: input.overrideNote } : recorded,
    filedBy: actor.id,
    agentOverride,
    idempotency,
    documents,
    mismatchedLetter,
    spendProof,
  });
}
