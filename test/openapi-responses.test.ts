import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from './support/harness.js';

interface ResponseObject {
  description?: string;
  content?: Record<string, { schema?: unknown }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>;
  components?: { schemas?: Record<string, unknown> };
}

const methods = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * Every operation in the served /openapi.json documents what it answers: at least one 2xx with a body
 * schema (JSON, or a file's content type), or an explicitly empty answer (204). @fastify/swagger writes
 * `200: { description: 'Default Response' }` for a route that declares nothing; that fails here.
 */
describe('/openapi.json documents every answer', () => {
  let harness: Harness;
  let document: OpenApiDocument;

  before(async () => {
    harness = await startHarness();
    const response = await harness.request({ method: 'GET', url: '/openapi.json' });
    assert.equal(response.status, 200);
    document = response.body as OpenApiDocument;
  });
  after(() => harness.close());

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => methods.includes(method))
        .map(([method, operation]) => ({
          name: `${method.toUpperCase()} ${path}`,
          responses: operation.responses ?? {},
        })),
    );

  test('every operation has a 2xx answer with a body schema, or an explicit empty one', () => {
    const undocumented = operations()
      .filter(({ responses }) => {
        const success = Object.entries(responses).filter(([status]) => /^2(\d\d|XX)$/.test(status));
        return !success.some(
          ([status, response]) =>
            Object.values(response.content ?? {}).some((media) => media.schema !== undefined) ||
            (status === '204' && response.description !== 'Default Response'),
        );
      })
      .map(({ name }) => name);
    assert.deepEqual(undocumented, [], 'operations that do not document a 2xx answer');
  });

  test('every operation documents its errors', () => {
    const undocumented = operations()
      .filter(({ responses }) => !Object.keys(responses).some((status) => /^[45]/.test(status)))
      .map(({ name }) => name);
    assert.deepEqual(undocumented, [], 'operations that document no 4xx or 5xx answer');
  });

  test('every schema a response refers to is in the document', () => {
    const references = [...JSON.stringify(document.paths).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map(
      (match) => match[1]!,
    );
    const missing = [...new Set(references)].filter((name) => !document.components?.schemas?.[name]);
    assert.deepEqual(missing, []);
  });
});
