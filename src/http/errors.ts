import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/database.js';
import { isSimexitError, SimexitError, type ErrorCode } from '../domain/errors.js';

interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** Fastify's own 4xx errors, mapped to simexit's stable codes. */
const fastifyCodes: Record<string, { code: ErrorCode; status: number; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE', status: 413, message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    status: 415,
    message: 'Send the request body as application/json.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'VALIDATION_FAILED',
    status: 400,
    message: 'The request body is not valid JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'VALIDATION_FAILED',
    status: 400,
    message: 'The request body is empty; send a JSON object.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'VALIDATION_FAILED',
    status: 400,
    message: 'The Content-Length header is wrong.',
  },
};

/**
 * Seconds a client is asked to wait while the database is unreachable: a restart or a managed
 * failover (Patroni and the like) usually completes within a few seconds to half a minute.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The answer while the database is unreachable: nothing was written, so the same request may be sent again. */
export function sendDatabaseUnavailable(reply: FastifyReply): FastifyReply {
  return reply
    .status(503)
    .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
    .type('application/json')
    .send({
      error: {
        code: 'SERVICE_UNAVAILABLE' satisfies ErrorCode,
        message: `The service is briefly unavailable. Nothing was changed; try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`,
      },
    });
}

/**
 * The one error handler: a SimexitError becomes `{ error: { code, message, details } }` with its
 * status; validation problems list every field; anything unexpected is a 500 with no internals,
 * logged with the request id so it can be found.
 */
export function registerErrorHandling(
  app: FastifyInstance,
  options: { notFoundPage?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | null } = {},
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (status: number, body: ErrorBody) => reply.status(status).type('application/json').send(body);
    if (isSimexitError(error)) {
      return send(error.status, {
        error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => ({
        field: [error.validationContext, ...String(issue.instancePath).split('/').filter(Boolean)].join('.'),
        message: issue.message,
      }));
      const first = issues[0];
      return send(400, {
        error: {
          code: 'VALIDATION_FAILED',
          message: first ? `${first.field}: ${first.message}` : 'The request is not valid.',
          details: { issues },
        },
      });
    }
    const known = error.code ? fastifyCodes[error.code] : undefined;
    if (known) return send(known.status, { error: { code: known.code, message: known.message } });
    if (error.statusCode === 429) {
      return send(429, { error: { code: 'RATE_LIMITED', message: 'Too many requests. Wait a moment and try again.' } });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(error.statusCode, { error: { code: 'VALIDATION_FAILED', message: error.message } });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return sendDatabaseUnavailable(reply);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(500, {
      error: {
        code: 'INTERNAL',
        message: `Something went wrong on our side. Quote reference ${request.id} if you contact us.`,
      },
    });
  });

  app.setNotFoundHandler(
    (request, reply) =>
      options.notFoundPage?.(request, reply) ??
      reply.status(404).send({
        error: { code: 'ROUTE_NOT_FOUND', message: `There is no ${request.method} ${request.url.split('?')[0]}.` },
      }),
  );
}

/**
 * Errors the router raises before any route runs (a URL that does not decode, a path value over
 * the length limit), answered in the same envelope as everything else.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const code: ErrorCode = 'VALIDATION_FAILED';
  void reply
    .status(400)
    .type('application/json')
    .send({
      error: {
        code,
        message:
          error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A value in the URL is too long.' : 'The URL is malformed.',
      },
    });
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const MAX_DEPTH = 32;

/**
 * The path to the first string PostgreSQL cannot store (NUL) or that is not valid Unicode, or to
 * a value nested deeper than any simexit request needs. Walks with a stack, not recursion.
 */
function unstorableText(root: unknown, rootPath: string): { field: string; problem: 'text' | 'depth' } | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: rootPath, depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000') || loneSurrogate.test(value)) return { field: path, problem: 'text' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_DEPTH) return { field: path, problem: 'depth' };
    for (const [key, item] of Object.entries(value)) {
      stack.push({ value: key, path, depth: depth + 1 }, { value: item, path: `${path}.${key}`, depth: depth + 1 });
    }
  }
  return null;
}

/** Refuses NUL characters and broken Unicode anywhere in a request, once for every route. */
export function rejectUnstorableText(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const parts = { body: request.body, params: request.params, querystring: request.query };
    for (const [part, value] of Object.entries(parts)) {
      const field = unstorableText(value, part);
      if (field) {
        throw new SimexitError(
          'VALIDATION_FAILED',
          `${field} contains a NUL character or broken Unicode; remove it and try again.`,
          {
            field,
          },
        );
      }
    }
  });
}

/** A Content-Disposition header that survives any filename (RFC 6266 with an RFC 5987 UTF-8 form). */
export function attachment(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
