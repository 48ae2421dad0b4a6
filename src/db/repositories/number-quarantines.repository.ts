import type { Insertable, Selectable } from 'kysely';
import type { Db, Tx } from '../database.js';
import type { NumberQuarantinesTable } from '../schema.js';

/**
 * The numbers of cancelled lines held back from reuse (number_quarantines, one per case) until their
 * release instant; the quarantine_end timer releases them.
 */
export type NumberQuarantineRow = Selectable<NumberQuarantinesTable>;
export type NewNumberQuarantine = Insertable<NumberQuarantinesTable>;

export async function insertQuarantine(tx: Tx, values: NewNumberQuarantine): Promise<void> {
  await tx.insertInto('number_quarantines').values(values).execute();
}

export async function findQuarantine(db: Db | Tx, caseId: string): Promise<NumberQuarantineRow | undefined> {
  return db.selectFrom('number_quarantines').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

/** When the case's number is (or was) due back, if it was quarantined. */
export async function findQuarantineRelease(db: Db | Tx, caseId: string): Promise<{ release_at: Date } | undefined> {
  return db.selectFrom('number_quarantines').select('release_at').where('case_id', '=', caseId).executeTakeFirst();
}

export async function markQuarantineReleased(tx: Tx, caseId: string, at: Date): Promise<void> {
  await tx.updateTable('number_quarantines').set({ released_at: at }).where('case_id', '=', caseId).execute();
}
