import { createHash, randomBytes } from 'node:crypto';
import { sessionTime } from '../clock.js';
import type { Tx } from '../db/database.js';
import { findSessionByTokenHash, insertSession, revokeSession } from '../db/repositories/sessions.repository.js';
import { staffRoles, type StaffRole } from '../domain/actors.js';
import { isOneOf } from '../domain/one-of.js';
import type { Actor, ServiceContext } from './context.js';
import { MINUTE } from '../domain/time.js';

/** How a session is stored and named elsewhere (sessions.token_hash): never the token itself. */
export function sessionTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
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
  return session.kind === 'staff' ? staffActorOf(session) : subscriberActorOf(session);
}

/** The member of staff acting through a staff session. */
export function staffActorOf(session: Session): Extract<Actor, { kind: 'staff' }> {
  return { kind: 'staff', id: session.staffId ?? '', role: session.role ?? 'agent' };
}

/** The subscriber acting through a subscriber session, limited to the numbers it covers. */
export function subscriberActorOf(session: Session): Extract<Actor, { kind: 'subscriber' }> {
  return { kind: 'subscriber', id: session.subscriberId ?? '', scope: session.msisdns };
}

/**
 * Opens a session for someone whose identity was just proved (a one-time code, a staff password).
 * @returns the bearer token, which only its holder ever sees, and when it expires.
 */
export async function createSession(
  context: ServiceContext,
  tx: Tx,
  values: {
    kind: 'subscriber' | 'staff';
    subscriberId: string | null;
    staffId: string | null;
    msisdns: string[] | null;
    minutes: number;
  },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  // Sessions run on the wall clock even in a demo whose clock was moved (clock.ts sessionTime).
  const now = sessionTime(context.clock);
  const expiresAt = new Date(now.getTime() + values.minutes * MINUTE);
  await insertSession(tx, {
    tokenHash: sessionTokenHash(token),
    kind: values.kind,
    subscriberId: values.subscriberId,
    staffId: values.staffId,
    msisdns: values.msisdns,
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt };
}

/** Resolves a bearer token to its live session, or null. */
export async function authenticate(context: ServiceContext, token: string): Promise<Session | null> {
  const row = await findSessionByTokenHash(context.db, sessionTokenHash(token));
  if (!row || row.revoked_at || new Date(row.expires_at) <= sessionTime(context.clock) || row.disabled_at) return null;
  return {
    kind: row.kind === 'staff' ? 'staff' : 'subscriber',
    subscriberId: row.subscriber_id,
    staffId: row.staff_id,
    role: isOneOf(staffRoles, row.role) ? row.role : null,
    msisdns: row.scope.msisdns,
    expiresAt: new Date(row.expires_at),
  };
}

export async function endSession(context: ServiceContext, token: string): Promise<void> {
  await revokeSession(context.db, sessionTokenHash(token), context.clock.now());
}
