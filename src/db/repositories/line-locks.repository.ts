import type { Insertable } from 'kysely';
import type { Db, Tx } from '../database.js';
import type { LineLocksTable } from '../schema.js';

/**
 * The holders' locks on porting and cancellation (line_locks): at most one open lock per number (a
 * unique index), lifted by setting lifted_at.
 */
export type NewLineLock = Insertable<LineLocksTable>;

export async function insertLineLock(tx: Tx, values: NewLineLock): Promise<void> {
  await tx.insertInto('line_locks').values(values).execute();
}

export async function liftLineLock(tx: Tx, id: string, at: Date, liftedBy: string): Promise<void> {
  await tx.updateTable('line_locks').set({ lifted_at: at, lifted_by: liftedBy }).where('id', '=', id).execute();
}

/** The number's lock that has not been lifted, if any. */
export async function findOpenLineLock(db: Db | Tx, msisdn: string) {
  return db
    .selectFrom('line_locks')
    .select(['id', 'locked_at'])
    .where('msisdn', '=', msisdn)
    .where('lifted_at', 'is', null)
    .executeTakeFirst();
}
