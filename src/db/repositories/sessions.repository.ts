import type { Db, Tx } from '../database.js';

/** A session as stored: the token is known only by its hash. */
export interface NewSession {
  tokenHash: string;
  kind: 'subscriber' | 'staff';
  subscriberId: string | null;
  staffId: string | null;
  /** For subscribers: the numbers the session may act on, or null for every line of the account. */
  msisdns: string[] | null;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertSession(db: Db | Tx, session: NewSession): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      kind: session.kind,
      subscriber_id: session.subscriberId,
      staff_id: session.staffId,
      scope: JSON.stringify({ msisdns: session.msisdns }),
      created_at: session.createdAt,
      expires_at: session.expiresAt,
      revoked_at: null,
    })
    .execute();
}

/** The session with this token hash, with its staff account's role and whether that was disabled. */
export async function findSessionByTokenHash(db: Db | Tx, tokenHash: string) {
  return db
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
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Ends the session (sign-out); one already ended keeps its first end. */
export async function revokeSession(db: Db | Tx, tokenHash: string, at: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every live session of a staff account. @returns how many were live. */
export async function revokeStaffSessions(db: Db | Tx, staffId: string, at: Date): Promise<number> {
  const revoked = await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('staff_id', '=', staffId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(revoked.numUpdatedRows);
}

/** Ends every live session of the staff accounts `staffIds` (a non-empty list). */
export async function revokeSessionsOfStaffUsers(db: Db | Tx, staffIds: readonly string[], at: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('staff_id', 'in', staffIds)
    .where('revoked_at', 'is', null)
    .execute();
}
