import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Tx } from '../db/database.js';
import { insertAudit } from '../db/repositories/cases.repository.js';
import {
  insertChallenge,
  lockChallenge,
  lockRecentChallenges,
  markChallengeConsumed,
  recentChallenges,
  recordWrongCode,
} from '../db/repositories/challenges.repository.js';
import { SimexitError } from '../domain/errors.js';
import { maskEmail, maskMsisdn, msisdnReadings, parseIccid } from '../domain/identifiers.js';
import type { MessageLanguage } from '../domain/message-formats.js';
import { renderOneTimeCode } from '../domain/notifications.js';
import type { LineRecord, SubscriberRecord } from '../ports/ports.js';
import { inTransaction, type ServiceContext } from './context.js';
import { findLineByNumber } from './eligibility.service.js';
import { holderLanguage, recordLanguageChoice } from './holder-language.service.js';
import { queueMessage } from './notifications.service.js';
import { currentPolicy } from './policies.service.js';
import { createSession } from './sessions.service.js';
import { MINUTE } from '../domain/time.js';

/** A code is locked after this many wrong attempts. */
export const MAX_CODE_ATTEMPTS = 5;
/** At most this many codes per number in CODE_WINDOW_MINUTES, so nobody can flood a line with texts. */
export const MAX_CODES_PER_WINDOW = 3;
export const CODE_WINDOW_MINUTES = 15;
/** How long a number stays locked after a code was locked. */
export const LOCKOUT_MINUTES = 15;

/** How far back challenges count at all: the longer of the code window and the lock-out. */
function challengesSince(now: Date): Date {
  return new Date(now.getTime() - Math.max(CODE_WINDOW_MINUTES, LOCKOUT_MINUTES) * MINUTE);
}

function hashCode(challengeId: string, code: string): string {
  return createHash('sha256').update(`${challengeId}:${code}`).digest('hex');
}

interface ChallengeRequest {
  msisdn: string;
  iccid?: string | undefined;
  accountLogin?: string | undefined;
}

/**
 * One answer for every identity that does not check out: a number we do not have, a line that is
 * closed, and a known number with someone else's ICCID or login all get the same status, code and
 * message, so the form cannot be used to learn which numbers are live or whose they are. Both paths
 * make the same outside calls (a lookup of a subscriber that does not exist when the line is
 * unknown), so they also take about as long.
 */
function identityNotVerified(via: 'iccid' | 'accountLogin'): SimexitError {
  return new SimexitError(
    'IDENTITY_NOT_VERIFIED',
    via === 'iccid'
      ? 'We could not match this number with this SIM serial number (ICCID). Check both: the ICCID is printed on the card and on the holder it came in. A line that is already closed signs in with the account login instead.'
      : 'We could not match this number with this account login. Check both and try again.',
    { fields: ['msisdn', via] },
  );
}

/** A subscriber id no CRM uses, looked up when the number is unknown so both paths cost the same. */
const NO_SUBSCRIBER = 'simexit-no-such-subscriber';

/** Checks that the number is an active line and that the ICCID or account login belongs to it. */
async function identifyLine(
  context: ServiceContext,
  request: ChallengeRequest,
): Promise<{ line: LineRecord; subscriber: SubscriberRecord; via: 'iccid' | 'account_login' }> {
  if (request.iccid === undefined && request.accountLogin === undefined) {
    throw new SimexitError(
      'VALIDATION_FAILED',
      'Give the SIM serial number (ICCID) or the account login with the number.',
    );
  }
  // Malformed input is still a 400 of its own (before the ICCID's): it says nothing about any line.
  // The number may be in its market's national format (07700 900101, 0151 12345601): each reading is
  // a line or not.
  const readings = msisdnReadings(request.msisdn);
  const iccid = request.iccid === undefined ? undefined : parseIccid(request.iccid);
  const via = iccid !== undefined ? 'iccid' : 'accountLogin';
  const line = await findLineByNumber(context, readings);
  const subscriber = await context.ports.crm.getSubscriber(line?.subscriberId ?? NO_SUBSCRIBER);
  // A code by SMS needs a live line; with the account login the code goes to the account's e-mail,
  // so a former subscriber can still sign in to follow a case and fetch the confirmation.
  const usable = line !== null && subscriber !== null && (line.status === 'active' || via === 'accountLogin');
  const matches =
    via === 'iccid'
      ? line?.iccid === iccid
      : subscriber?.accountLogin != null && subscriber.accountLogin === request.accountLogin?.trim();
  if (!usable || !matches || !line || !subscriber) throw identityNotVerified(via);
  return { line, subscriber, via: via === 'iccid' ? 'iccid' : 'account_login' };
}

