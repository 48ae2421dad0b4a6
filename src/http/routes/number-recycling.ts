import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../../db/database.js';
import { isSimexitError } from '../../domain/errors.js';
import type { ApiScope } from '../../services/api-clients.service.js';
import { wasRecycledSince } from '../../services/number-ledger.service.js';
import { requireClient } from '../auth.js';
import type { RouteDeps } from '../app.js';
import { DATABASE_RETRY_AFTER_SECONDS } from '../errors.js';

/**
 * CAMARA Number Recycling v0.2.0 (release r2.2; CAMARA Commonalities 0.6), registered under
 * `/number-recycling`: `POST /v0.2/check`, the path the definition names (the design guide writes
 * 0.x versions as `v0.y`), and the same at `/v0/check`, where relying parties integrated before
 * found it (documented as deprecated). Everything under the prefix answers in CAMARA's
 * `{ status, code, message }` form, echoes a well-formed `x-correlator`, and a wrong verb on a known
 * path is 405 METHOD_NOT_ALLOWED. The client's token is checked before the body is read, so a caller
 * without the right credential learns nothing about the body (401, then 403, then 400).
 */

const SCOPE: ApiScope = 'number-recycling:check';

/** The path the current definition serves first; the earlier one stays for existing integrations. */
const checkPaths = [
  { path: '/v0.2/check', operationId: 'checkNumberRecycling', deprecated: false },
  { path: '/v0/check', operationId: 'checkNumberRecyclingV0', deprecated: true },
] as const;

/** CAMARA Commonalities' x-correlator pattern, as written there. */
// eslint-disable-next-line no-useless-escape -- kept byte for byte as CAMARA writes it, so the documents match
const correlatorPattern = /^[a-zA-Z0-9-_:;.\/<>{}]{0,256}$/;
/** CAMARA's PhoneNumber: E.164 with a leading +. */
const phoneNumberPattern = /^\+[1-9][0-9]{4,14}$/;

/**
 * The `openId` scheme CAMARA APIs declare, with simexit's own discovery document (served in
 * numbers.ts): tokens come from the client-credentials grant at POST /oauth/token.
 */
export const camaraSecuritySchemes = {
  openId: { type: 'openIdConnect', openIdConnectUrl: '/.well-known/openid-configuration' },
} as const;

const correlatorHeader = {
  'x-correlator': {
    type: 'string',
    pattern: correlatorPattern.source,
    description: 'The x-correlator the request carried, echoed',
  },
};

const checkRequest = z
  .object({
    phoneNumber: z
      .string()
      .regex(phoneNumberPattern, { error: 'phoneNumber must be E.164 with a leading +, e.g. +447700900123.' })
      .optional()
      .describe(
        'The number to check, E.164 with a leading + (required with a client-credentials token, which names no subscriber)',
      ),
    specifiedDate: z.iso
      .date({ error: 'specifiedDate must be a full-date (RFC 3339), e.g. 2026-01-31.' })
      .describe('RFC 3339 full-date: has the number changed hands after this day?'),
  })
  .strict();

const checkHeaders = z.looseObject({
  'x-correlator': z
    .string()
    .regex(correlatorPattern, {
      error: 'The x-correlator header may hold up to 256 letters, digits and - _ : ; . / < > { } only.',
    })
    .optional()
    .describe('Correlation id for the different services; echoed in the response'),
});

/** A documented response: its description, the x-correlator header, and a JSON body. */
function documented(description: string, schema: z.ZodType) {
  return { description, headers: correlatorHeader, content: { 'application/json': { schema } } };
}

/** CAMARA's ErrorInfo narrowed to one status and the codes this operation answers with. */
function camaraError(status: number, description: string, codes: readonly [string, ...string[]]) {
  return documented(
    description,
    z
      .object({
        // CAMARA's ErrorInfo types status as an integer (zod would write a literal as a number).
        status: z.literal(status).meta({ type: 'integer' }),
        code: z.enum(codes),
        message: z.string(),
      })
      .strict(),
  );
}

/** The responses the definition lists for the check, with the codes it names for each. */
const checkResponses = {
  200: documented('OK', z.object({ phoneNumberRecycled: z.boolean() }).strict()),
  400: camaraError(400, 'Problem with the client request', ['INVALID_ARGUMENT', 'OUT_OF_RANGE']),
  401: camaraError(401, 'Authentication problem with the client request', ['UNAUTHENTICATED']),
  403: camaraError(403, 'Client does not have sufficient permission', ['PERMISSION_DENIED']),
  404: camaraError(404, 'The number is not one this operator holds', ['IDENTIFIER_NOT_FOUND']),
  422: camaraError(422, 'Unprocessable Content', [
    'SERVICE_NOT_APPLICABLE',
    'MISSING_IDENTIFIER',
    'UNNECESSARY_IDENTIFIER',
  ]),
};

class CamaraError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const UNAUTHENTICATED_MESSAGE = 'Request not authenticated due to missing, invalid, or expired credentials.';

