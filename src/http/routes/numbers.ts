import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../../db/database.js';
import { parseMsisdn } from '../../domain/identifiers.js';
import { apiScopes, issueToken } from '../../services/api-clients.service.js';
import { ownershipEvents, receiveAssignment } from '../../services/number-ledger.service.js';
import { announceSimChange } from '../../services/sim-changes.service.js';
import { requireClient } from '../auth.js';
import type { RouteDeps } from '../app.js';
import { DATABASE_RETRY_AFTER_SECONDS } from '../errors.js';
import { numberRecyclingRoutes } from './number-recycling.js';
import { errorResponses } from '../responses.js';

/** RFC 6749 §5.1: the token. */
const tokenAnswer = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().describe('Seconds'),
  scope: z.string(),
});
/** RFC 6749 §5.2: the token endpoint's errors. */
const oauthError = z
  .object({ error: z.string(), error_description: z.string().optional() })
  .describe('RFC 6749 §5.2 error (invalid_request, invalid_client, unsupported_grant_type, invalid_scope…)');

/**
 * Number lifecycle APIs for parties outside the operator's customer channels:
 * - `POST /oauth/token` — OAuth 2.0 client credentials (RFC 6749 §4.4), errors in RFC 6749 §5.2 form;
 * - `GET /.well-known/openid-configuration` — where to get such a token, for the CAMARA API's `openId` scheme;
 * - `POST /number-recycling/v0.2/check` — CAMARA Number Recycling v0.2.0 (number-recycling.ts), also at
 *   the deprecated `/number-recycling/v0/check`;
 * - `POST /v1/numbers/assignments` — the operator's activation system reports a number given to a
 *   subscriber, which is how simexit learns that a released number changed hands;
 * - `POST /v1/numbers/sim-changes` — the network reports a SIM change for a line, which every contact
 *   on file hears of at once.
 */

/**
 * Reads `Authorization: Basic` client credentials: base64 of `id:secret`, each part
 * application/x-www-form-urlencoded (RFC 6749 §2.3.1). Null when any part cannot be decoded.
 */
export function basicCredentials(header: string): { clientId: string; clientSecret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const formDecode = (part: string) => {
    try {
      return decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      return null;
    }
  };
  const clientId = formDecode(decoded.slice(0, colon));
  const clientSecret = formDecode(decoded.slice(colon + 1));
  return clientId === null || clientSecret === null ? null : { clientId, clientSecret };
}

