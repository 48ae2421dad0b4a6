import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { SmsSubmittedPartsTable } from '../schema.js';

export type SubmittedPartRow = Selectable<SmsSubmittedPartsTable>;

/**
 * Keeps one SMS part the SMSC accepted. SMSC ids are only unique for a while (many wrap or restart),
 * so a newer part under the same id replaces the older one: a receipt is about the latest.
 */
export async function recordSubmittedPart(
  db: Db,
  part: {
    idKey: string;
    smscMessageId: string;
    messageId: string;
    partIndex: number;
    partCount: number;
    reference: number;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('sms_submitted_parts')
    .values({
      smsc_id_key: part.idKey,
      smsc_message_id: part.smscMessageId,
      outbox_message_id: part.messageId,
      part_index: part.partIndex,
      part_count: part.partCount,
      concat_reference: part.reference,
      submitted_at: part.at,
    })
    .onConflict((conflict) =>
      conflict.column('smsc_id_key').doUpdateSet((eb) => ({
        smsc_message_id: eb.ref('excluded.smsc_message_id'),
        outbox_message_id: eb.ref('excluded.outbox_message_id'),
        part_index: eb.ref('excluded.part_index'),
        part_count: eb.ref('excluded.part_count'),
        concat_reference: eb.ref('excluded.concat_reference'),
        submitted_at: eb.ref('excluded.submitted_at'),
      })),
    )
    .execute();
}

/** The part under the first of `idKeys` that has one (a receipt's id can be spelt several ways). */
export async function findSubmittedPart(db: Db, idKeys: string[]): Promise<SubmittedPartRow | null> {
  if (idKeys.length === 0) return null;
  const rows = await db.selectFrom('sms_submitted_parts').selectAll().where('smsc_id_key', 'in', idKeys).execute();
  for (const key of idKeys) {
    const row = rows.find((r) => r.smsc_id_key === key);
    if (row) return row;
  }
  return null;
}

export async function submittedPartsOf(db: Db, messageId: string): Promise<SubmittedPartRow[]> {
  return db
    .selectFrom('sms_submitted_parts')
    .selectAll()
    .where('outbox_message_id', '=', messageId)
    .orderBy('part_index')
    .execute();
}

/** Forgets parts sent before `before`: no receipt is expected for them any more. */
export async function deleteSubmittedPartsBefore(db: Db, before: Date, limit = 10_000): Promise<number> {
  const result = await db
    .deleteFrom('sms_submitted_parts')
    .where('smsc_id_key', 'in', (eb) =>
      eb.selectFrom('sms_submitted_parts').select('smsc_id_key').where('submitted_at', '<', before).limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
