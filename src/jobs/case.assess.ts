import { runAssessments } from '../services/assessment.service.js';
import type { ServiceContext } from '../services/context.js';
import type { BatchJobHandler } from './queue.js';

/** case.assess:<caseId> — re-verify, re-check eligibility, weigh risk, start cooling-off; a fetched batch at a time. */
export const assessCases =
  (context: ServiceContext): BatchJobHandler =>
  (jobs) =>
    runAssessments(
      context,
      jobs.map((job) => ({ caseId: job.data.id, final: job.retryCount >= job.retryLimit })),
    );
