import { randomBytes } from 'node:crypto';
import type { Tx } from '../db/database.js';
import { insertAudit } from '../db/repositories/cases.repository.js';
import {
  findDeliveryToSend,
  insertDeliveryUnlessQueued,
  insertWebhookSubscription,
  listDeliveryRows,
  recordDeliveryAttempt,
  reopenDelivery,
  subscriptionsWanting,
} from '../db/repositories/webhooks.repository.js';
import { SimexitError } from '../domain/errors.js';
import { isOneOf } from '../domain/one-of.js';
import { parseMsisdn } from '../domain/identifiers.js';
import { signPayload, SIGNATURE_HEADER } from '../domain/webhook-signature.js';
import type { ServiceContext } from './context.js';
import type { OwnershipRecord } from './number-ledger.service.js';
import { postPinned } from '../ports/adapters/http/pinned-post.js';
import { checkWebhookTarget } from './webhook-targets.service.js';

/**
 * Relying-party webhooks: a bank, payment app or messenger registers the numbers it relies on (or
 * all numbers) and is told when one is deactivated, quarantined, released or reassigned — how
 * "unbind the number from third-party services" happens. Deliveries are written with the ledger
 * entry that caused them, signed, retried with exponential backoff for days, then dead-lettered
 * for an admin to see and redeliver.
 */
export const webhookEventTypes = [
  'number.deactivated',
  'number.quarantined',
  'number.released',
  'number.reassigned',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export async function createSubscription(
  context: ServiceContext,
  clientId: string,
  input: { url: string; numbers: string[] | null; events: WebhookEventType[] },
) {
  const numbers = input.numbers === null ? null : [...new Set(input.numbers.map((n) => parseMsisdn(n)))];
  // Checked again before every delivery: a name may resolve elsewhere later.
  await checkWebhookTarget(context, input.url);
  const id = crypto.randomUUID();
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  await insertWebhookSubscription(context.db, {
    id,
    client_id: clientId,
    url: input.url,
    secret,
    numbers: numbers === null ? null : JSON.stringify(numbers),
    events: JSON.stringify(input.events),
    created_at: context.clock.now(),
    disabled_at: null,
  });
  await insertAudit(context.db, {
    subscriberId: null,
    actorKind: 'client',
    actorId: clientId,
    action: 'webhook.subscribed',
    target: `webhook:${id}`,
    data: { url: input.url, numbers: numbers?.length ?? 'all', events: input.events },
    at: context.clock.now(),
  });
  return { id, secret, url: input.url, numbers, events: input.events };
}

/** Inside the ledger's transaction: one delivery per subscription that wants this event. */
export async function queueWebhookEvents(context: ServiceContext, tx: Tx, record: OwnershipRecord): Promise<void> {
  const type = `number.${record.event}`;
  if (!isOneOf(webhookEventTypes, type)) return;
  const subscriptions = await subscriptionsWanting(tx, type, record.msisdn);
  for (const subscription of subscriptions) {
    const id = crypto.randomUUID();
    const payload = {
      id: record.dedupeKey,
      type,
      msisdn: record.msisdn,
      occurredAt: record.at.toISOString(),
      data: record.caseId ? { caseId: record.caseId } : {},
    };
    const queued = await insertDeliveryUnlessQueued(tx, {
      id,
      subscription_id: subscription.id,
      event_key: record.dedupeKey,
      event_type: type,
      msisdn: record.msisdn,
      payload: JSON.stringify(payload),
      created_at: context.clock.now(),
      last_status: null,
      last_error: null,
      delivered_at: null,
      dead_at: null,
    });
    if (queued) await context.queue.enqueue(tx, 'webhooks.deliver', { id });
  }
}

/**
 * Job webhooks.deliver:<deliveryId>. A 2xx answer delivers; anything else (or no answer within the
 * timeout) is retried by the queue; after the last retry the delivery is dead-lettered.
 */
export async function deliverWebhook(
  context: ServiceContext,
  deliveryId: string,
  attempt: { final: boolean },
): Promise<void> {
  const delivery = await findDeliveryToSend(context.db, deliveryId);
  if (!delivery || delivery.delivered_at || delivery.dead_at) return;
  const body = JSON.stringify(delivery.payload);
  let status: number | null = null;
  let failure: string | null = null;
  try {
    // Resolved and checked now, not only at registration; the connection goes to the checked address.
    const target = await checkWebhookTarget(context, delivery.url);
    const response = await postPinned({
      url: target.url,
      address: target.address,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'simexit-webhooks/1',
        'simexit-delivery': delivery.id,
        'simexit-event': delivery.event_type,
        [SIGNATURE_HEADER]: signPayload(delivery.secret, body, context.clock.now()),
      },
      body,
      timeoutMs: 10_000,
    });
    status = response.status;
    // A redirect is not followed (it could point anywhere): it counts as a failed delivery.
    if (status < 200 || status >= 300)
      failure = status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`;
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  await recordDeliveryAttempt(context.db, deliveryId, {
    status,
    error: failure,
    outcome: failure === null ? 'delivered' : attempt.final ? 'dead' : 'retried',
    at: context.clock.now(),
  });
  if (failure !== null && !attempt.final) throw new Error(`webhook delivery failed: ${failure}`);
}

export async function listDeliveries(
  context: ServiceContext,
  filter: { state: 'pending' | 'delivered' | 'dead'; limit: number },
) {
  return listDeliveryRows(context.db, filter);
}

/** An admin sends a dead-lettered (or stuck) delivery again, with the same delivery id. */
export async function redeliver(context: ServiceContext, staffId: string, deliveryId: string) {
  await context.db.transaction().execute(async (tx) => {
    if (!(await reopenDelivery(tx, deliveryId))) {
      throw new SimexitError('NOT_FOUND', 'There is no undelivered webhook delivery with this id.');
    }
    await context.queue.enqueue(tx, 'webhooks.deliver', { id: deliveryId });
    await insertAudit(tx, {
      subscriberId: null,
      actorKind: 'staff',
      actorId: staffId,
      action: 'webhook.redelivered',
      target: `webhook-delivery:${deliveryId}`,
      at: context.clock.now(),
    });
  });
}
