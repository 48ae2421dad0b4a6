import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Tx } from '../db/database.js';
import {
  callConfirmationTimesSince,
  findCallConfirmation,
  findConfirmationByLink,
  insertCallConfirmation,
  lockConfirmation,
  openLineConfirmations,
  recordConfirmationAnswer,
  spendConfirmation,
  voidOpenCallConfirmations,
  type LineConfirmationRow,
} from '../db/repositories/call-confirmations.repository.js';
import { insertAudit } from '../db/repositories/cases.repository.js';
import { caseContactsFor, recipientsOf } from '../domain/contacts.js';
import { SimexitError } from '../domain/errors.js';
import { maskMsisdn, parseMsisdn } from '../domain/identifiers.js';
import { renderCallConfirmationRequest, renderCallDenied } from '../domain/notifications.js';
import { simChangedWithinWindow } from '../domain/port-out.js';
import type { LineRecord } from '../ports/ports.js';
import { inTransaction, type ServiceContext } from './context.js';
import { assertNotLocked } from './line-locks.service.js';
import { officialChannels, queueMessage, queueToRecipients } from './notifications.service.js';
import { currentPolicy } from './policies.service.js';
import { holderMessageStyle } from './holder-language.service.js';
import { MINUTE } from '../domain/time.js';

/**
 * Assisted verification without reading codes aloud. An agent on a call (phone, chat, e-mail, social)
 * asks the line on file — never a number the caller gives — to confirm the call: the holder replies
 * `YES <reference>` from the line or taps a one-time link, and only then may the agent file a case
 * (verification method `line_confirmation`). The agent never sees the reference or the link, so the
 * caller has nothing to read out and an impostor on the phone nothing to relay. "This wasn't me" (`NO
 * <reference>`, or the link) is recorded and told to every contact on file.
 *
 * A confirmation is valid for CALL_CONFIRMATION_MINUTES, spent by one case, belongs to the agent session
 * that asked for it and to its number, and is refused while the SIM changed within the market's SIM-swap
 * window (the line may then be in an attacker's hands), as SMS CANCEL is.
 */
export const CALL_CONFIRMATION_MINUTES = 10;
/** At most this many call confirmations per number in CALL_CONFIRMATION_WINDOW_MINUTES: no flooding a line. */
export const MAX_CALL_CONFIRMATIONS_PER_WINDOW = 3;
export const CALL_CONFIRMATION_WINDOW_MINUTES = 15;

/** The agent asking, and the session they asked from (sha256 of its token). */
export interface AgentSession {
  staffId: string;
  sessionHash: string;
}

export type CallConfirmationStatus = 'pending' | 'confirmed' | 'denied' | 'expired' | 'used' | 'void';

