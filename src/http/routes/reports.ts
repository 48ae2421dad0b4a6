import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SimexitError } from '../../domain/errors.js';
import { getReport, listReports } from '../../services/market-reports.service.js';
import { backlogBuckets, reportSummary, reportSummaryCsv } from '../../services/staff-reports.service.js';
import { requireStaff } from '../auth.js';
import type { RouteDeps } from '../app.js';
import { attachment } from '../errors.js';
import { reportKinds } from '../../domain/market-reports.js';
import { markets } from '../../domain/policy/types.js';
import { calendarDate, errorResponses, fileResponse } from '../responses.js';

/** services/staff-reports.service.ts ReportSummary. */
const reportSummaryAnswer = z.object({
  from: calendarDate,
  to: calendarDate,
  market: z.enum(markets).nullable(),
  volumes: z.array(z.object({ market: z.string(), channel: z.string(), count: z.number() })),
  leavingReasons: z.array(z.object({ reason: z.string(), count: z.number() })),
  timeToComplete: z.object({
    completed: z.number(),
    p50Hours: z.number().nullable(),
    p90Hours: z.number().nullable(),
  }),
  sla: z.object({ met: z.number(), missed: z.number(), open: z.number() }),
  backlogAge: z.array(z.object({ bucket: z.enum(backlogBuckets), count: z.number() })),
});

const csv = (description: string) => fileResponse(description, ['text/csv; charset=utf-8']);

const summaryQuery = z
  .object({
    from: z.iso.date().describe('First day of case receipt (UTC), YYYY-MM-DD'),
    to: z.iso.date().describe('Last day of case receipt (UTC, inclusive); at most 366 days after from'),
    market: z.enum(markets).optional(),
  })
  .strict();

/**
 * Regulatory market reports (US disconnected numbers, CN unbinding list, every market's revocation
 * list; domain/market-reports.ts) for supervisors and admins, and the management summary of the
 * staff console (services/staff-reports.service.ts has the rules).
 */
export const reportRoutes =
  ({ context }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/staff/reports/summary',
      {
        schema: {
          tags: ['staff'],
          summary:
            'Volumes, reasons for leaving, time to complete, review SLA and backlog age of cases received in a range',
          querystring: summaryQuery,
          response: { 200: reportSummaryAnswer, ...errorResponses },
        },
      },
      async (request) => {
        await requireStaff(context, request, 'reports.view');
        return reportSummary(context, { ...request.query, market: request.query.market ?? null });
      },
    );

    app.get(
      '/v1/staff/reports/summary.csv',
      {
        schema: {
          tags: ['staff'],
          summary: 'The same summary as CSV (section,market,channel,key,value)',
          querystring: summaryQuery,
          response: { 200: csv('The summary, one figure a row'), ...errorResponses },
        },
      },
      async (request, reply) => {
        await requireStaff(context, request, 'reports.view');
        const summary = await reportSummary(context, { ...request.query, market: request.query.market ?? null });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', attachment(`simexit-report-${summary.from}-${summary.to}.csv`))
          .send(reportSummaryCsv(summary));
      },
    );

    app.get(
      '/v1/admin/reports',
      {
        schema: {
          tags: ['staff'],
          summary: 'Generated market reports, newest first',
          querystring: z.object({ market: z.enum(markets).optional() }).strict(),
          response: {
            200: z.object({
              reports: z.array(
                z.object({
                  id: z.uuid(),
                  market: z.string(),
                  kind: z.enum(reportKinds),
                  period: z.string(),
                  generatedAt: z.date(),
                  rowCount: z.number(),
                }),
              ),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        await requireStaff(context, request, 'reports.download');
        return { reports: await listReports(context, request.query.market) };
      },
    );

    app.get(
      '/v1/admin/reports/:id',
      {
        schema: {
          tags: ['staff'],
          summary: 'Download a market report (CSV)',
          params: z.object({ id: z.uuid() }).strict(),
          response: { 200: csv('The report'), ...errorResponses },
        },
      },
      async (request, reply) => {
        await requireStaff(context, request, 'reports.download');
        const report = await getReport(context, request.params.id);
        if (!report) throw new SimexitError('NOT_FOUND', 'There is no report with this id.');
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', attachment(`${report.kind}-${report.period}.csv`))
          .send(report.content);
      },
    );
  };
