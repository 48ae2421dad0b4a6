import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/database.js';
import { errorCodes, isSimexitError, SimexitError, type ErrorCode } from '../domain/errors.js';

/**
 * Answers `{ error: { code, message, details } }` with the status the catalogue (domain/errors.ts)
 * gives the code, so a code never travels with another status.
 */
export function sendError(reply: FastifyReply, code: ErrorCode, message: string, details?: unknown): FastifyReply {
  return reply
    .status(errorCodes[code])
    .type('application/json')
    .send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

/** Fastify's own refusals of a malformed body, with a message that says what to correct. */
const fastifyMessages: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty; send a JSON object.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header is wrong.',
};

/**
 * The 4xx that Fastify and its plugins raise, by status (@fastify/static refuses a hidden or
 * escaping path with 403). Any other 4xx (an unsatisfiable byte range, 416) is VALIDATION_FAILED,
 * with that code's 400: a code keeps one status.
 */
const codeOfStatus: Partial<Record<number, { code: ErrorCode; message: string }>> = {
  403: { code: 'FORBIDDEN', message: 'This path may not be requested.' },
  404: { code: 'NOT_FOUND', message: 'There is nothing at this path.' },
  413: { code: 'BODY_TOO_LARGE', message: 'The request body is too large.' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the request body as application/json.' },
  429: { code: 'RATE_LIMITED', message: 'Too many requests. Wait a moment and try again.' },
};

/**
 * Seconds a client is asked to wait while the database is unreachable: a restart or a managed
 * failover (Patroni and the like) usually completes within a few seconds to half a minute.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The answer while the database is unreachable: nothing was written, so the same request may be sent again. */
export function sendDatabaseUnavailable(reply: FastifyReply): FastifyReply {
  return sendError(
    reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS)),
    'SERVICE_UNAVAILABLE',
    `The service is briefly unavailable. Nothing was changed; try again in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`,
  );
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
    if (isSimexitError(error)) return sendError(reply, error.code, error.message, error.details);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => ({
        field: [error.validationContext, ...String(issue.instancePath).split('/').filter(Boolean)].join('.'),
        message: issue.message,
      }));
      const first = issues[0];
      return sendError(
        reply,
        'VALIDATION_FAILED',
        first ? `${first.field}: ${first.message}` : 'The request is not valid.',
        {
          issues,
        },
      );
    }
    const known = codeOfStatus[error.statusCode ?? 0];
    if (known) return sendError(reply, known.code, known.message);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, 'VALIDATION_FAILED', (error.code && fastifyMessages[error.code]) || error.message);
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return sendDatabaseUnavailable(reply);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(
      reply,
      'INTERNAL',
      `Something went wrong on our side. Quote reference ${request.id} if you contact us.`,
    );
  });

  app.setNotFoundHandler(
    (request, reply) =>
      options.notFoundPage?.(request, reply) ??
      sendError(reply, 'ROUTE_NOT_FOUND', `There is no ${request.method} ${request.url.split('?')[0]}.`),
  );
}

/**
 * Errors the router raises before any route runs (a URL that does not decode, a path value over
 * the length limit), answered in the same envelope as everything else.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  void sendError(
    reply,
    'VALIDATION_FAILED',
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A value in the URL is too long.' : 'The URL is malformed.',
  );
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
