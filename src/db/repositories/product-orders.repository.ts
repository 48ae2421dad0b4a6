import { sql, type Insertable, type Selectable } from 'kysely';
import type { CaseState } from '../../domain/lifecycle.js';
import type { Db, Tx } from '../database.js';
import type { ProductOrderCancellationsTable } from '../schema.js';

/** TMF622 product orders: the cases an API client filed (channel `bss`) and their cancellation requests. */

export type ProductOrderCancellationRow = Selectable<ProductOrderCancellationsTable>;

export interface ProductOrderFilter {
  clientId: string;
  /** Only cases in these states; null: any state. */
  states: readonly CaseState[] | null;
  externalId: string | null;
}

/**
 * One page of the orders `clientId` filed, newest first (ties by id, so pages never overlap), and how
 * many match in all. The index `cases_bss_orders` (migration 0031) serves both.
 */
export async function pageOfBssOrders(
  db: Db | Tx,
  filter: ProductOrderFilter,
  page: { offset: number; limit: number },
): Promise<{ total: number; ids: string[] }> {
  if (filter.states !== null && filter.states.length === 0) return { total: 0, ids: [] };
  let matching = db
    .selectFrom('cases')
    .where('channel', '=', 'bss')
    .where(sql<string>`verification->>'clientId'`, '=', filter.clientId);
  if (filter.states !== null) matching = matching.where('state', 'in', filter.states);
  if (filter.externalId !== null)
    matching = matching.where(sql<string>`verification->>'externalId'`, '=', filter.externalId);
  const counted = await matching.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  const total = Number(counted.total);
  if (page.limit === 0 || page.offset >= total) return { total, ids: [] };
  const rows = await matching
    .select('id')
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { total, ids: rows.map((row) => row.id) };
}

export async function insertProductOrderCancellation(
  tx: Tx,
  row: Insertable<ProductOrderCancellationsTable>,
): Promise<ProductOrderCancellationRow> {
  return tx.insertInto('product_order_cancellations').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findProductOrderCancellation(
  db: Db | Tx,
  id: string,
): Promise<ProductOrderCancellationRow | undefined> {
  return db.selectFrom('product_order_cancellations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The cancellation request of an order (a case has at most one: it withdrew the case). */
export async function findCancellationOfOrder(
  db: Db | Tx,
  caseId: string,
): Promise<ProductOrderCancellationRow | undefined> {
  return db.selectFrom('product_order_cancellations').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}
