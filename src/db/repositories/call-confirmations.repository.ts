import type { Insertable, Selectable } from 'kysely';
import type { Db, Tx } from '../database.js';
import type { LineConfirmationsTable } from '../schema.js';

/**
 * Confirmations asked of a line (line_confirmations): an agent's call confirmations (purpose
 * `agent_call`, services/call-confirmations.service.ts) and SMS CANCEL's, which share the table so a
 * texted `YES`/`NO <reference>` is matched against both.
 */
export type LineConfirmationRow = Selectable<LineConfirmationsTable>;
export type NewCallConfirmation = Omit<Insertable<LineConfirmationsTable>, 'purpose'>;

const CALL_PURPOSE = 'agent_call';

/** An agent's call confirmation by id (never another purpose's). */
export async function findCallConfirmation(db: Db | Tx, id: string): Promise<LineConfirmationRow | undefined> {
  return db
    .selectFrom('line_confirmations')
    .selectAll()
    .where('id', '=', id)
    .where('purpose', '=', CALL_PURPOSE)
    .executeTakeFirst();
}

/** When the line's call confirmations created after `since` were asked for, oldest first. */
export async function callConfirmationTimesSince(
  db: Db | Tx,
  msisdn: string,
  since: Date,
): Promise<Pick<LineConfirmationRow, 'created_at'>[]> {
  return db
    .selectFrom('line_confirmations')
    .select('created_at')
    .where('msisdn', '=', msisdn)
    .where('purpose', '=', CALL_PURPOSE)
    .where('created_at', '>', since)
    .orderBy('created_at', 'asc')
    .execute();
}

/** Voids the line's call confirmations not yet used, denied or voided (a newer one replaces them). */
export async function voidOpenCallConfirmations(tx: Tx, msisdn: string, at: Date): Promise<void> {
  await tx
    .updateTable('line_confirmations')
    .set({ voided_at: at })
    .where('msisdn', '=', msisdn)
    .where('purpose', '=', CALL_PURPOSE)
    .where('used_at', 'is', null)
    .where('denied_at', 'is', null)
    .where('voided_at', 'is', null)
    .execute();
}

export async function insertCallConfirmation(tx: Tx, values: NewCallConfirmation): Promise<LineConfirmationRow> {
  return tx
    .insertInto('line_confirmations')
    .values({ ...values, purpose: CALL_PURPOSE })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The confirmation whose one-time link token hashes to `linkTokenHash`. */
export async function findConfirmationByLink(
  db: Db | Tx,
  linkTokenHash: string,
): Promise<LineConfirmationRow | undefined> {
  return db
    .selectFrom('line_confirmations')
    .selectAll()
    .where('link_token_hash', '=', linkTokenHash)
    .executeTakeFirst();
}

/** Locks a confirmation, so two answers to it are taken in turn. */
export async function lockConfirmation(tx: Tx, id: string): Promise<LineConfirmationRow> {
  return tx.selectFrom('line_confirmations').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}

/** Records the holder's answer: confirmed or denied ("This wasn't me") at `at`. */
export async function recordConfirmationAnswer(
  tx: Tx,
  id: string,
  answer: 'confirm' | 'deny',
  at: Date,
): Promise<LineConfirmationRow> {
  return tx
    .updateTable('line_confirmations')
    .set(answer === 'confirm' ? { confirmed_at: at } : { denied_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Spends a confirmation on a case, only while it is confirmed, unexpired and not used, denied or
 * voided (checked in the statement, so two filings cannot both spend it).
 * @returns whether it was spent.
 */
export async function spendConfirmation(tx: Tx, id: string, at: Date): Promise<boolean> {
  const spent = await tx
    .updateTable('line_confirmations')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('denied_at', 'is', null)
    .where('voided_at', 'is', null)
    .where('confirmed_at', 'is not', null)
    .where('expires_at', '>', at)
    .returning('id')
    .executeTakeFirst();
  return spent !== undefined;
}

/** The line's confirmations of every purpose still waiting for an answer at `now`, newest first. */
export async function openLineConfirmations(db: Db | Tx, msisdn: string, now: Date): Promise<LineConfirmationRow[]> {
  return db
    .selectFrom('line_confirmations')
    .selectAll()
    .where('msisdn', '=', msisdn)
    .where('confirmed_at', 'is', null)
    .where('voided_at', 'is', null)
    .where('denied_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

const SMS_CANCEL_PURPOSE = 'sms_cancel';

export type NewSmsCancelConfirmation = Omit<Insertable<LineConfirmationsTable>, 'purpose'>;

/** Voids the line's SMS CANCELs not yet confirmed or voided (a newer CANCEL replaces them). */
export async function voidOpenSmsCancels(tx: Tx, msisdn: string, at: Date): Promise<void> {
  await tx
    .updateTable('line_confirmations')
    .set({ voided_at: at })
    .where('msisdn', '=', msisdn)
    .where('purpose', '=', SMS_CANCEL_PURPOSE)
    .where('confirmed_at', 'is', null)
    .where('voided_at', 'is', null)
    .execute();
}

export async function insertSmsCancelConfirmation(tx: Tx, values: NewSmsCancelConfirmation): Promise<void> {
  await tx
    .insertInto('line_confirmations')
    .values({ ...values, purpose: SMS_CANCEL_PURPOSE })
    .execute();
}

/** Records how many wrong references were texted for a confirmation; `voidedAt` voids it as well. */
export async function recordWrongReferences(
  db: Db | Tx,
  id: string,
  wrongAttempts: number,
  voidedAt: Date | null,
): Promise<void> {
  await db
    .updateTable('line_confirmations')
    .set({ wrong_attempts: wrongAttempts, ...(voidedAt ? { voided_at: voidedAt } : {}) })
    .where('id', '=', id)
    .execute();
}

/**
 * Confirms a confirmation at `at`, only while it is not confirmed yet (checked in the statement, so
 * two answers cannot both confirm it).
 * @returns whether this call confirmed it.
 */
export async function claimConfirmation(db: Db | Tx, id: string, at: Date): Promise<boolean> {
  const claimed = await db
    .updateTable('line_confirmations')
    .set({ confirmed_at: at })
    .where('id', '=', id)
    .where('confirmed_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return claimed !== undefined;
}
