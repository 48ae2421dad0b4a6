import type { SwaggerTransform } from '@fastify/swagger';
import type { FastifySchema } from 'fastify';

/**
 * fastify-type-provider-zod's transform rebuilds each response of a route from its zod schema and
 * drops the rest, so a response's documented `headers` (plain JSON Schema, e.g. CAMARA's echoed
 * x-correlator) would vanish from /openapi.json. This puts them back after the transform.
 */
export function keepResponseHeaders<S extends FastifySchema>(transform: SwaggerTransform<S>): SwaggerTransform<S> {
  return (document) => {
    const result = transform(document);
    const declared = document.schema?.response as Record<string, { headers?: unknown }> | undefined;
    const built = result.schema?.response as Record<string, object> | undefined;
    if (declared && built) {
      for (const [status, response] of Object.entries(declared)) {
        if (response?.headers && built[status]) built[status] = { ...built[status], headers: response.headers };
      }
    }
    return result;
  };
}