export interface CallConfirmationView {
  confirmationId: string;
  msisdn: string;
  sentTo: string;
  status: CallConfirmationStatus;
  expiresAt: Date;
  confirmedAt: Date | null;
  deniedAt: Date | null;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * A reference the holder texts back (`YES ABC123`): three letters without I and O, then three digits,
 * short enough to type on a keypad; it is checked against the line's open confirmations only.
 */
export function newConfirmationReference(): string {
  const letters = Array.from({ length: 3 }, () => LETTERS[randomInt(LETTERS.length)]).join('');
  return `${letters}${String(randomInt(1000)).padStart(3, '0')}`;
}

/** A confirmed call still has to be filed within its validity: a stale "yes" proves nothing about the call now. */
function statusOf(row: LineConfirmationRow, now: Date): CallConfirmationStatus {
  if (row.used_at) return 'used';
  if (row.denied_at) return 'denied';
  if (row.voided_at) return 'void';
  if (new Date(row.expires_at) <= now) return 'expired';
  return row.confirmed_at ? 'confirmed' : 'pending';
}

function viewOf(row: LineConfirmationRow, now: Date): CallConfirmationView {
  return {
    confirmationId: row.id,
    msisdn: row.msisdn,
    sentTo: maskMsisdn(row.msisdn),
    status: statusOf(row, now),
    expiresAt: new Date(row.expires_at),
    confirmedAt: row.confirmed_at ? new Date(row.confirmed_at) : null,
    deniedAt: row.denied_at ? new Date(row.denied_at) : null,
  };
}

/** The refusal for a confirmation that cannot be used to file a case, or null when it can. */
function refusalFor(status: CallConfirmationStatus): SimexitError | null {
  switch (status) {
    case 'confirmed':
      return null;
    case 'pending':
      return new SimexitError(
        'CALL_CONFIRMATION_PENDING',
        'The holder has not confirmed this call yet. Wait for the confirmation; never ask the caller for a code.',
      );
    case 'denied':
      return new SimexitError(
        'CALL_CONFIRMATION_DENIED',
        'The holder answered "This wasn\'t me": do not act on this line for the caller. Their contacts were told.',
      );
    case 'expired':
      return new SimexitError(
        'CALL_CONFIRMATION_EXPIRED',
        `This confirmation has expired (it is valid ${CALL_CONFIRMATION_MINUTES} minutes). Send a new one to the line.`,
      );
    case 'used':
    case 'void':
      return new SimexitError(
        'CALL_CONFIRMATION_USED',
        'This confirmation was already used or replaced by a newer one. Send a new one to the line.',
      );
  }
}

function notFound(): SimexitError {
  return new SimexitError(
    'CALL_CONFIRMATION_NOT_FOUND',
    'There is no such call confirmation. Send a new one to the line on file.',
  );
}

function assertOwnedBy(row: LineConfirmationRow, agent: AgentSession): void {
  if (row.staff_id !== agent.staffId || row.staff_session_hash !== agent.sessionHash) {
    throw new SimexitError(
      'CALL_CONFIRMATION_NOT_YOURS',
      'This confirmation was asked for from another agent session. Send a new one to the line from yours.',
    );
  }
}

/** Refuses when the SIM changed within the market's SIM-swap window (or the SIM Swap port cannot say). */
async function assertNoRecentSimChange(context: ServiceContext, line: LineRecord): Promise<void> {
  const policy = await currentPolicy(context, line.market, context.db);
  const simChangedAt = await context.ports.simSwap.latestSimChange(line.msisdn).catch(() => undefined);
  if (simChangedWithinWindow(simChangedAt, policy, context.clock.now())) {
    throw new SimexitError(
      'SIM_CHANGED_RECENTLY',
      `The SIM card of this line changed in the last ${policy.risk.simSwapWindowHours} hours, so a confirmation from the line would not prove the caller is the holder. The holder can cancel in a store with an ID document.`,
      { windowHours: policy.risk.simSwapWindowHours },
    );
  }
}

/**
 * Sends the line on file a request to confirm the agent's call. Refused for a locked line, within the
 * SIM-swap window (audited), and after MAX_CALL_CONFIRMATIONS_PER_WINDOW requests; a new request
 * replaces the line's earlier open one.
 */
export async function requestCallConfirmation(
  context: ServiceContext,
  agent: AgentSession,
  msisdnInput: string,
): Promise<CallConfirmationView> {
  const msisdn = parseMsisdn(msisdnInput);
  const line = await context.ports.crm.findLine(msisdn);
  const subscriber = line ? await context.ports.crm.getSubscriber(line.subscriberId) : null;
  if (!line || line.status !== 'active' || !subscriber)
    throw new SimexitError('LINE_NOT_FOUND', 'We have no active line with this number.');
  await assertNotLocked(context, line.msisdn, 'file a cancellation');
  try {
    await assertNoRecentSimChange(context, line);
  } catch (error) {
    await insertAudit(context.db, {
      subscriberId: line.subscriberId,
      actorKind: 'staff',
      actorId: agent.staffId,
      action: 'call_confirmation.refused',
      target: `line:${line.msisdn}`,
      data: { reason: 'recent_sim_change' },
      at: context.clock.now(),
    });
    throw error;
  }
  const policy = await currentPolicy(context, line.market, context.db);
  const token = randomBytes(32).toString('base64url');
  return inTransaction(context, async (tx) => {
    const now = context.clock.now();
    const recent = await callConfirmationTimesSince(
      tx,
      line.msisdn,
      new Date(now.getTime() - CALL_CONFIRMATION_WINDOW_MINUTES * MINUTE),
    );
    if (recent.length >= MAX_CALL_CONFIRMATIONS_PER_WINDOW) {
      const retryAt = new Date(new Date(recent[0]!.created_at).getTime() + CALL_CONFIRMATION_WINDOW_MINUTES * MINUTE);
      throw new SimexitError(
        'RATE_LIMITED',
        `At most ${MAX_CALL_CONFIRMATIONS_PER_WINDOW} confirmations per ${CALL_CONFIRMATION_WINDOW_MINUTES} minutes for one line.`,
        { retryAt: retryAt.toISOString() },
      );
    }
    await voidOpenCallConfirmations(tx, line.msisdn, now);
    const row = await insertCallConfirmation(tx, {
      id: crypto.randomUUID(),
      msisdn: line.msisdn,
      subscriber_id: line.subscriberId,
      reference: newConfirmationReference(),
      created_at: now,
      expires_at: new Date(now.getTime() + CALL_CONFIRMATION_MINUTES * MINUTE),
      confirmed_at: null,
      voided_at: null,
      staff_id: agent.staffId,
      staff_session_hash: agent.sessionHash,
      link_token_hash: sha256(token),
    });
    const style = await holderMessageStyle(
      tx,
      { subscriberId: line.subscriberId, accountLanguage: subscriber.language },
      policy,
    );
    const message = renderCallConfirmationRequest(
      {
        reference: row.reference,
        link: `${context.config.PUBLIC_URL}/confirm-call/${token}`,
        minutes: CALL_CONFIRMATION_MINUTES,
        officialChannels: officialChannels(context),
      },
      style.language,
    );
    await queueMessage(context, tx, {
      subscriberId: line.subscriberId,
      caseId: null,
      channel: 'sms',
      to: line.msisdn,
      template: 'call_confirmation',
      ...message,
      dedupeKey: `call_confirmation:${row.id}`,
    });
    await insertAudit(tx, {
      subscriberId: line.subscriberId,
      actorKind: 'staff',
      actorId: agent.staffId,
      action: 'call_confirmation.requested',
      target: `line:${line.msisdn}`,
      data: { confirmationId: row.id },
      at: now,
    });
    return viewOf(row, now);
  });
}

/** Where an agent's confirmation stands; only the session that asked for it may read it. */
export async function callConfirmationForAgent(
  context: ServiceContext,
  agent: AgentSession,
  id: string,
): Promise<CallConfirmationView> {
  const row = await findCallConfirmation(context.db, id);
  if (!row) throw notFound();
  assertOwnedBy(row, agent);
  return viewOf(row, context.clock.now());
}

async function findByLink(context: ServiceContext, token: string) {
  const row = await findConfirmationByLink(context.db, sha256(token));
  if (!row) throw notFound();
  return row;
}

/** What the holder's link page shows: the masked number and whether an answer is still wanted. */
export async function callConfirmationForLink(context: ServiceContext, token: string) {
  const { sentTo, status, expiresAt } = viewOf(await findByLink(context, token), context.clock.now());
  return { sentTo, status, expiresAt };
}

export async function answerCallConfirmationByLink(context: ServiceContext, token: string, answer: 'confirm' | 'deny') {
  const row = await findByLink(context, token);
  const { sentTo, status, expiresAt } = await answerCallConfirmation(context, row, answer, 'link');
  return { sentTo, status, expiresAt };
}

/**
 * The holder's answer, from the link or by text (`YES`/`NO <reference>`, services/sms-keywords.service.ts).
 * A "yes" counts only while the confirmation is pending. "This wasn't me" counts until the confirmation
 * was spent on a case (then the cooling-off "not you? stop it" message is the way), and is told to every
 * contact on file. Answering again the same way changes nothing.
 */
export async function answerCallConfirmation(
  context: ServiceContext,
  row: LineConfirmationRow,
  answer: 'confirm' | 'deny',
  via: 'sms' | 'link',
): Promise<CallConfirmationView> {
  const line = await context.ports.crm.findLine(row.msisdn);
  const subscriber = line ? await context.ports.crm.getSubscriber(line.subscriberId) : null;
  const policy = line ? await currentPolicy(context, line.market, context.db) : null;
  return inTransaction(context, async (tx) => {
    const now = context.clock.now();
    const current = await lockConfirmation(tx, row.id);
    const status = statusOf(current, now);
    if (answer === 'confirm') {
      if (status === 'confirmed') return viewOf(current, now);
      const refusal = status === 'pending' ? null : refusalFor(status);
      if (refusal) throw refusal;
    } else {
      if (status === 'denied') return viewOf(current, now);
      if (status === 'used')
        throw new SimexitError(
          'CALL_CONFIRMATION_USED',
          'A cancellation was already filed with this confirmation. Stop it with the "not you? stop it" link we sent to all your contacts, or call us.',
        );
    }
    const updated = await recordConfirmationAnswer(tx, current.id, answer, now);
    await insertAudit(tx, {
      subscriberId: current.subscriber_id,
      actorKind: 'subscriber',
      actorId: null,
      action: answer === 'confirm' ? 'call_confirmation.confirmed' : 'call_confirmation.denied',
      target: `line:${current.msisdn}`,
      data: { confirmationId: current.id, via, staffId: current.staff_id },
      at: now,
    });
    if (answer === 'deny' && subscriber && policy) {
      const style = await holderMessageStyle(
        tx,
        { subscriberId: current.subscriber_id, accountLanguage: subscriber.language },
        policy,
      );
      const alert = renderCallDenied(
        {
          maskedMsisdn: maskMsisdn(current.msisdn),
          at: style.at(now),
          officialChannels: officialChannels(context),
        },
        style.language,
      );
      await queueToRecipients(context, tx, {
        subscriberId: current.subscriber_id,
        recipients: recipientsOf(caseContactsFor(current.msisdn, subscriber, null)),
        template: 'call_denied',
        message: alert,
        dedupePrefix: `call_denied:${current.id}`,
      });
    }
    return viewOf(updated, now);
  });
}

/**
 * Checks, before a case is filed, that the agent's confirmation is theirs, for this line, confirmed and
 * still valid, and that the SIM has not changed since within the window. Returns the spend step that
 * createCase runs inside the case's transaction, so the confirmation is spent exactly when the case commits.
 */
export async function confirmationForFiling(
  context: ServiceContext,
  agent: AgentSession,
  id: string,
  line: LineRecord,
): Promise<(tx: Tx) => Promise<void>> {
  const row = await findCallConfirmation(context.db, id);
  if (!row) throw notFound();
  assertOwnedBy(row, agent);
  if (row.msisdn !== line.msisdn) {
    throw new SimexitError(
      'CALL_CONFIRMATION_WRONG_LINE',
      'This confirmation was sent to another line. Send one to the line you are filing for.',
    );
  }
  const refusal = refusalFor(statusOf(row, context.clock.now()));
  if (refusal) throw refusal;
  await assertNoRecentSimChange(context, line);
  return async (tx) => {
    const now = context.clock.now();
    if (!(await spendConfirmation(tx, id, now))) {
      const latest = await findCallConfirmation(tx, id);
      throw (latest && refusalFor(statusOf(latest, now))) ?? refusalFor('used')!;
    }
  };
}

/**
 * The line's confirmations still waiting for an answer (SMS CANCEL and agent calls), newest first: a
 * texted `YES`/`NO <reference>` is matched against these.
 */
export async function openConfirmations(context: ServiceContext, msisdn: string) {
  return openLineConfirmations(context.db, msisdn, context.clock.now());
}
