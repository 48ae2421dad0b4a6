import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  endSession,
  requestSubscriberCode,
  startStaffSession,
  startSubscriberSession,
} from '../../services/identity.service.js';
import { bearerToken } from '../auth.js';
import type { RouteDeps } from '../app.js';
import { iccidString, msisdnString } from '../schemas.js';

/** Per-IP limits on top of the per-number limits in the identity service. */
const codeRequestLimit = { rateLimit: { max: 10, timeWindow: '1 minute' } };
const codeAttemptLimit = { rateLimit: { max: 20, timeWindow: '1 minute' } };

export const authRoutes =
  ({ context }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/v1/auth/codes',
      {
        config: codeRequestLimit,
        schema: {
          tags: ['subscriber'],
          summary:
            'Send a one-time code: to the line (with the ICCID) or to the account e-mail (with the account login)',
          body: z
            .object({
              msisdn: msisdnString,
              iccid: iccidString.optional(),
              accountLogin: z.string().min(1).max(100).optional(),
            })
            .strict()
            .refine((b) => (b.iccid === undefined) !== (b.accountLogin === undefined), {
              message: 'Give either iccid or accountLogin, not both',
            }),
        },
      },
      async (request, reply) => reply.status(201).send(await requestSubscriberCode(context, request.body)),
    );

    app.post(
      '/v1/auth/sessions',
      {
        config: codeAttemptLimit,
        schema: {
          tags: ['subscriber'],
          summary: 'Exchange a one-time code for a session token (5 wrong codes lock the number)',
          body: z
            .object({ challengeId: z.uuid(), code: z.string().regex(/^\s*\d{6}\s*$/, 'The code has 6 digits') })
            .strict(),
        },
      },
      async (request, reply) => reply.status(201).send(await startSubscriberSession(context, request.body)),
    );

    app.delete(
      '/v1/auth/sessions/current',
      { schema: { tags: ['subscriber', 'staff'], summary: 'Sign out' } },
      async (request, reply) => {
        const token = bearerToken(request);
        if (token) await endSession(context, token);
        return reply.status(204).send();
      },
    );

    app.post(
      '/v1/staff/sessions',
      {
        config: codeAttemptLimit,
        schema: {
          tags: ['staff'],
          summary: 'Staff sign-in with e-mail and password',
          body: z.object({ email: z.email().max(254), password: z.string().min(1).max(200) }).strict(),
        },
      },
      async (request, reply) => reply.status(201).send(await startStaffSession(context, request.body)),
    );
  };
