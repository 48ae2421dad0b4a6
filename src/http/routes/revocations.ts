import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SIGNED_RESPONSE_COMPONENTS } from '../../domain/http-message-signatures.js';
import { markets } from '../../domain/policy/types.js';
import { REVOCATION_PAGE_DEFAULT, REVOCATION_PAGE_MAX, revocationReasons } from '../../domain/revocations.js';
import type { ApiScope } from '../../services/api-clients.service.js';
import { revocationKeySet, revocationPage, signFeedAnswer } from '../../services/revocation-feed.service.js';
import { requireClient } from '../auth.js';
import type { RouteDeps } from '../app.js';
import { errorResponses, instant } from '../responses.js';
import { MINUTE } from '../../domain/time.js';

const SCOPE: ApiScope = 'number-revocations:read';

const revocationEntry = z.object({
  id: z.string().describe('Stable id of the disconnection: the same as the id of its number.deactivated webhook event'),
  type: z.literal('number.deactivated'),
  msisdn: z.string().describe('The number, E.164'),
  market: z.enum(markets),
  disconnectedAt: instant.describe('When the network disconnected the number'),
  reason: z
    .enum(revocationReasons)
    .describe('Why: the holder surrendered it, non-use, failed re-verification, operator action'),
});

const revocationPageAnswer = z.object({
  entries: z.array(revocationEntry).describe('Oldest first, in the order the disconnections were recorded'),
  next: z.string().describe('Cursor to continue from (as since); the same as since when nothing new was there'),
  more: z.boolean().describe('The page was full: ask again at once with next'),
});

const signatureHeaders = {
  'content-digest': {
    type: 'string',
    description: 'RFC 9530: sha-256=:<base64 SHA-256 of the body>:',
  },
  'signature-input': {
    type: 'string',
    description: `RFC 9421: simexit=(${SIGNED_RESPONSE_COMPONENTS.map((c) => `"${c}"`).join(' ')});created=…;keyid="…";alg="ed25519";tag="simexit-revocations"`,
  },
  signature: {
    type: 'string',
    description: 'RFC 9421: simexit=:<base64 Ed25519 signature of the signature base>:',
  },
};

const jwk = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().describe('The public key, base64url (RFC 8037)'),
  kid: z.string().describe('The keyid answers are signed with (RFC 7638 thumbprint)'),
  alg: z.literal('EdDSA'),
  use: z.literal('sig'),
});

/** How long a relying party may keep the key set before asking again. */
const KEY_SET_MAX_AGE_SECONDS = (5 * MINUTE) / 1000;

/**
 * The revocation feed for relying parties (services/revocation-feed.service.ts; docs/REVOCATION-FEED.md):
 * - `GET /v1/numbers/revocations?since=&limit=` — a page of permanently disconnected numbers, with the
 *   client-credentials scope `number-revocations:read`; every answer (errors too) is signed;
 * - `GET /v1/numbers/revocations/keys` — the public key(s) as a JWK Set, open to anyone.
 */
export const revocationRoutes =
  ({ context }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/v1/numbers/revocations',
      {
        schema: {
          tags: ['numbers'],
          summary: 'Numbers permanently disconnected, oldest first, a page after a cursor; signed (RFC 9421, Ed25519)',
          querystring: z
            .object({
              since: z
                .string()
                .max(200)
                .optional()
                .describe('The next of the previous page; absent: from the beginning'),
              limit: z.coerce
                .number()
                .int()
                .min(1)
                .max(REVOCATION_PAGE_MAX)
                .default(REVOCATION_PAGE_DEFAULT)
                .describe(`Entries per page, 1 to ${REVOCATION_PAGE_MAX}`),
            })
            .strict(),
          response: {
            200: {
              description: 'A page of the feed',
              headers: signatureHeaders,
              content: { 'application/json': { schema: revocationPageAnswer } },
            },
            ...errorResponses,
          },
        },
        // The scope before the query: a client without it learns nothing about what the query must be.
        onRequest: async (request) => {
          await requireClient(context, request, SCOPE);
        },
        // Every answer of the feed is signed over its body as sent, refusals included, so a relying
        // party can tell simexit's answer from anyone else's before acting on it.
        onSend: async (request, reply, payload) => {
          if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
          const contentType = reply.getHeader('content-type');
          try {
            void reply.headers(
              await signFeedAnswer(context, {
                status: reply.statusCode,
                contentType: typeof contentType === 'string' ? contentType : '',
                body: payload,
              }),
            );
          } catch (error) {
            // Without the key (the database out of reach) the answer goes unsigned, which a relying
            // party refuses and asks again: never a silent answer signed with something else.
            request.log.error({ err: error }, 'revocation feed answer left unsigned');
          }
          return payload;
        },
      },
      async (request) => revocationPage(context, request.query),
    );

    app.get(
      '/v1/numbers/revocations/keys',
      {
        schema: {
          tags: ['numbers'],
          summary: "The revocation feed's public signing key, as a JWK Set (RFC 7517, RFC 8037 OKP)",
          security: [],
          response: { 200: z.object({ keys: z.array(jwk) }), ...errorResponses },
        },
      },
      async (_request, reply) => {
        void reply.header('cache-control', `public, max-age=${KEY_SET_MAX_AGE_SECONDS}`);
        return revocationKeySet(context);
      },
    );
  };