/** Refuses a new code while the number is locked or has had too many codes recently. */
async function assertCodeAllowed(context: ServiceContext, tx: Tx, msisdn: string, subscriberId: string): Promise<void> {
  const now = context.clock.now();
  const recent = await recentChallenges(tx, { msisdn, subscriberId }, challengesSince(now));
  const locked = recent.find(
    (c) => c.locked_at && new Date(c.locked_at).getTime() > now.getTime() - LOCKOUT_MINUTES * MINUTE,
  );
  if (locked?.locked_at) {
    const retryAt = new Date(new Date(locked.locked_at).getTime() + LOCKOUT_MINUTES * MINUTE);
    throw new SimexitError('CODE_LOCKED', 'Too many wrong codes for this number. Try again later.', {
      retryAt: retryAt.toISOString(),
    });
  }
  const inWindow = recent.filter(
    (c) => c.msisdn === msisdn && new Date(c.created_at).getTime() > now.getTime() - CODE_WINDOW_MINUTES * MINUTE,
  );
  if (inWindow.length >= MAX_CODES_PER_WINDOW) {
    const oldest = inWindow[inWindow.length - 1]!;
    throw new SimexitError(
      'RATE_LIMITED',
      `At most ${MAX_CODES_PER_WINDOW} codes per ${CODE_WINDOW_MINUTES} minutes for one number.`,
      {
        retryAt: new Date(new Date(oldest.created_at).getTime() + CODE_WINDOW_MINUTES * MINUTE).toISOString(),
      },
    );
  }
}

async function createChallenge(
  context: ServiceContext,
  tx: Tx,
  input: {
    line: LineRecord;
    subscriber: SubscriberRecord;
    purpose: string;
    delivery: 'sms' | 'email';
    requestedBy: string | null;
    /** The language the portal is shown in; the code is written in it (else the holder's own). */
    language: MessageLanguage | null;
  },
) {
  await assertCodeAllowed(context, tx, input.line.msisdn, input.subscriber.id);
  const now = context.clock.now();
  const id = crypto.randomUUID();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + context.config.OTP_TTL_SECONDS * 1000);
  await insertChallenge(tx, {
    id,
    subscriber_id: input.subscriber.id,
    msisdn: input.line.msisdn,
    purpose: input.purpose,
    delivery: input.delivery,
    code_hash: hashCode(id, code),
    expires_at: expiresAt,
    attempts: 0,
    locked_at: null,
    consumed_at: null,
    requested_by: input.requestedBy,
    created_at: now,
  });
  const to = input.delivery === 'sms' ? input.line.msisdn : input.subscriber.email;
  await queueMessage(context, tx, {
    subscriberId: input.subscriber.id,
    caseId: null,
    channel: input.delivery,
    to,
    template: 'one_time_code',
    ...renderOneTimeCode(
      code,
      Math.round(context.config.OTP_TTL_SECONDS / 60),
      input.language ??
        (await holderLanguage(tx, {
          subscriberId: input.subscriber.id,
          accountLanguage: input.subscriber.language,
          marketLanguage: (await currentPolicy(context, input.line.market, tx)).language,
        })),
    ),
    dedupeKey: `otp:${id}`,
  });
  await insertAudit(tx, {
    subscriberId: input.subscriber.id,
    actorKind: input.requestedBy ? 'staff' : 'subscriber',
    actorId: input.requestedBy,
    action: `otp.requested.${input.purpose}`,
    target: `line:${input.line.msisdn}`,
    data: { challengeId: id, delivery: input.delivery },
    at: now,
  });
  return {
    challengeId: id,
    expiresAt,
    channel: input.delivery,
    sentTo: input.delivery === 'sms' ? maskMsisdn(to) : maskEmail(to),
  };
}

