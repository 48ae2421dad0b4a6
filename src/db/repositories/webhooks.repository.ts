import { sql, type Insertable } from 'kysely';
import type { Db, Tx } from '../database.js';
import type { WebhookDeliveriesTable, WebhookSubscriptionsTable } from '../schema.js';

/**
 * Relying parties' webhook subscriptions (webhook_subscriptions) and the deliveries queued for them
 * (webhook_deliveries, one per subscription and event key).
 */
export type NewWebhookSubscription = Insertable<WebhookSubscriptionsTable>;
export type NewWebhookDelivery = Insertable<WebhookDeliveriesTable>;

export async function insertWebhookSubscription(db: Db | Tx, values: NewWebhookSubscription): Promise<void> {
  await db.insertInto('webhook_subscriptions').values(values).execute();
}

/** The enabled subscriptions that want events of `eventType` about `msisdn` (listed or all numbers). */
export async function subscriptionsWanting(db: Db | Tx, eventType: string, msisdn: string): Promise<{ id: string }[]> {
  return db
    .selectFrom('webhook_subscriptions')
    .select(['id'])
    .where('disabled_at', 'is', null)
    .where(sql<boolean>`events ? ${eventType}`)
    .where((eb) => eb.or([eb('numbers', 'is', null), sql<boolean>`numbers ? ${msisdn}`]))
    .execute();
}

/**
 * Queues a delivery unless its subscription already has one for the same event key.
 * @returns whether it was queued now.
 */
export async function insertDeliveryUnlessQueued(tx: Tx, values: NewWebhookDelivery): Promise<boolean> {
  const inserted = await tx
    .insertInto('webhook_deliveries')
    .values(values)
    .onConflict((conflict) => conflict.columns(['subscription_id', 'event_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** A delivery with where it goes and the secret it is signed with. */
export async function findDeliveryToSend(db: Db | Tx, id: string) {
  return db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_subscriptions', 'webhook_subscriptions.id', 'webhook_deliveries.subscription_id')
    .select([
      'webhook_deliveries.id',
      'webhook_deliveries.payload',
      'webhook_deliveries.event_type',
      'webhook_deliveries.delivered_at',
      'webhook_deliveries.dead_at',
      'webhook_subscriptions.url',
      'webhook_subscriptions.secret',
    ])
    .where('webhook_deliveries.id', '=', id)
    .executeTakeFirst();
}

/** Counts one attempt with its answer; `delivered` and `dead` also end the delivery at `at`. */
export async function recordDeliveryAttempt(
  db: Db | Tx,
  id: string,
  attempt: { status: number | null; error: string | null; outcome: 'delivered' | 'dead' | 'retried'; at: Date },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({
      attempts: sql`attempts + 1`,
      last_status: attempt.status,
      last_error: attempt.error,
      ...(attempt.outcome === 'delivered'
        ? { delivered_at: attempt.at }
        : attempt.outcome === 'dead'
          ? { dead_at: attempt.at }
          : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Deliveries in one state, newest first, as the admin console lists them. */
export async function listDeliveryRows(
  db: Db | Tx,
  filter: { state: 'pending' | 'delivered' | 'dead'; limit: number },
) {
  let query = db
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_subscriptions', 'webhook_subscriptions.id', 'webhook_deliveries.subscription_id')
    .select([
      'webhook_deliveries.id',
      'webhook_deliveries.event_type as eventType',
      'webhook_deliveries.msisdn',
      'webhook_deliveries.attempts',
      'webhook_deliveries.last_status as lastStatus',
      'webhook_deliveries.last_error as lastError',
      'webhook_deliveries.created_at as createdAt',
      'webhook_deliveries.delivered_at as deliveredAt',
      'webhook_deliveries.dead_at as deadAt',
      'webhook_subscriptions.url',
      'webhook_subscriptions.client_id as clientId',
    ]);
  if (filter.state === 'delivered') query = query.where('webhook_deliveries.delivered_at', 'is not', null);
  if (filter.state === 'dead') query = query.where('webhook_deliveries.dead_at', 'is not', null);
  if (filter.state === 'pending') {
    query = query.where('webhook_deliveries.delivered_at', 'is', null).where('webhook_deliveries.dead_at', 'is', null);
  }
  return query.orderBy('webhook_deliveries.created_at', 'desc').limit(filter.limit).execute();
}

/**
 * Takes an undelivered delivery out of the dead letters so it can be sent again.
 * @returns false when there is no undelivered delivery with this id.
 */
export async function reopenDelivery(tx: Tx, id: string): Promise<boolean> {
  const updated = await tx
    .updateTable('webhook_deliveries')
    .set({ dead_at: null })
    .where('id', '=', id)
    .where('delivered_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}