export const numberRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(async (instance) => {
      const oauth = instance.withTypeProvider<ZodTypeProvider>();
      oauth.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
        done(null, Object.fromEntries(new URLSearchParams(String(body)))),
      );
      oauth.post(
        '/oauth/token',
        {
          config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
          schema: {
            tags: ['numbers'],
            summary: 'OAuth 2.0 client-credentials token (client_secret_basic or client_secret_post)',
            security: [],
            body: z.object({
              grant_type: z.string(),
              scope: z.string().max(500).optional(),
              client_id: z.string().max(200).optional(),
              client_secret: z.string().max(500).optional(),
            }),
            response: { 200: tokenAnswer, '4xx': oauthError, '5xx': oauthError },
          },
          errorHandler: (error, request, reply) => {
            void reply.header('cache-control', 'no-store');
            // The per-address limiter's refusal stays a 429 (RFC 6585), with its Retry-After.
            if (error.statusCode === 429) {
              return reply.status(429).send({
                error: 'too_many_requests',
                error_description: 'Too many token requests from this address. Wait a minute and try again.',
              });
            }
            if (error.statusCode !== undefined && error.statusCode < 500) {
              return reply
                .status(400)
                .send({ error: 'invalid_request', error_description: 'Send grant_type=client_credentials as a form.' });
            }
            if (isDatabaseUnavailable(error)) {
              return reply
                .status(503)
                .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
                .send({ error: 'temporarily_unavailable' });
            }
            request.log.error({ err: error }, 'token request failed');
            return reply.status(500).send({ error: 'server_error' });
          },
        },
        async (request, reply) => {
          void reply.header('cache-control', 'no-store');
          if (request.body.grant_type !== 'client_credentials') {
            return reply.status(400).send({ error: 'unsupported_grant_type' });
          }
          let clientId = request.body.client_id;
          let clientSecret = request.body.client_secret;
          const authorization = request.headers.authorization;
          if (authorization !== undefined && /^Basic\s/i.test(authorization)) {
            const credentials = basicCredentials(authorization);
            // RFC 6749 §2.3.1: id and secret are form-encoded before Basic; a client that cannot
            // be read is a malformed request (§5.2 invalid_request), never a server error.
            if (!credentials) {
              return reply.status(400).send({
                error: 'invalid_request',
                error_description:
                  'The Basic credentials are not base64 of "client_id:client_secret" with each part form-encoded.',
              });
            }
            if (clientId !== undefined || clientSecret !== undefined) {
              return reply.status(400).send({
                error: 'invalid_request',
                error_description: 'Send the client credentials once: in the Authorization header or in the body.',
              });
            }
            ({ clientId, clientSecret } = credentials);
          }
          if (!clientId || !clientSecret) {
            return reply
              .status(401)
              .header('www-authenticate', 'Basic realm="simexit"')
              .send({ error: 'invalid_client' });
          }
          const result = await issueToken(deps.context, { clientId, clientSecret, scope: request.body.scope ?? null });
          if (!result.ok && result.error === 'client_locked') {
            return reply
              .status(401)
              .header('www-authenticate', 'Basic realm="simexit"')
              .header(
                'retry-after',
                String(Math.max(1, Math.ceil((result.retryAt.getTime() - deps.context.clock.now().getTime()) / 1000))),
              )
              .send({
                error: 'invalid_client',
                error_description: `Too many failed authentications for this client; try again after ${result.retryAt.toISOString()}.`,
              });
          }
          if (!result.ok)
            return reply.status(result.error === 'invalid_client' ? 401 : 400).send({ error: result.error });
          return {
            access_token: result.accessToken,
            token_type: 'Bearer' as const,
            expires_in: result.expiresIn,
            scope: result.scope,
          };
        },
      );
    });

    await app.register(numberRecyclingRoutes(deps), { prefix: '/number-recycling' });

    // What camaraSecuritySchemes' openIdConnectUrl points at (RFC 8414 / OpenID Connect Discovery field
    // names). Only what simexit does is listed: the client-credentials grant at the token endpoint;
    // there is no authorization endpoint, so no response types, and tokens are opaque (no jwks_uri).
    app.get(
      '/.well-known/openid-configuration',
      {
        schema: {
          tags: ['numbers'],
          summary: 'How to get a token for the CAMARA API (client credentials)',
          security: [],
          response: {
            200: z.object({
              issuer: z.string(),
              token_endpoint: z.string(),
              grant_types_supported: z.array(z.string()),
              token_endpoint_auth_methods_supported: z.array(z.string()),
              scopes_supported: z.array(z.string()).readonly(),
              response_types_supported: z.array(z.string()),
            }),
            ...errorResponses,
          },
        },
      },
      async () => {
        const issuer = deps.context.config.PUBLIC_URL;
        return {
          issuer,
          token_endpoint: `${issuer}/oauth/token`,
          grant_types_supported: ['client_credentials'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
          scopes_supported: apiScopes,
          response_types_supported: [],
        };
      },
    );

    app.post(
      '/v1/numbers/assignments',
      {
        schema: {
          tags: ['numbers'],
          summary: 'The activation system reports that a number was assigned to a subscriber (idempotent by eventId)',
          body: z
            .object({
              eventId: z.string().min(1).max(200),
              msisdn: z.string().min(3).max(32),
              subscriberRef: z.string().min(1).max(200).nullable().default(null),
              assignedAt: z.iso.datetime({ offset: true }),
            })
            .strict(),
          response: {
            202: z.object({ event: z.enum(ownershipEvents).describe('What the assignment was recorded as') }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const grant = await requireClient(deps.context, request, 'numbers:events');
        const result = await receiveAssignment(deps.context, {
          eventId: `${grant.clientId}:${request.body.eventId}`,
          msisdn: parseMsisdn(request.body.msisdn),
          subscriberRef: request.body.subscriberRef,
          at: new Date(request.body.assignedAt),
          source: 'activation_system',
        });
        return reply.status(202).send(result);
      },
    );

    app.post(
      '/v1/numbers/sim-changes',
      {
        schema: {
          tags: ['numbers'],
          summary:
            'The network reports a SIM change (swap, replacement, eSIM transfer) of a line; every contact on file is told at once (idempotent by eventId)',
          body: z
            .object({
              eventId: z.string().min(1).max(200),
              msisdn: z.string().min(3).max(32),
              changedAt: z.iso.datetime({ offset: true }),
            })
            .strict(),
          response: {
            202: z.object({ announced: z.number().describe('How many contacts were told') }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const grant = await requireClient(deps.context, request, 'numbers:events');
        const result = await announceSimChange(deps.context, {
          eventId: `${grant.clientId}:${request.body.eventId}`,
          msisdn: parseMsisdn(request.body.msisdn),
          changedAt: new Date(request.body.changedAt),
          source: grant.clientId,
        });
        return reply.status(202).send(result);
      },
    );
  };
