import { z } from 'zod';
import { caseStates } from '../../domain/lifecycle.js';
import { lineStatuses } from '../../domain/line.js';
import { markets, productTypes } from '../../domain/policy/types.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { addCaseNote } from '../../services/case-actions.service.js';
import { getCaseView } from '../../services/case-query.service.js';
import { renderReceipt } from '../../services/receipt.service.js';
import { listWork, searchSubscribers } from '../../services/staff-desk.service.js';
import { workLists } from '../../domain/work-lists.js';
import { requireStaff } from '../auth.js';
import { attachment } from '../errors.js';
import type { RouteDeps } from '../app.js';
import { caseIdParams } from '../schemas.js';
import { staffCaseView, workRow } from '../case-view-schemas.js';
import { answerOf, errorResponses, fileResponse } from '../responses.js';

const searchResult = z.object({
  kind: z.enum(['msisdn', 'iccid', 'account']).describe('How the search text was read'),
  lines: z.array(
    z.object({
      msisdn: z.string(),
      iccid: z.string(),
      productType: z.enum(productTypes),
      market: z.enum(markets),
      status: z.enum(lineStatuses),
      subscriber: z.object({ id: z.string(), name: z.string(), market: z.enum(markets) }).nullable(),
      openCase: z.object({ id: z.uuid(), msisdn: z.string(), state: z.enum(caseStates) }).nullable(),
    }),
  ),
});

/** The receipt, a PDF. */
export const receiptResponse = fileResponse('The receipt (PDF)', ['application/pdf']);

/** What the console's desk needs beyond filing and deciding: search, work lists, notes, the receipt. */
export const staffDeskRoutes =
  ({ context }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/staff/search',
      {
        schema: {
          tags: ['staff'],
          summary: 'Find lines by phone number, SIM serial number (ICCID) or account login',
          querystring: z.object({ q: z.string().trim().min(3).max(100) }).strict(),
          response: { 200: searchResult, ...errorResponses },
        },
      },
      async (request) => {
        await requireStaff(context, request, 'line.lookup');
        return answerOf(searchResult, await searchSubscribers(context, request.query.q));
      },
    );

    app.get(
      '/v1/staff/work',
      {
        schema: {
          tags: ['staff'],
          summary: 'Work lists: failed executions, cases waiting on an outside system, card returns',
          querystring: z
            .object({
              list: z.enum(workLists),
              limit: z.coerce.number().int().min(1).max(200).default(100),
            })
            .strict(),
          response: { 200: z.object({ cases: z.array(workRow) }), ...errorResponses },
        },
      },
      async (request) => {
        await requireStaff(
          context,
          request,
          request.query.list === 'card_returns' ? 'card_return.record' : 'case.read',
        );
        return { cases: answerOf(z.array(workRow), await listWork(context, request.query.list, request.query.limit)) };
      },
    );

    app.post(
      '/v1/staff/cases/:id/notes',
      {
        schema: {
          tags: ['staff'],
          summary: 'Write on a case: a message the holder reads, or an internal note only staff see',
          params: caseIdParams,
          body: z
            .object({
              body: z.string().trim().min(1).max(4000),
              visibility: z.enum(['internal', 'subscriber']),
            })
            .strict(),
          response: { 201: staffCaseView, ...errorResponses },
        },
      },
      async (request, reply) => {
        const actor = await requireStaff(
          context,
          request,
          request.body.visibility === 'subscriber' ? 'case.message' : 'case.read',
        );
        await addCaseNote(context, actor, request.params.id, {
          body: request.body.body,
          internal: request.body.visibility === 'internal',
        });
        return reply.status(201).send(answerOf(staffCaseView, await getCaseView(context, actor, request.params.id)));
      },
    );

    app.get(
      '/v1/staff/cases/:id/receipt.pdf',
      {
        schema: {
          tags: ['staff'],
          summary: 'The case’s receipt (PDF), the same the holder gets online, to hand over or send',
          params: caseIdParams,
          response: { 200: receiptResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const receipt = await renderReceipt(
          context,
          await requireStaff(context, request, 'case.read'),
          request.params.id,
        );
        return reply
          .type('application/pdf')
          .header('content-disposition', attachment(receipt.filename))
          .send(Buffer.from(receipt.pdf));
      },
    );
  };
