import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
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

/**
 * fastify-type-provider-zod's object transform writes every named schema (`.meta({ id })`) to
 * components twice, as a request reads it (`…Input`) and as an answer writes it. The named schemas
 * here are answers, so this keeps only the components something in the document refers to.
 */
export function onlyReferencedComponents(transformObject: SwaggerTransformObject): SwaggerTransformObject {
  return (documentObject) => {
    const result = transformObject(documentObject);
    // Swagger 2.0 documents have no components; simexit serves OpenAPI 3.
    if (!('components' in result) || !result.components?.schemas) return result;
    const schemas: Record<string, unknown> = result.components.schemas;
    const referenced = new Set<string>();
    const visit = (value: unknown) => {
      for (const match of JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
        const name = match[1]!;
        if (!referenced.has(name)) {
          referenced.add(name);
          visit(schemas[name]);
        }
      }
    };
    visit({ ...result, components: { ...result.components, schemas: {} } });
    for (const name of Object.keys(schemas)) if (!referenced.has(name)) delete schemas[name];
    return result;
  };
}
