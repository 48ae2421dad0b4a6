import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';
import { sql } from 'kysely';
import { sessionTime } from '../clock.js';
import type { Tx } from '../db/database.js';
import { insertAudit } from '../db/repositories/cases.repository.js';
import {
  clearCredentialFailures,
  credentialLockedUntil,
  recordCredentialFailure,
  type LockoutRule,
} from '../db/repositories/credential-failures.repository.js';
import { SimexitError } from '../domain/errors.js';
import { maskEmail, maskMsisdn, msisdnReadings, parseIccid } from '../domain/identifiers.js';
import type { MessageLanguage } from '../domain/message-formats.js';
import { renderOneTimeCode } from '../domain/notifications.js';
import type { LineRecord, SubscriberRecord } from '../ports/ports.js';
import { inTransaction, staffRoles, type Actor, type ServiceContext, type StaffRole } from './context.js';
import { queueMessage } from './notifications.service.js';
import { currentPolicy } from './policies.service.js';
import { findLineByNumber } from './eligibility.service.js';
import { holderLanguage, recordLanguageChoice } from './holder-language.service.js';

/** A code is locked after this many wrong attempts. */
export const MAX_CODE_ATTEMPTS = 5;
/** At most this many codes per number in CODE_WINDOW_MINUTES, so nobody can flood a line with texts. */
export const MAX_CODES_PER_WINDOW = 3;
export const CODE_WINDOW_MINUTES = 15;
/** How long a number stays locked after a code was locked. */
export const LOCKOUT_MINUTES = 15;

const MINUTE = 60_000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** How a session is stored and named elsewhere (sessions.token_hash): never the token itself. */
export const sessionTokenHash = sha256;

function hashCode(challengeId: string, code: string): string {
  return sha256(`${challengeId}:${code}`);
}

export interface Session {
  kind: 'subscriber' | 'staff';
  subscriberId: string | null;
  staffId: string | null;
  role: StaffRole | null;
  /** For subscribers: the numbers this session may act on, or null for every line of the account. */
  msisdns: string[] | null;
  expiresAt: Date;
}

export function actorOf(session: Session): Actor {
  if (session.kind === 'staff') return { kind: 'staff', id: session.staffId ?? '', role: session.role ?? 'agent' };
  return { kind: 'subscriber', id: session.subscriberId ?? '', scope: session.msisdns };
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
  // Malformed input is still a 400 of its own: it says nothing about any line. The number may be in
  // its market's national format (07700 900101, 0151 12345601): each reading is a line or not.
  msisdnReadings(request.msisdn);
  const iccid = request.iccid === undefined ? undefined : parseIccid(request.iccid);
  const via = iccid !== undefined ? 'iccid' : 'accountLogin';
  const line = await findLineByNumber(context, request.msisdn);
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
  const recent = await tx
    .selectFrom('otp_challenges')
    .select(['created_at', 'locked_at', 'msisdn'])
    .where((eb) => eb.or([eb('msisdn', '=', msisdn), eb('subscriber_id', '=', subscriberId)]))
    .where('created_at', '>', new Date(now.getTime() - Math.max(CODE_WINDOW_MINUTES, LOCKOUT_MINUTES) * MINUTE))
    .orderBy('created_at', 'desc')
    .execute();
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
  await tx
    .insertInto('otp_challenges')
    .values({
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
    })
    .execute();
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

interface VerifiedCode {
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
    const challenge = await tx
      .selectFrom('otp_challenges')
      .selectAll()
      .where('id', '=', input.challengeId)
      .forUpdate()
      .executeTakeFirst();
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
    const related = await tx
      .selectFrom('otp_challenges')
      .select(['id', 'attempts', 'locked_at', 'created_at'])
      .where((eb) => eb.or([eb('msisdn', '=', challenge.msisdn), eb('subscriber_id', '=', challenge.subscriber_id)]))
      .where('created_at', '>', new Date(now.getTime() - Math.max(CODE_WINDOW_MINUTES, LOCKOUT_MINUTES) * MINUTE))
      .orderBy('id')
      .forUpdate()
      .execute();
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
      await tx
        .updateTable('otp_challenges')
        .set({ attempts, locked_at: locked ? now : null })
        .where('id', '=', challenge.id)
        .execute();
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
    await tx.updateTable('otp_challenges').set({ consumed_at: now }).where('id', '=', challenge.id).execute();
    const verified = { subscriberId: challenge.subscriber_id, msisdn: challenge.msisdn, purpose: challenge.purpose };
    return { value: await then(tx, verified) };
  });
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

