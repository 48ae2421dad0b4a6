import type { ServiceContext } from '../services/context.js';
import { deliverWebhook } from '../services/webhooks.service.js';
import type { JobHandler } from './queue.js';

/** webhooks.deliver:<deliveryId> — POST one signed event to a relying party. */
export const deliverWebhookJob =
  (context: ServiceContext): JobHandler =>
  (job) =>
    deliverWebhook(context, job.data.id, { final: job.retryCount >= job.retryLimit });
