import { sql } from 'kysely';
import type { Db, Tx } from '../database.js';

/** The demo clock's shared offset in ms (migration 0026 writes its one row). */
export async function readDemoClockOffset(db: Db | Tx): Promise<number> {
  const row = await db.selectFrom('demo_clock').select('offset_ms').executeTakeFirst();
  return row ? Number(row.offset_ms) : 0;
}

/**
 * Moves the shared offset forward by `byMs` in one statement, so two advances at once both count.
 * @returns the offset before and after.
 */
export async function addDemoClockOffset(tx: Tx, byMs: number, by: string): Promise<{ before: number; after: number }> {
  const row = await tx
    .updateTable('demo_clock')
    .set({ offset_ms: sql<number>`offset_ms + ${byMs}::bigint`, updated_at: sql<Date>`now()`, updated_by: by })
    .where('singleton', '=', true)
    .returning('offset_ms')
    .executeTakeFirstOrThrow();
  const after = Number(row.offset_ms);
  return { before: after - byMs, after };
}
