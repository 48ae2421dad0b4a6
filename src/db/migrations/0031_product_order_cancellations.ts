import { sql, type Kysely } from 'kysely';

/**
 * TMF622 (issue 12).
 *
 * `product_order_cancellations`: a CancelProductOrder the operator's BSS posted, a resource with its
 * own id (TMF622: "id of the cancellation request (this is not an order id)"). simexit withdraws the
 * case in the same transaction, so a stored request is always done and `cancelled_at` is when the case
 * was withdrawn. One per case: a retried POST for the same order answers the stored request.
 *
 * `cases_bss_orders`: the orders one API client filed (channel `bss`, `verification.clientId`), newest
 * first, for `GET /productOrder` and its paging.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table product_order_cancellations (
      id uuid primary key,
      case_id uuid not null unique references cases(id),
      subscriber_id text not null,
      client_id text not null,
      cancellation_reason text,
      requested_cancellation_date timestamptz,
      cancelled_at timestamptz not null
    );
    create index cases_bss_orders on cases ((verification->>'clientId'), received_at desc, id desc)
      where channel = 'bss';
  `.execute(db);
}
