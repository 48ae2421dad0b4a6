import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createSubscription, listDeliveries, redeliver, webhookEventTypes } from '../../services/webhooks.service.js';
import { requireClient, requireStaff } from '../auth.js';
import type { RouteDeps } from '../app.js';
import { errorResponses } from '../responses.js';

const subscription = z.object({
  id: z.uuid(),
  secret: z.string().describe('The signing secret: shown this once'),
  url: z.string(),
  numbers: z.array(z.string()).nullable().describe('null: every number'),
  events: z.array(z.enum(webhookEventTypes)),
});

const delivery = z.object({
  id: z.uuid(),
  eventType: z.string(),
  msisdn: z.string(),
  attempts: z.number(),
  lastStatus: z.number().nullable().describe("The receiver's last HTTP status"),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  deliveredAt: z.date().nullable(),
  deadAt: z.date().nullable(),
  url: z.string(),
  clientId: z.string(),
});

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
          response: { 201: subscription, ...errorResponses },
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
          response: { 200: z.object({ deliveries: z.array(delivery) }), ...errorResponses },
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
          response: { 202: z.object({ id: z.uuid(), state: z.literal('pending') }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const actor = await requireStaff(context, request, 'webhooks.admin');
        await redeliver(context, actor.id, request.params.id);
        return reply.status(202).send({ id: request.params.id, state: 'pending' as const });
      },
    );
  };