async function createSession(
  context: ServiceContext,
  tx: Tx,
  values: {
    kind: 'subscriber' | 'staff';
    subscriberId: string | null;
    staffId: string | null;
    msisdns: string[] | null;
    minutes: number;
  },
) {
  const token = randomBytes(32).toString('base64url');
  // Sessions run on the wall clock even in a demo whose clock was moved (clock.ts sessionTime).
  const now = sessionTime(context.clock);
  const expiresAt = new Date(now.getTime() + values.minutes * MINUTE);
  await tx
    .insertInto('sessions')
    .values({
      token_hash: sessionTokenHash(token),
      kind: values.kind,
      subscriber_id: values.subscriberId,
      staff_id: values.staffId,
      scope: JSON.stringify({ msisdns: values.msisdns }),
      created_at: now,
      expires_at: expiresAt,
      revoked_at: null,
    })
    .execute();
  return { token, expiresAt };
}

/** Step 2: the code from the message becomes a subscriber session. */
/**
 * Step 2: the code for a session. `language` is the one the portal is shown in: once the code proved
 * who this is, it becomes the holder's choice for their messages (services/holder-language.service.ts).
 */
export async function startSubscriberSession(
  context: ServiceContext,
  input: { challengeId: string; code: string },
  language: MessageLanguage | null = null,
) {
  return consumeCodeThen(
    context,
    { ...input, purposes: ['subscriber_line', 'subscriber_account'] },
    async (tx, verified) => {
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
    },
  );
}