/**
 * Step 1 of identification: the number plus something only the holder has (the card's ICCID, or
 * the account login); a one-time code goes to the line (ICCID) or to the account's e-mail (login).
 */
export async function requestSubscriberCode(
  context: ServiceContext,
  request: ChallengeRequest,
  language: MessageLanguage | null = null,
) {
  const { line, subscriber, via } = await identifyLine(context, request);
  return inTransaction(context, (tx) =>
    createChallenge(context, tx, {
      line,
      subscriber,
      purpose: via === 'iccid' ? 'subscriber_line' : 'subscriber_account',
      delivery: via === 'iccid' ? 'sms' : 'email',
      requestedBy: null,
      language,
    }),
  );
}

/**
 * Checks a code. A wrong code is counted (and committed) before the error is raised; the fifth
 * wrong code locks the challenge and, for LOCKOUT_MINUTES, the number.
 */
export async function consumeCode(
  context: ServiceContext,
  input: { challengeId: string; code: string; purposes: string[]; msisdn?: string },
): Promise<VerifiedCode> {
  return consumeCodeThen(context, input, async (_tx, verified) => verified);
}

export interface VerifiedCode {
  subscriberId: string;
  msisdn: string;
  purpose: string;
}

/**
 * Checks a code and, when it is right, runs `then` in the same transaction (one commit for the
 * check and what it unlocks). A wrong code's count commits on its own before the error is raised.
 */
