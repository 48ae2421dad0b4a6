import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createSubscription, listDeliveries, redeliver, webhookEventTypes } from '../../services/webhooks.service.js';
import { requireClient, requireStaff } from '../auth.js';
import type { RouteDeps } from '../app.js';

/** Relying parties register webhooks with their OAuth client; admins watch deliveries and redeliver. */
export const webhookRoutes =
  ({ context }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/v1/relying-party/webhooks',
      {
        schema: {
          tags: ['numbers'],
          summary: 'Register a webhook for the numbers you rely on (or all numbers); the signing secret is shown once',
          body: z
            .object({
              url: z.url({ protocol: /^https?$/ }).max(2000),
              numbers: z.array(z.string().min(3).max(32)).min(1).max(10_000).nullable().describe('null: every number'),
              events: z
                .array(z.enum(webhookEventTypes))
                .min(1)
                .default([...webhookEventTypes]),
            })
            .strict(),
        },
      },
      async (request, reply) => {
        const grant = await requireClient(context, request, 'webhooks:manage');
        return reply.status(201).send(await createSubscription(context, grant.clientId, request.body));
      },
    );

    app.get(
      '/v1/admin/webhook-deliveries',
      {
        schema: {
          tags: ['staff'],
          summary: 'Webhook deliveries by state (dead: gave up after every retry)',
          querystring: z
            .object({
              state: z.enum(['pending', 'delivered', 'dead']).default('dead'),
              limit: z.coerce.number().int().min(1).max(500).default(100),
            })
            .strict(),
        },
      },
      async (request) => {
        await requireStaff(context, request, 'webhooks.admin');
        return { deliveries: await listDeliveries(context, request.query) };
      },
    );

    app.post(
      '/v1/admin/webhook-deliveries/:id/redeliver',
      {
        schema: {
          tags: ['staff'],
          summary: 'Send an undelivered webhook again (same delivery id)',
          params: z.object({ id: z.uuid() }).strict(),
        },
      },
      async (request, reply) => {
        const actor = await requireStaff(context, request, 'webhooks.admin');
        await redeliver(context, actor.id, request.params.id);
        return reply.status(202).send({ id: request.params.id, state: 'pending' });
      },
    );
  };
