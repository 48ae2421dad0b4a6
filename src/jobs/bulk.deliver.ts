import { deliverBatch } from '../services/bulk-runs.service.js';
import type { ServiceContext } from '../services/context.js';
import type { JobHandler } from './queue.js';

/** bulk.deliver:<batchId> — sends the messages one batch of a bulk run wrote to the outbox. */
export const deliverBulkBatch =
  (context: ServiceContext): JobHandler =>
  (job) =>
    deliverBatch(context, job.data.id, { final: job.retryCount >= job.retryLimit });
