import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db, Tx } from '../database.js';
import type { OtpChallengesTable } from '../schema.js';

/** A one-time code sent to a line or to an account's e-mail (only its hash is kept). */
export type ChallengeRow = Selectable<OtpChallengesTable>;
export type NewChallenge = Insertable<OtpChallengesTable>;

/** Whose codes count together: a number's, and those of the account it belongs to. */
export interface ChallengeHolder {
  msisdn: string;
  subscriberId: string;
}

/** The challenges of `holder`'s number or account created after `since`. */
function challengesOf(db: Db | Tx, holder: ChallengeHolder, since: Date) {
  return db
    .selectFrom('otp_challenges')
    .where((eb) => eb.or([eb('msisdn', '=', holder.msisdn), eb('subscriber_id', '=', holder.subscriberId)]))
    .where('created_at', '>', since);
}

export async function insertChallenge(db: Db | Tx, values: NewChallenge): Promise<void> {
  await db.insertInto('otp_challenges').values(values).execute();
}

/** The recent challenges of a number or its account, newest first: what decides whether a new code may go out. */
export async function recentChallenges(
  db: Db | Tx,
  holder: ChallengeHolder,
  since: Date,
): Promise<Pick<ChallengeRow, 'created_at' | 'locked_at' | 'msisdn'>[]> {
  return challengesOf(db, holder, since)
    .select(['created_at', 'locked_at', 'msisdn'])
    .orderBy('created_at', 'desc')
    .execute();
}

/** Locks one challenge, so a code is checked (and its wrong attempt counted) once at a time. */
export async function lockChallenge(tx: Tx, id: string): Promise<ChallengeRow | undefined> {
  return tx.selectFrom('otp_challenges').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Locks the recent challenges of a number or its account, always in id order, so guesses on two
 * challenges at once are counted in turn and never deadlock.
 */
export async function lockRecentChallenges(
  tx: Tx,
  holder: ChallengeHolder,
  since: Date,
): Promise<Pick<ChallengeRow, 'id' | 'attempts' | 'locked_at' | 'created_at'>[]> {
  return challengesOf(tx, holder, since)
    .select(['id', 'attempts', 'locked_at', 'created_at'])
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Counts a wrong code on the challenge; `lockedAt` set locks it. */
export async function recordWrongCode(tx: Tx, id: string, attempts: number, lockedAt: Date | null): Promise<void> {
  await tx.updateTable('otp_challenges').set({ attempts, locked_at: lockedAt }).where('id', '=', id).execute();
}

export async function markChallengeConsumed(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.updateTable('otp_challenges').set({ consumed_at: at }).where('id', '=', id).execute();
}

/** Wrong codes entered since `since` for each of `msisdns` (absent: none). */
export async function wrongCodesByNumber(
  db: Db | Tx,
  msisdns: readonly string[],
  since: Date,
): Promise<Map<string, number>> {
  if (msisdns.length === 0) return new Map();
  const rows = await db
    .selectFrom('otp_challenges')
    .select(['msisdn', sql<number>`sum(attempts)::int`.as('failed')])
    .where('msisdn', 'in', msisdns)
    .where('created_at', '>=', since)
    .groupBy('msisdn')
    .execute();
  return new Map(rows.map((row) => [row.msisdn, Number(row.failed)]));
}
