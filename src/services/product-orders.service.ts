import { lockCase } from '../db/repositories/cases.repository.js';
import {
  findCancellationOfOrder,
  findProductOrderCancellation,
  insertProductOrderCancellation,
  pageOfBssOrders,
  type ProductOrderCancellationRow,
  type ProductOrderFilter,
} from '../db/repositories/product-orders.repository.js';
import { SimexitError } from '../domain/errors.js';
import { assertCanSee } from './case-actions.service.js';
import { applyCommand } from './case-transitions.js';
import { inTransaction, type Actor, type ServiceContext } from './context.js';
import { iso } from './presenters.js';

/** The TMF622 side of cases filed by the operator's BSS: listing its orders and cancelling them. */

export type { ProductOrderCancellationRow };

export const bssActor = (clientId: string): Actor => ({ kind: 'system', id: `bss:${clientId}` });

export interface CancellationRequest {
  orderId: string;
  reason: string | null;
  requestedDate: Date | null;
}

/**
 * A CancelProductOrder: withdraws the order's case and stores the request, in one transaction. The
 * same request sent again (a retry after a lost answer, or at the same time: the case's lock orders
 * them) answers the stored request with `replayed`; another request for an order already cancelled
 * by one is a 409. A case that cannot be withdrawn (executing, ended) is refused as the withdrawal
 * refuses it, and nothing is stored.
 */
export async function cancelProductOrder(
  context: ServiceContext,
  clientId: string,
  request: CancellationRequest,
): Promise<{ cancellation: ProductOrderCancellationRow; replayed: boolean }> {
  const now = context.clock.now();
  // The withdrawal is immediate: a later date would ask simexit to let the order run until then.
  if (request.requestedDate !== null && request.requestedDate > now) {
    throw new SimexitError(
      'VALIDATION_FAILED',
      'simexit cancels an order at once: leave out requestedCancellationDate or give a time that is not in the future.',
      { field: 'requestedCancellationDate' },
    );
  }
  const actor = bssActor(clientId);
  return inTransaction(context, async (tx) => {
    const row = await lockCase(tx, request.orderId);
    assertCanSee(actor, row);
    const stored = await findCancellationOfOrder(tx, row.id);
    if (stored) {
      if (!sameRequest(stored, clientId, request)) {
        throw new SimexitError(
          'IDEMPOTENCY_KEY_REUSED',
          `This order was already cancelled by another cancelProductOrder (${stored.id}), with a different reason or date.`,
          { cancelProductOrderId: stored.id },
        );
      }
      return { cancellation: stored, replayed: true };
    }
    const withdrawn = await applyCommand(context, tx, row, { type: 'withdraw', reason: 'holder_request' }, actor);
    const cancellation = await insertProductOrderCancellation(tx, {
      id: crypto.randomUUID(),
      case_id: row.id,
      subscriber_id: row.subscriber_id,
      client_id: clientId,
      cancellation_reason: request.reason,
      requested_cancellation_date: request.requestedDate,
      // The instant of the withdrawal event, so the order's cancellationDate is the same instant.
      cancelled_at: withdrawn.updated_at,
    });
    return { cancellation, replayed: false };
  });
}

function sameRequest(stored: ProductOrderCancellationRow, clientId: string, request: CancellationRequest): boolean {
  return (
    stored.client_id === clientId &&
    stored.cancellation_reason === request.reason &&
    iso(stored.requested_cancellation_date) === iso(request.requestedDate)
  );
}

/** @throws SimexitError NOT_FOUND when there is no cancellation request with this id. */
export async function loadProductOrderCancellation(
  context: ServiceContext,
  id: string,
): Promise<ProductOrderCancellationRow> {
  const found = await findProductOrderCancellation(context.db, id);
  if (!found) throw new SimexitError('NOT_FOUND', 'There is no cancelProductOrder with this id.');
  return found;
}

/** The cancellation request that withdrew an order, if a TMF622 client cancelled it. */
export async function cancellationOfOrder(
  context: ServiceContext,
  orderId: string,
): Promise<ProductOrderCancellationRow | undefined> {
  return findCancellationOfOrder(context.db, orderId);
}

/** One page of the orders a client filed, newest first, with the number that match in all. */
export async function listProductOrders(
  context: ServiceContext,
  filter: ProductOrderFilter,
  page: { offset: number; limit: number },
): Promise<{ total: number; ids: string[] }> {
  return pageOfBssOrders(context.db, filter, page);
}
