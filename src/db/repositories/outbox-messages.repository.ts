import { sql } from 'kysely';
import type { Db, Tx } from '../database.js';
import type { OutboxRowInput } from './cases.repository.js';

/**
 * The outbox (outbox_messages): every SMS and e-mail simexit sends, written in the transaction that
 * decides it and delivered by the outbox jobs (services/notifications.service.ts). A case's changes
 * write theirs with the case (cases.repository.ts writeCaseChanges).
 */

/**
 * Writes outbox rows in one statement; a row whose dedupe key exists already is not written again.
 * @returns the ids of the rows written.
 */
export async function insertOutboxRows(tx: Tx, rows: readonly OutboxRowInput[]): Promise<string[]> {
  return (
    await tx
      .insertInto('outbox_messages')
      .values(rows)
      .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
      .returning('id')
      .execute()
  ).map((row) => row.id);
}

/** The outbox message with this dedupe key, if one was written. */
export async function findOutboxMessageByDedupeKey(
  db: Db | Tx,
  dedupeKey: string,
): Promise<{ id: string } | undefined> {
  return db.selectFrom('outbox_messages').select('id').where('dedupe_key', '=', dedupeKey).executeTakeFirst();
}

/** What sending each of these messages needs, and whether it is done already. */
export async function outboxMessagesToSend(db: Db | Tx, ids: readonly string[]) {
  return db
    .selectFrom('outbox_messages')
    .select(['id', 'channel', 'recipient', 'subject', 'body', 'delivered_at', 'failed_at'])
    .where('id', 'in', ids)
    .execute();
}

/** Counts one attempt for each message, which delivered them at `at`. */
export async function recordOutboxDelivered(db: Db | Tx, ids: readonly string[], at: Date): Promise<void> {
  await db
    .updateTable('outbox_messages')
    .set({ attempts: sql`attempts + 1`, delivered_at: at, last_error: null })
    .where('id', 'in', ids)
    .execute();
}

/** Counts one failed attempt with its error; the last one (`final`) gives the message up at `at`. */
export async function recordOutboxFailure(
  db: Db | Tx,
  id: string,
  failure: { error: string; final: boolean; at: Date },
): Promise<void> {
  await db
    .updateTable('outbox_messages')
    .set({
      attempts: sql`attempts + 1`,
      last_error: failure.error,
      ...(failure.final ? { failed_at: failure.at } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** The SMSC's delivery receipt for an outbox SMS. */
export async function recordOutboxReceipt(
  db: Db | Tx,
  id: string,
  receipt: { status: string; at: Date },
): Promise<void> {
  await db
    .updateTable('outbox_messages')
    .set({ receipt_status: receipt.status, receipt_at: receipt.at })
    .where('id', '=', id)
    .execute();
}

/** How many messages wait for delivery (neither delivered nor given up). */
export async function countUndeliveredMessages(db: Db | Tx): Promise<number> {
  const row = await db
    .selectFrom('outbox_messages')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('delivered_at', 'is', null)
    .where('failed_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** How many messages were given up after their last delivery attempt. */
export async function countFailedMessages(db: Db | Tx): Promise<number> {
  const row = await db
    .selectFrom('outbox_messages')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('failed_at', 'is not', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