async function consumeCodeThen<T>(
  context: ServiceContext,
  input: { challengeId: string; code: string; purposes: string[]; msisdn?: string },
  then: (tx: Tx, verified: VerifiedCode) => Promise<T>,
): Promise<T> {
  const outcome = await inTransaction(context, async (tx): Promise<{ error: SimexitError } | { value: T }> => {
    const now = context.clock.now();
    const challenge = await lockChallenge(tx, input.challengeId);
    if (
      !challenge ||
      !input.purposes.includes(challenge.purpose) ||
      (input.msisdn && input.msisdn !== challenge.msisdn)
    ) {
      return { error: new SimexitError('CODE_INVALID', 'This code request is unknown. Ask for a new code.') };
    }
    if (challenge.locked_at) {
      return {
        error: new SimexitError('CODE_LOCKED', 'Too many wrong codes. Ask for a new code later.', {
          retryAt: new Date(new Date(challenge.locked_at).getTime() + LOCKOUT_MINUTES * MINUTE).toISOString(),
        }),
      };
    }
    // The lock-out is the number's (and the account's), not the challenge's: wrong codes on every
    // recent challenge count together, and while the number is locked no code opens a session, even
    // a right one. The rows are locked so guesses on two challenges at once are counted in turn.
    const related = await lockRecentChallenges(
      tx,
      { msisdn: challenge.msisdn, subscriberId: challenge.subscriber_id },
      challengesSince(now),
    );
    const numberLock = related
      .map((c) => (c.locked_at ? new Date(c.locked_at) : null))
      .filter((at): at is Date => at !== null && at.getTime() > now.getTime() - LOCKOUT_MINUTES * MINUTE)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    if (numberLock) {
      return {
        error: new SimexitError('CODE_LOCKED', 'Too many wrong codes for this number. Try again later.', {
          retryAt: new Date(numberLock.getTime() + LOCKOUT_MINUTES * MINUTE).toISOString(),
        }),
      };
    }
    const wrongBefore = related
      .filter((c) => new Date(c.created_at).getTime() > now.getTime() - CODE_WINDOW_MINUTES * MINUTE)
      .reduce((sum, c) => sum + (c.id === challenge.id ? challenge.attempts : c.attempts), 0);
    if (challenge.consumed_at || new Date(challenge.expires_at) <= now) {
      return {
        error: new SimexitError('CODE_EXPIRED', 'This code has expired or was already used. Ask for a new code.'),
      };
    }
    const expected = Buffer.from(challenge.code_hash, 'hex');
    const given = Buffer.from(hashCode(challenge.id, input.code.trim()), 'hex');
    if (!timingSafeEqual(expected, given)) {
      const attempts = challenge.attempts + 1;
      const wrongForNumber = wrongBefore + 1;
      const locked = wrongForNumber >= MAX_CODE_ATTEMPTS;
      await recordWrongCode(tx, challenge.id, attempts, locked ? now : null);
      await insertAudit(tx, {
        subscriberId: challenge.subscriber_id,
        actorKind: 'subscriber',
        actorId: null,
        action: locked ? 'otp.locked' : 'otp.wrong_code',
        target: `line:${challenge.msisdn}`,
        data: { challengeId: challenge.id, attempts, wrongForNumber },
        at: now,
      });
      return {
        error: locked
          ? new SimexitError('CODE_LOCKED', 'Too many wrong codes. This number is locked for 15 minutes.', {
              retryAt: new Date(now.getTime() + LOCKOUT_MINUTES * MINUTE).toISOString(),
            })
          : new SimexitError('CODE_INVALID', 'That code is not right. Check the latest message and try again.', {
              attemptsLeft: MAX_CODE_ATTEMPTS - wrongForNumber,
            }),
      };
    }
    await markChallengeConsumed(tx, challenge.id, now);
    const verified = { subscriberId: challenge.subscriber_id, msisdn: challenge.msisdn, purpose: challenge.purpose };
    return { value: await then(tx, verified) };
  });
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

/**
 * Step 2: the code for a session. `language` is the one the portal is shown in: once the code proved
 * who this is, it becomes the holder's choice for their messages (services/holder-language.service.ts).
 */
export async function startSubscriberSession(
  context: ServiceContext,
  input: { challengeId: string; code: string },
  language: MessageLanguage | null = null,
) {
  return consumeCodeThen(context, { ...input, purposes: ['subscriber_line', 'subscriber_account'] }, (tx, verified) =>
    openSubscriberSession(context, tx, verified, language),
  );
}

/**
 * The session of a holder whose code was just consumed, audited as a sign-in: for the line the code
 * went to, or for every line of the account when it went to the account's e-mail.
 */
export async function openSubscriberSession(
  context: ServiceContext,
  tx: Tx,
  verified: VerifiedCode,
  language: MessageLanguage | null,
) {
  // A code sent to the line proves possession of that line only; one sent to the account's
  // e-mail after the account login proves the account, and so every line on it.
  const msisdns = verified.purpose === 'subscriber_line' ? [verified.msisdn] : null;
  const session = await createSession(context, tx, {
    kind: 'subscriber',
    subscriberId: verified.subscriberId,
    staffId: null,
    msisdns,
    minutes: context.config.SUBSCRIBER_SESSION_MINUTES,
  });
  await insertAudit(tx, {
    subscriberId: verified.subscriberId,
    actorKind: 'subscriber',
    actorId: verified.subscriberId,
    action: 'session.started',
    target: `line:${verified.msisdn}`,
    data: { purpose: verified.purpose },
    at: context.clock.now(),
  });
  if (language) await recordLanguageChoice(context, tx, verified.subscriberId, language);
  return { ...session, subscriberId: verified.subscriberId, scope: msisdns === null ? 'account' : 'line' };
}
