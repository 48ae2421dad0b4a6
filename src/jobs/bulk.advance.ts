import { advanceRun, recordAdvanceFailure } from '../services/bulk-runs.service.js';
import type { ServiceContext } from '../services/context.js';
import type { JobHandler } from './queue.js';

/**
 * bulk.advance:<runId> — works a bulk run for one slice (set-based batches, paced to its lines per
 * second). The singleton key keeps one worker on a run at a time. After the last retry the error is
 * shown on the run and the scheduler wakes it again later: a run waits out an outage, it never stops.
 */
export const advanceBulkRun =
  (context: ServiceContext): JobHandler =>
  async (job) => {
    try {
      await advanceRun(context, job.data.id);
    } catch (error) {
      if (job.retryCount < job.retryLimit) throw error;
      await recordAdvanceFailure(context, job.data.id, error);
    }
  };
