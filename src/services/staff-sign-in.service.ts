import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { insertAudit } from '../db/repositories/cases.repository.js';
import {
  clearCredentialFailures,
  credentialLockedUntil,
  recordCredentialFailure,
  type LockoutRule,
} from '../db/repositories/credential-failures.repository.js';
import { findEnabledStaffUserByEmail } from '../db/repositories/staff-users.repository.js';
import type { StaffRole } from '../domain/actors.js';
import { SimexitError } from '../domain/errors.js';
import { inTransaction, type ServiceContext } from './context.js';
import { createSession } from './sessions.service.js';
import { MINUTE } from '../domain/time.js';

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

/**
 * A staff session for an e-mail and password. Wrong passwords count per typed e-mail towards
 * {@link STAFF_SIGN_IN_LOCKOUT}; while locked even the right password opens nothing.
 */
export async function startStaffSession(context: ServiceContext, input: { email: string; password: string }) {
  const email = input.email.trim().toLowerCase();
  const lockKey = `staff:${email}`;
  const now = context.clock.now();
  const lockedUntil = await credentialLockedUntil(context.db, lockKey, now);
  const user = await findEnabledStaffUserByEmail(context.db, email);
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
  return openStaffSession(context, user);
}

/** The session of a staff member whose password was just checked, audited as a sign-in. */
export async function openStaffSession(context: ServiceContext, user: { id: string; name: string; role: StaffRole }) {
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
