import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { pingDatabase } from '../../db/database.js';
import { countCasesByState } from '../../db/repositories/cases.repository.js';
import { countFailedMessages, countUndeliveredMessages } from '../../db/repositories/outbox-messages.repository.js';
import type { RouteDeps } from '../app.js';
import { sendDatabaseUnavailable } from '../errors.js';
import { errorResponses } from '../responses.js';

/** Liveness, readiness and Prometheus metrics. */
export const healthRoutes =
  ({ context, metrics }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          tags: ['operations'],
          summary: 'The process is alive',
          response: { 200: z.object({ status: z.literal('ok') }), ...errorResponses },
        },
      },
      async () => ({ status: 'ok' as const }),
    );

    app.get(
      '/readyz',
      {
        schema: {
          tags: ['operations'],
          summary: 'The database answers',
          response: { 200: z.object({ status: z.literal('ready') }), ...errorResponses },
        },
      },
      async (_request, reply) => {
        try {
          await pingDatabase(context.db);
          return { status: 'ready' as const };
        } catch {
          return sendDatabaseUnavailable(reply);
        }
      },
    );

    app.get(
      '/metrics',
      { schema: { tags: ['operations'], summary: 'Prometheus metrics', hide: true } },
      async (_request, reply) => reply.type(metrics.contentType).send(await metrics.metrics()),
    );
  };

/** One registry per app (tests build many apps in one process). */
export function createMetrics(context: RouteDeps['context']): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'simexit_cases',
    help: 'Cases by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const rows = await countCasesByState(context.db);
      this.reset();
      for (const row of rows) this.set({ state: row.state }, Number(row.n));
    },
  });
  new Gauge({
    name: 'simexit_outbox_undelivered',
    help: 'Outbox messages not yet delivered (and not given up)',
    registers: [registry],
    async collect() {
      this.set(await countUndeliveredMessages(context.db));
    },
  });
  new Gauge({
    name: 'simexit_outbox_failed',
    help: 'Outbox messages given up after their last delivery attempt',
    registers: [registry],
    async collect() {
      this.set(await countFailedMessages(context.db));
    },
  });
  return registry;
}
