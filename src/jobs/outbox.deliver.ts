import type { ServiceContext } from '../services/context.js';
import { deliverMessages } from '../services/notifications.service.js';
import type { BatchJobHandler } from './queue.js';

/**
 * outbox.deliver:<messageId> and outbox.urgent:<messageId> — hand messages to the SMS or e-mail
 * port, a fetched batch at a time.
 */
export const deliverOutboxMessages =
  (context: ServiceContext): BatchJobHandler =>
  (jobs) =>
    deliverMessages(
      context,
      jobs.map((job) => ({ messageId: job.data.id, final: job.retryCount >= job.retryLimit })),
    );