/** Wrong passwords per staff e-mail (typed, whether or not the account exists) before a lock-out. */
export const STAFF_SIGN_IN_LOCKOUT: LockoutRule = { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

let dummyPasswordHash: Promise<string> | null = null;
/**
 * A hash of a random password with the same parameters as real ones, verified when the e-mail is
 * unknown, so a sign-in takes as long whether or not the account exists.
 */
function dummyHash(): Promise<string> {
  dummyPasswordHash ??= argon2.hash(randomBytes(32).toString('base64url'));
  return dummyPasswordHash;
}

export async function startStaffSession(context: ServiceContext, input: { email: string; password: string }) {
  const email = input.email.trim().toLowerCase();
  const lockKey = `staff:${email}`;
  const now = context.clock.now();
  const lockedUntil = await credentialLockedUntil(context.db, lockKey, now);
  const user = await context.db
    .selectFrom('staff_users')
    .selectAll()
    .where('email', '=', email)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  // argon2 runs on every path (a dummy hash for an unknown e-mail, and while locked), so the time
  // taken says nothing about which accounts exist.
  const verified = await argon2.verify(user?.password_hash ?? (await dummyHash()), input.password);
  const valid = user !== undefined && verified;
  const locked = (until: Date) =>
    new SimexitError(
      'SIGN_IN_LOCKED',
      'Too many wrong passwords for this e-mail. For safety, sign-in is paused; try again later or ask an admin.',
      { retryAt: until.toISOString() },
    );
  if (lockedUntil) {
    await insertAudit(context.db, {
      subscriberId: null,
      actorKind: 'staff',
      actorId: user?.id ?? null,
      action: 'staff.login_locked',
      target: `staff:${email}`,
      at: now,
    });
    throw locked(lockedUntil);
  }
  if (!user || !valid) {
    const nowLocked = await recordCredentialFailure(context.db, lockKey, now, STAFF_SIGN_IN_LOCKOUT);
    await insertAudit(context.db, {
      subscriberId: null,
      actorKind: 'staff',
      actorId: user?.id ?? null,
      action: nowLocked ? 'staff.login_locked' : 'staff.login_failed',
      target: `staff:${email}`,
      at: now,
    });
    if (nowLocked) throw locked(nowLocked);
    throw new SimexitError('INVALID_CREDENTIALS', 'E-mail or password is not right.');
  }
  await clearCredentialFailures(context.db, lockKey);
  return inTransaction(context, async (tx) => {
    const session = await createSession(context, tx, {
      kind: 'staff',
      subscriberId: null,
      staffId: user.id,
      msisdns: null,
      minutes: context.config.STAFF_SESSION_MINUTES,
    });
    await insertAudit(tx, {
      subscriberId: null,
      actorKind: 'staff',
      actorId: user.id,
      action: 'staff.login',
      target: `staff:${user.id}`,
      at: context.clock.now(),
    });
    return { ...session, staff: { id: user.id, name: user.name, role: user.role } };
  });
}

/** Resolves a bearer token to its live session, or null. */
export async function authenticate(context: ServiceContext, token: string): Promise<Session | null> {
  const row = await context.db
    .selectFrom('sessions')
    .leftJoin('staff_users', 'staff_users.id', 'sessions.staff_id')
    .select([
      'sessions.kind',
      'sessions.subscriber_id',
      'sessions.staff_id',
      'sessions.scope',
      'sessions.expires_at',
      'sessions.revoked_at',
      'staff_users.role',
      'staff_users.disabled_at',
    ])
    .where('sessions.token_hash', '=', sessionTokenHash(token))
    .executeTakeFirst();
  if (!row || row.revoked_at || new Date(row.expires_at) <= sessionTime(context.clock) || row.disabled_at) return null;
  return {
    kind: row.kind === 'staff' ? 'staff' : 'subscriber',
    subscriberId: row.subscriber_id,
    staffId: row.staff_id,
    role: (staffRoles as readonly string[]).includes(row.role ?? '') ? (row.role as StaffRole) : null,
    msisdns: row.scope.msisdns,
    expiresAt: new Date(row.expires_at),
  };
}

export async function endSession(context: ServiceContext, token: string): Promise<void> {
  await context.db
    .updateTable('sessions')
    .set({ revoked_at: context.clock.now() })
    .where('token_hash', '=', sessionTokenHash(token))
    .where('revoked_at', 'is', null)
    .execute();
}

/** Wrong codes entered recently for each of `msisdns` (absent: none): a risk signal for their cases. */
export async function recentFailedAttempts(
  context: ServiceContext,
  msisdns: readonly string[],
  since: Date,
): Promise<Map<string, number>> {
  if (msisdns.length === 0) return new Map();
  const rows = await context.db
    .selectFrom('otp_challenges')
    .select(['msisdn', sql<number>`sum(attempts)::int`.as('failed')])
    .where('msisdn', 'in', msisdns)
    .where('created_at', '>=', since)
    .groupBy('msisdn')
    .execute();
  return new Map(rows.map((row) => [row.msisdn, Number(row.failed)]));
}

/**
 * Adds a staff account unless the e-mail is taken (e-mails are compared trimmed and lower-cased, as at
 * sign-in). With `createdBy`, the account and its audit entry commit together; the demo seed passes none.
 * The password is hashed before the transaction opens: argon2 is deliberately slow, and PGlite's single
 * connection would be held for it.
 */
export async function createStaffUser(
  context: ServiceContext,
  input: { email: string; name: string; role: StaffRole; password: string },
  createdBy: Actor | null = null,
): Promise<{ id: string; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const existing = await context.db
    .selectFrom('staff_users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const id = crypto.randomUUID();
  const passwordHash = await argon2.hash(input.password);
  return inTransaction(context, async (tx) => {
    const now = context.clock.now();
    const inserted = await tx
      .insertInto('staff_users')
      .values({
        id,
        email,
        name: input.name,
        role: input.role,
        password_hash: passwordHash,
        created_at: now,
        disabled_at: null,
      })
      .onConflict((conflict) => conflict.column('email').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const winner = await tx
        .selectFrom('staff_users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      return { id: winner.id, created: false };
    }
    if (createdBy) {
      await insertAudit(tx, {
        subscriberId: null,
        actorKind: createdBy.kind,
        actorId: createdBy.id,
        action: 'staff.created',
        target: `staff:${id}`,
        data: { email, name: input.name, role: input.role },
        at: now,
      });
    }
    return { id, created: true };
  });
}
