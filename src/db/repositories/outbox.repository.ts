import { sql } from 'kysely';
import type { Db, Tx } from '../database.js';

// Messages to people (outbox_messages), queued with the change that causes them and delivered by jobs.

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
