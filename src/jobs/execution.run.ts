import type { ServiceContext } from '../services/context.js';
import { runExecution } from '../services/execution.service.js';
import type { JobHandler } from './queue.js';

/** execution.run:<caseId> — deactivate, final bill, balance, bound services, quarantine; then complete. */
export const executeCase =
  (context: ServiceContext): JobHandler =>
  (job) =>
    runExecution(context, job.data.id, { final: job.retryCount >= job.retryLimit });
