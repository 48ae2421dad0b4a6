import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { adminRunCommands, bulkLineStatuses, bulkStages } from '../../domain/bulk-runs.js';
import { markets } from '../../domain/policy/types.js';
import {
  commandRun,
  createRunFromList,
  createRunFromSelector,
  listRunViews,
  requestLineReinstatement,
  runLines,
  runRejections,
  runReportCsv,
  runView,
} from '../../services/bulk-runs.service.js';
import { requireStaff } from '../auth.js';
import type { RouteDeps } from '../app.js';
import { DAY_SECONDS } from '../../domain/time.js';
import { answerOf, errorResponses, fileResponse } from '../responses.js';
import { bulkRunView, createdRun, rowRejection, runLinePage } from '../bulk-run-schemas.js';

/** services/bulk-runs.service.ts BulkRunView. */

/** An uploaded list of a few million numbers is ~15 bytes a row. */
const LIST_BODY_LIMIT = 48 * 1024 * 1024;

const selector = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('unregistered'),
      registeredBefore: z.iso.date().describe('Lines whose holder did not register before this date'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('dormant_prepaid'),
      inactiveDays: z.number().int().min(1).max(3650).describe('Prepaid lines unused for this many days'),
    })
    .strict(),
]);

const settings = {
  market: z.enum(markets),
  name: z.string().trim().min(3).max(200),
  linesPerSecond: z.number().int().min(1).max(100_000).describe('Line-stages per second across the run'),
  batchSize: z.number().int().min(1).max(5000).optional(),
  stages: z.array(z.enum(bulkStages)).min(2).max(bulkStages.length).optional(),
  delaySeconds: z
    .object(
      Object.fromEntries(
        bulkStages.map((s) => [
          s,
          z
            .number()
            .int()
            .min(0)
            .max(10 * 365 * DAY_SECONDS)
            .optional(),
        ]),
      ),
    )
    .strict()
    .optional()
    .describe('Seconds after the line’s previous stage; unset stages take the market’s default'),
};

const runParams = z.object({ id: z.uuid() }).strict();

/** Bulk deactivation runs (admins), and reinstating one line of a run (the staff who talk to holders). */
export const bulkRunRoutes =
  ({ context }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/v1/admin/bulk-runs',
      {
        bodyLimit: LIST_BODY_LIMIT,
        schema: {
          tags: ['admin'],
          summary:
            'Start a bulk deactivation run from an uploaded list (csv) or a selector the CRM answers; bad rows are listed with nothing applied',
          body: z.union([
            z
              .object({
                ...settings,
                csv: z.string().min(1).max(LIST_BODY_LIMIT).describe('One number per row; optional header "msisdn"'),
                recheck: selector
                  .optional()
                  .describe('Asked again before each stage: lines it no longer picks are reinstated'),
              })
              .strict(),
            z.object({ ...settings, selector }).strict(),
          ]),
          response: { 201: createdRun, ...errorResponses },
        },
      },
      async (request, reply) => {
        const actor = await requireStaff(context, request, 'bulk.admin');
        const body = request.body;
        const created =
          'csv' in body
            ? await createRunFromList(context, actor, { ...body, recheck: body.recheck ?? null })
            : await createRunFromSelector(context, actor, body);
        return reply
          .status(201)
          .header('location', `/v1/admin/bulk-runs/${created.run.id}`)
          .send(answerOf(createdRun, created));
      },
    );

    app.get(
      '/v1/admin/bulk-runs',
      {
        schema: {
          tags: ['admin'],
          summary: 'Bulk runs, newest first',
          response: { 200: z.object({ runs: z.array(bulkRunView) }), ...errorResponses },
        },
      },
      async (request) => {
        await requireStaff(context, request, 'bulk.admin');
        return { runs: answerOf(z.array(bulkRunView), await listRunViews(context)) };
      },
    );

    app.get(
      '/v1/admin/bulk-runs/:id',
      {
        schema: {
          tags: ['admin'],
          summary: 'A run with its progress: lines per stage, ended lines, lines per second, expected end',
          params: runParams,
          response: { 200: bulkRunView, ...errorResponses },
        },
      },
      async (request) => {
        await requireStaff(context, request, 'bulk.admin');
        return answerOf(bulkRunView, await runView(context, request.params.id));
      },
    );

    for (const command of adminRunCommands) {
      app.post(
        `/v1/admin/bulk-runs/:id/${command}`,
        {
          schema: {
            tags: ['admin'],
            summary:
              command === 'cancel'
                ? 'Cancel a run: lines not yet deactivated are given back (bars lifted, holder told)'
                : `${command === 'pause' ? 'Pause' : 'Resume'} a run`,
            params: runParams,
            response: { 200: bulkRunView, ...errorResponses },
          },
        },
        async (request) => {
          const actor = await requireStaff(context, request, 'bulk.admin');
          return answerOf(bulkRunView, await commandRun(context, actor, request.params.id, command));
        },
      );
    }

    app.get(
      '/v1/admin/bulk-runs/:id/rejections',
      {
        schema: {
          tags: ['admin'],
          summary: 'The rows of the uploaded list that were not taken: row number, value, reason',
          params: runParams,
          response: { 200: z.object({ rejections: z.array(rowRejection) }), ...errorResponses },
        },
      },
      async (request) => {
        await requireStaff(context, request, 'bulk.admin');
        return { rejections: answerOf(z.array(rowRejection), await runRejections(context, request.params.id)) };
      },
    );

    app.get(
      '/v1/admin/bulk-runs/:id/lines',
      {
        schema: {
          tags: ['admin'],
          summary:
            'The lines of a run with one status, in number order: e.g. status=failed, the lines that could not be processed, with the reason',
          params: runParams,
          querystring: z
            .object({
              status: z.enum(bulkLineStatuses),
              after: z.string().max(32).optional().describe('The last number of the page before'),
              limit: z.coerce.number().int().min(1).max(1000).default(100),
            })
            .strict(),
          response: { 200: runLinePage, ...errorResponses },
        },
      },
      async (request) => {
        await requireStaff(context, request, 'bulk.admin');
        return answerOf(runLinePage, await runLines(context, request.params.id, request.query));
      },
    );

    app.get(
      '/v1/admin/bulk-runs/:id/report.csv',
      {
        schema: {
          tags: ['admin'],
          summary: 'The market report of a run: every line with its outcome and stage times, then the rejected rows',
          params: runParams,
          response: { 200: fileResponse('The report (CSV)', ['text/csv; charset=utf-8']), ...errorResponses },
        },
      },
      async (request, reply) => {
        await requireStaff(context, request, 'bulk.admin');
        await runView(context, request.params.id);
        const chunks: string[] = [];
        for await (const chunk of runReportCsv(context, request.params.id)) chunks.push(chunk);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="bulk-run-${request.params.id}.csv"`)
          .send(chunks.join(''));
      },
    );

    app.post(
      '/v1/staff/cases/:id/reinstate',
      {
        schema: {
          tags: ['staff'],
          summary:
            'Give a line of a bulk run back to its holder: bars lifted and the holder told (carried out by the run)',
          params: runParams,
          body: z.object({ note: z.string().trim().min(3).max(1000).describe('Why: kept in the audit log') }).strict(),
          response: {
            202: z.object({ caseId: z.uuid(), status: z.literal('reinstatement_requested') }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const actor = await requireStaff(context, request, 'bulk.reinstate');
        return reply
          .status(202)
          .send(await requestLineReinstatement(context, actor, request.params.id, request.body.note));
      },
    );
  };
