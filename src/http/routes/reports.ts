import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SimexitError } from '../../domain/errors.js';
import { listReports } from '../../services/market-reports.service.js';
import { requireStaff } from '../auth.js';
import type { RouteDeps } from '../app.js';
import { attachment } from '../errors.js';

/** Regulatory market reports (US disconnected numbers, CN unbinding list) for supervisors and admins. */
export const reportRoutes =
  ({ context }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/admin/reports',
      {
        schema: {
          tags: ['staff'],
          summary: 'Generated market reports, newest first',
          querystring: z.object({ market: z.enum(['UK', 'DE', 'CN', 'US']).optional() }).strict(),
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
        },
      },
      async (request, reply) => {
        await requireStaff(context, request, 'reports.download');
        const report = await context.db
          .selectFrom('market_reports')
          .selectAll()
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!report) throw new SimexitError('NOT_FOUND', 'There is no report with this id.');
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', attachment(`${report.kind}-${report.period}.csv`))
          .send(report.content);
      },
    );
  };
