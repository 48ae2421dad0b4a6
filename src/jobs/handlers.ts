import type { ServiceContext } from '../services/context.js';
import { advanceBulkRun } from './bulk.advance.js';
import { deliverBulkBatch } from './bulk.deliver.js';
import { assessCases } from './case.assess.js';
import { executeCase } from './execution.run.js';
import { deliverOutboxMessages } from './outbox.deliver.js';
import type { JobHandlers } from './queue.js';
import { deliverWebhookJob } from './webhooks.deliver.js';

export function jobHandlers(context: ServiceContext): JobHandlers {
  return {
    'case.assess': { batch: assessCases(context) },
    'execution.run': executeCase(context),
    'outbox.urgent': { batch: deliverOutboxMessages(context) },
    'outbox.deliver': { batch: deliverOutboxMessages(context) },
    'webhooks.deliver': deliverWebhookJob(context),
    'bulk.advance': advanceBulkRun(context),
    'bulk.deliver': deliverBulkBatch(context),
  };
}
