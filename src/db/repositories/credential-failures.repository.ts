import { sql } from 'kysely';
import type { Db } from '../database.js';

/** How many failures within which window lock a credential, and for how long. */
export interface LockoutRule {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

/** When the credential is locked until, or null when it may be tried. */
export async function credentialLockedUntil(db: Db, key: string, now: Date): Promise<Date | null> {
  const row = await db
    .selectFrom('credential_failures')
    .select('locked_until')
    .where('key', '=', key)
    .executeTakeFirst();
  const until = row?.locked_until ? new Date(row.locked_until) : null;
  return until && until > now ? until : null;
}

/**
 * Counts one failure in one statement (concurrent failures from any process each count once):
 * a window that has passed starts again at 1; reaching the limit sets the lock.
 * @returns when the credential is now locked until, or null.
 */
export async function recordCredentialFailure(db: Db, key: string, now: Date, rule: LockoutRule): Promise<Date | null> {
  const windowStart = new Date(now.getTime() - rule.windowMs);
  const lockUntil = new Date(now.getTime() + rule.lockMs);
  const { rows } = await sql<{ locked_until: Date | string | null }>`
    insert into credential_failures as f (key, failures, window_started_at, locked_until)
    values (${key}, 1, ${now}, ${rule.maxFailures <= 1 ? lockUntil : null})
    on conflict (key) do update set
      failures = case when f.window_started_at <= ${windowStart} then 1 else f.failures + 1 end,
      window_started_at = case when f.window_started_at <= ${windowStart} then ${now} else f.window_started_at end,
      locked_until = case
        when (case when f.window_started_at <= ${windowStart} then 1 else f.failures + 1 end) >= ${rule.maxFailures}
          then ${lockUntil}::timestamptz
        else f.locked_until end
    returning locked_until
  `.execute(db);
  const until = rows[0]?.locked_until ? new Date(rows[0].locked_until) : null;
  return until && until > now ? until : null;
}

/** A successful sign-in forgets the failures before it. */
export async function clearCredentialFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('credential_failures').where('key', '=', key).execute();
}
