import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { channels, reviewableChannels } from '../../domain/evidence.js';
import { caseStates } from '../../domain/lifecycle.js';
import { markets, riskSignals } from '../../domain/policy/types.js';
import { getCaseView } from '../../services/case-query.service.js';
import { listReviewQueue, queueStates } from '../../services/review-queue.service.js';
import {
  approveCase,
  decideInBulk,
  recordCardReturn,
  rejectCase,
  requestInformation,
  retryExecution,
} from '../../services/review.service.js';
import { requireStaff } from '../auth.js';
import type { RouteDeps } from '../app.js';
import { caseIdParams, iccidString, rejectionReason } from '../schemas.js';
import { staffCaseView } from '../case-view-schemas.js';
import { answerOf, errorBody, errorResponses, instant } from '../responses.js';

const reviewQueuePage = z.object({
  cases: z.array(
    z.object({
      id: z.uuid(),
      reference: z.string(),
      msisdn: z.string(),
      market: z.enum(markets),
      channel: z.enum(channels),
      state: z.enum(caseStates),
      reviewRoute: z.enum(['auto', 'manual', 'second_approver']).nullable(),
      riskSignals: z.array(z.enum(riskSignals)),
      approvals: z.number().describe('How many approvals the current review has'),
      escalated: z.boolean(),
      escalations: z.number(),
      needsAnswerSince: instant.nullable().describe('The holder wrote and no member of staff has answered yet'),
      receivedAt: instant,
      deadline: instant.nullable(),
      sla: z
        .object({ status: z.enum(['ok', 'due_soon', 'overdue', 'paused']), workingHoursLeft: z.number() })
        .nullable()
        .describe('The review clock; null for a case outside review'),
    }),
  ),
  nextCursor: z.string().nullable().describe('Pass back as cursor for the next page; null on the last page'),
});

/** services/review.service.ts BulkResult: each case decided, or why not. */
const bulkResult = z.union([
  z.object({ caseId: z.uuid(), ok: z.literal(true), state: z.enum(caseStates) }),
  z.object({ caseId: z.uuid(), ok: z.literal(false), error: errorBody.shape.error.omit({ details: true }) }),
]);

/** Review: the queue of cases waiting for a person, and the decisions on them, one by one or in bulk. */
export const staffReviewRoutes =
  ({ context }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/staff/review-queue',
      {
        schema: {
          tags: ['staff'],
          summary:
            'Cases waiting for a person: in review by deadline, then those waiting on the subscriber by time left',
          querystring: z
            .object({
              market: z.enum(markets).optional(),
              channel: z.enum(reviewableChannels).optional(),
              riskSignal: z.enum(riskSignals).optional(),
              state: z
                .enum(queueStates)
                .optional()
                .describe('One group only (to_answer: holders waiting for an answer outside review); all when omitted'),
              escalated: z
                .enum(['true', 'false'])
                .transform((value) => value === 'true')
                .optional(),
              cursor: z.string().min(1).max(512).optional().describe('nextCursor of the previous page'),
              limit: z.coerce.number().int().min(1).max(200).default(50),
            })
            .strict(),
          response: { 200: reviewQueuePage, ...errorResponses },
        },
      },
      async (request) => {
        await requireStaff(context, request, 'review.queue');
        return answerOf(reviewQueuePage, await listReviewQueue(context, request.query));
      },
    );

    const bulkFields = {
      caseIds: z
        .array(z.uuid())
        .min(1)
        .max(100)
        .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, {
          message: 'List each case once.',
        }),
      note: z.string().max(2000).nullable().default(null),
    };
    app.post(
      '/v1/staff/cases/bulk',
      {
        schema: {
          tags: ['staff'],
          summary: 'Approve or reject up to 100 cases; each is decided on its own and reported on its own',
          body: z.discriminatedUnion('action', [
            z.object({ action: z.literal('approve'), ...bulkFields }).strict(),
            z.object({ action: z.literal('reject'), reason: rejectionReason, ...bulkFields }).strict(),
          ]),
          response: { 200: z.object({ results: z.array(bulkResult) }), ...errorResponses },
        },
      },
      async (request) => {
        const actor = await requireStaff(context, request, 'review.bulk');
        const body = request.body;
        const decision =
          body.action === 'approve'
            ? { action: 'approve' as const, note: body.note }
            : { action: 'reject' as const, reason: body.reason, note: body.note };
        return { results: answerOf(z.array(bulkResult), await decideInBulk(context, actor, body.caseIds, decision)) };
      },
    );

    const decisionRoute = <B extends z.ZodType>(
      path: string,
      summary: string,
      body: B,
      permission: Parameters<typeof requireStaff>[2],
      act: (actor: Awaited<ReturnType<typeof requireStaff>>, id: string, body: z.infer<B>) => Promise<unknown>,
    ) =>
      app.post(
        `/v1/staff/cases/:id/${path}`,
        {
          schema: {
            tags: ['staff'],
            summary,
            params: caseIdParams,
            body,
            response: { 200: staffCaseView, ...errorResponses },
          },
        },
        async (request) => {
          const actor = await requireStaff(context, request, permission);
          await act(actor, request.params.id, request.body as z.infer<B>);
          return answerOf(staffCaseView, await getCaseView(context, actor, request.params.id));
        },
      );

    decisionRoute(
      'approve',
      'Approve (a second, different supervisor approves where policy demands)',
      z
        .object({ note: z.string().max(2000).nullable().default(null) })
        .strict()
        .default({ note: null }),
      'review.decide',
      (actor, id, body) => approveCase(context, actor, id, body.note),
    );
    decisionRoute(
      'reject',
      'Reject with a reason code; the subscriber may apply again',
      z.object({ reason: rejectionReason, note: z.string().max(2000).nullable().default(null) }).strict(),
      'review.decide',
      (actor, id, body) => rejectCase(context, actor, id, body.reason, body.note),
    );
    decisionRoute(
      'request-info',
      'Ask the subscriber for information; the case waits for the answer',
      z.object({ message: z.string().trim().min(1).max(4000) }).strict(),
      'review.decide',
      (actor, id, body) => requestInformation(context, actor, id, body.message),
    );
    decisionRoute(
      'card-return',
      'Record a returned card; its ICCID must be the case’s card',
      z.object({ iccid: iccidString }).strict(),
      'card_return.record',
      (actor, id, body) => recordCardReturn(context, actor, id, body.iccid),
    );
    decisionRoute(
      'retry',
      'Retry execution of a failed case',
      z.object({}).strict().default({}),
      'execution.retry',
      (actor, id) => retryExecution(context, actor, id),
    );
  };