function sendCamaraError(reply: FastifyReply, error: CamaraError) {
  return reply.status(error.status).send({ status: error.status, code: error.code, message: error.message });
}

function camaraErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  let camara: CamaraError;
  if (error instanceof CamaraError) camara = error;
  else if (isSimexitError(error) && error.code === 'UNAUTHENTICATED') {
    camara = new CamaraError(401, 'UNAUTHENTICATED', UNAUTHENTICATED_MESSAGE);
  } else if (hasZodFastifySchemaValidationErrors(error)) {
    // Say which field is wrong and how, so the caller can fix it.
    const issue = error.validation[0]!;
    const field = [error.validationContext, ...String(issue.instancePath).split('/').filter(Boolean)].join('.');
    camara = new CamaraError(400, 'INVALID_ARGUMENT', `${field}: ${issue.message}`);
  } else if (error.statusCode === 400 && !isSimexitError(error)) {
    camara = new CamaraError(
      400,
      'INVALID_ARGUMENT',
      'Client specified an invalid argument, request body or query param.',
    );
  } else if (isSimexitError(error) && error.status < 500) {
    camara = new CamaraError(400, 'INVALID_ARGUMENT', error.message);
  } else if (error.statusCode === 415) {
    camara = new CamaraError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.');
  } else if (error.statusCode === 413) {
    camara = new CamaraError(413, 'INVALID_ARGUMENT', 'The request body is too large.');
  } else if (isDatabaseUnavailable(error)) {
    void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    camara = new CamaraError(503, 'UNAVAILABLE', 'Service unavailable.');
  } else {
    request.log.error({ err: error }, 'number recycling check failed');
    camara = new CamaraError(500, 'INTERNAL', 'Server error.');
  }
  return sendCamaraError(reply, camara);
}

/** requireClient, answering in CAMARA's error format. */
async function requireCamaraScope(deps: RouteDeps, request: FastifyRequest) {
  try {
    return await requireClient(deps.context, request, SCOPE);
  } catch (error) {
    if (isSimexitError(error) && error.code === 'FORBIDDEN') {
      throw new CamaraError(
        403,
        'PERMISSION_DENIED',
        'Client does not have sufficient permissions to perform this action.',
      );
    }
    throw new CamaraError(401, 'UNAUTHENTICATED', UNAUTHENTICATED_MESSAGE);
  }
}

/** Register with `{ prefix: '/number-recycling' }`: the not-found handler below covers that prefix only. */
export const numberRecyclingRoutes =
  (deps: RouteDeps): FastifyPluginAsyncZod =>
  async (camara) => {
    camara.setErrorHandler(camaraErrorHandler);
    // CAMARA design guide: a well-formed x-correlator is echoed on every answer, errors included.
    camara.addHook('onSend', async (request, reply) => {
      const correlator = request.headers['x-correlator'];
      if (typeof correlator === 'string' && correlatorPattern.test(correlator))
        void reply.header('x-correlator', correlator);
    });
    const knownPaths = new Set(checkPaths.map(({ path }) => `${camara.prefix}${path}`));
    camara.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      if (knownPaths.has(path)) {
        void reply.header('allow', 'POST');
        return sendCamaraError(
          reply,
          new CamaraError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}; use POST.`),
        );
      }
      return sendCamaraError(
        reply,
        new CamaraError(
          404,
          'NOT_FOUND',
          `There is no ${path}; the check is POST ${camara.prefix}${checkPaths[0].path}.`,
        ),
      );
    });

    for (const { path, operationId, deprecated } of checkPaths) {
      camara.post(
        path,
        {
          schema: {
            tags: ['numbers'],
            operationId,
            deprecated,
            summary: deprecated
              ? `Deprecated: the same check as POST ${camara.prefix}${checkPaths[0].path}`
              : 'CAMARA Number Recycling: has the number changed hands since specifiedDate?',
            security: [{ openId: [SCOPE] }],
            headers: checkHeaders,
            body: checkRequest,
            response: checkResponses,
          },
          // The scope before the body: a client without it learns nothing about what the body must be.
          onRequest: async (request) => {
            await requireCamaraScope(deps, request);
          },
        },
        async (request) => {
          const { phoneNumber, specifiedDate } = request.body;
          if (phoneNumber === undefined) {
            throw new CamaraError(
              422,
              'MISSING_IDENTIFIER',
              'The device cannot be identified: phoneNumber is required.',
            );
          }
          if (new Date(`${specifiedDate}T00:00:00Z`) > deps.context.clock.now()) {
            throw new CamaraError(400, 'OUT_OF_RANGE', 'specifiedDate must not be in the future.');
          }
          const recycled = await wasRecycledSince(deps.context, phoneNumber, specifiedDate);
          // CAMARA Number Recycling v0.2.0, Generic404: a number this operator does not hold (one "used by a
          // different network operator") is 404 IDENTIFIER_NOT_FOUND, "Phone number not found."
          if (recycled === null) throw new CamaraError(404, 'IDENTIFIER_NOT_FOUND', 'Phone number not found.');
          return { phoneNumberRecycled: recycled };
        },
      );
    }
  };
