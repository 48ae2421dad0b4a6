import { runAssessment } from '../services/assessment.service.js';
import type { ServiceContext } from '../services/context.js';
import type { JobHandler } from './queue.js';

/** case.assess:<caseId> — re-verify, re-check eligibility, weigh risk, start cooling-off. */
export const assessCase =
  (context: ServiceContext): JobHandler =>
  (job) =>
    runAssessment(context, job.data.id, { final: job.retryCount >= job.retryLimit });
