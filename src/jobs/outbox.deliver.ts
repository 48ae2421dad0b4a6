import type { ServiceContext } from '../services/context.js';
import { deliverMessage } from '../services/notifications.service.js';
import type { JobHandler } from './queue.js';

/** outbox.deliver:<messageId> and outbox.urgent:<messageId> — hand one message to the SMS or e-mail port. */
export const deliverOutboxMessage =
  (context: ServiceContext): JobHandler =>
  (job) =>
    deliverMessage(context, job.data.id, { final: job.retryCount >= job.retryLimit });
