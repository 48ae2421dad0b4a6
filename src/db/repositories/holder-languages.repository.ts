import type { MessageLanguage } from '../../domain/message-formats.js';
import type { Db, Tx } from '../database.js';

/** The language each holder last chose in the portal or at the desk (holder_languages, migration 0025). */

export async function findChosenLanguage(db: Db | Tx, subscriberId: string): Promise<MessageLanguage | null> {
  const row = await db
    .selectFrom('holder_languages')
    .select('language')
    .where('subscriber_id', '=', subscriberId)
    .executeTakeFirst();
  return row?.language ?? null;
}

/** The choices of many holders in one indexed read; a holder who chose none is missing from the map. */
export async function findChosenLanguages(
  db: Db | Tx,
  subscriberIds: readonly string[],
): Promise<Map<string, MessageLanguage>> {
  if (subscriberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('holder_languages')
    .select(['subscriber_id', 'language'])
    .where('subscriber_id', 'in', [...new Set(subscriberIds)])
    .execute();
  return new Map(rows.map((row) => [row.subscriber_id, row.language]));
}

/** Reads the holder's choice and locks it until the transaction ends, so two choices are taken in turn. */
export async function lockChosenLanguage(tx: Tx, subscriberId: string): Promise<MessageLanguage | null> {
  const row = await tx
    .selectFrom('holder_languages')
    .select('language')
    .where('subscriber_id', '=', subscriberId)
    .forUpdate()
    .executeTakeFirst();
  return row?.language ?? null;
}

export async function saveChosenLanguage(
  tx: Tx,
  subscriberId: string,
  language: MessageLanguage,
  at: Date,
): Promise<void> {
  await tx
    .insertInto('holder_languages')
    .values({ subscriber_id: subscriberId, language, chosen_at: at })
    .onConflict((conflict) => conflict.column('subscriber_id').doUpdateSet({ language, chosen_at: at }))
    .execute();
}
