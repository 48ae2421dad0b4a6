import { z } from 'zod';
import { errorCodes, type ErrorCode } from '../domain/errors.js';

/**
 * Response schemas shared by routes. A route declares what it answers under `schema.response`: the
 * declaration is its documentation in /openapi.json, the web apps' types are checked against it
 * (test/openapi-client.test.ts), and the serializer sends only the fields it names, so a field added
 * to a service's result reaches no client until a route declares it.
 */

/** The one error body (src/http/errors.ts sendError); docs/ERRORS.md explains each code. */
export const errorBody = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' })
  .describe('An error: a stable code (docs/ERRORS.md), a message a person can act on, and details');

/** Every route but the CAMARA and TMF622 ones (which answer in their standards' error forms) may answer these. */
export const errorResponses = { '4xx': errorBody, '5xx': errorBody } as const;

/** An answer with no body (204): documented without content (the transform writes `type: 'null'`). */
export const noContent = (description: string) => z.undefined().describe(description);

/** A file's bytes: sent as they are (Fastify serializes no Buffer), documented as a binary string. */
const fileBytes = z.custom<Uint8Array | string>().meta({ type: 'string', format: 'binary' });

/** An answer that is a file or a page rather than JSON: documented by its content types. */
export const fileResponse = (description: string, contentTypes: readonly string[]) => ({
  description,
  content: Object.fromEntries(contentTypes.map((type) => [type, { schema: fileBytes }] as const)),
});

/** A timestamp as the API writes it: ISO 8601 in UTC. */
export const instant = z.string().describe('An instant, ISO 8601 (e.g. 2026-11-23T10:00:00.000Z)');
/** A calendar day (YYYY-MM-DD). */
export const calendarDate = z.string().describe('A calendar day, YYYY-MM-DD');

/**
 * A service's result read through the route's response schema, for services whose declared types are
 * looser than what they return (instants typed `string | null` by presenters.ts `iso`, vocabularies
 * typed `string`, staff-only fields optional): parsed, so its type is the schema's and a value that
 * does not fit fails here (a 500, which the route's tests catch) instead of being asserted.
 */
export const answerOf = <S extends z.ZodType>(schema: S, value: unknown): z.output<S> => schema.parse(value);
