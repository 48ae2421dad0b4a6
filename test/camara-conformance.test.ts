import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { numberRecyclingDefinition as definition } from './support/camara-number-recycling.js';
import { clientToken, personaLines, startHarness, type Harness } from './support/harness.js';

/**
 * The CAMARA Number Recycling API as served (/openapi.json and behaviour) against the public
 * definition's facts written down in test/support/camara-number-recycling.ts.
 */
describe('CAMARA Number Recycling: the served contract matches the public definition', () => {
  let harness: Harness;
  let bank: string;
  let activation: string;
  let number: string;
  // Loosely typed: each assertion below states the shape it expects of the document.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let openapi: any;
  const deprecatedPath = '/number-recycling/v0/check';
  const checkPaths = [definition.checkPath, deprecatedPath];
  const correlator = 'b4333c46-49c0-4f62-80d7-f0ef930f1c46';

  before(async () => {
    harness = await startHarness();
    bank = await clientToken(harness, 'demo-bank', 'demo-bank-secret');
    activation = await clientToken(harness, 'demo-activation', 'demo-activation-secret');
    number = (await personaLines(harness))['uk-contract']![0]!.msisdn;
    const response = await harness.request({ method: 'GET', url: '/openapi.json' });
    assert.equal(response.status, 200);
    openapi = response.body;
  });
  after(() => harness.close());

  const operation = (path: string) => {
    const found = openapi.paths[path]?.[definition.method];
    assert.ok(found, `${definition.method.toUpperCase()} ${path} is documented`);
    return found;
  };
  const jsonSchema = (response: { content?: Record<string, { schema: unknown }> }, where: string) => {
    const schema = response.content?.['application/json']?.schema;
    assert.ok(schema, `${where}: a JSON body is documented`);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return schema as any;
  };
  const assertFields = (
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    schema: any,
    expected: { requiredFields: readonly string[]; fields: Record<string, Record<string, string>> },
    where: string,
  ) => {
    assert.equal(schema.type, 'object', where);
    assert.deepEqual([...(schema.required ?? [])].sort(), [...expected.requiredFields].sort(), `${where}: required`);
    assert.deepEqual(Object.keys(schema.properties).sort(), Object.keys(expected.fields).sort(), `${where}: fields`);
    for (const [field, facts] of Object.entries(expected.fields)) {
      for (const [keyword, value] of Object.entries(facts)) {
        assert.equal(schema.properties[field][keyword], value, `${where}: ${field}.${keyword}`);
      }
    }
  };
  const assertCorrelatorHeader = (
    response: { headers?: Record<string, { schema?: { pattern?: string } }> },
    where: string,
  ) =>
    assert.equal(
      response.headers?.[definition.xCorrelator.name]?.schema?.pattern,
      definition.xCorrelator.pattern,
      `${where}: the x-correlator response header`,
    );

  test('/openapi.json: the check at the v0.2 path, its operationId, security scheme and x-correlator', async () => {
    const check = operation(definition.checkPath);
    assert.equal(check.operationId, definition.operationId);
    assert.notEqual(check.deprecated, true);
    assert.deepEqual(check.security, [{ [definition.security.scheme]: definition.security.scopes }]);
    const scheme = openapi.components.securitySchemes[definition.security.scheme];
    assert.equal(scheme.type, definition.security.type);
    // The scheme's discovery document is served and names the token endpoint the API's clients use.
    const discovery = await harness.request({ method: 'GET', url: scheme.openIdConnectUrl });
    assert.equal(discovery.status, 200, scheme.openIdConnectUrl);
    assert.match(discovery.body.token_endpoint, /\/oauth\/token$/);
    assert.deepEqual(discovery.body.grant_types_supported, ['client_credentials']);
    for (const scope of definition.security.scopes) assert.ok(discovery.body.scopes_supported.includes(scope), scope);

    const headers = (check.parameters ?? []).filter(
      (parameter: { in: string; name: string }) =>
        parameter.in === definition.xCorrelator.in && parameter.name === definition.xCorrelator.name,
    );
    assert.equal(headers.length, 1, 'the x-correlator header parameter');
    assert.notEqual(headers[0].required, true, 'x-correlator is optional');
    assert.equal(headers[0].schema.type, 'string');
    assert.equal(headers[0].schema.pattern, definition.xCorrelator.pattern);
  });

  test('/openapi.json: request body fields, patterns and formats', () => {
    const body = operation(definition.checkPath).requestBody;
    assert.equal(body.required, definition.requestBody.required);
    assertFields(jsonSchema(body, 'request body'), definition.requestBody, 'request body');
  });

  test('/openapi.json: the 200 answer and exactly the error responses the definition lists, each in ErrorInfo form', () => {
    const responses = operation(definition.checkPath).responses;
    assert.deepEqual(Object.keys(responses).sort(), ['200', ...Object.keys(definition.errors)].sort());
    for (const status of Object.keys(definition.undocumentedErrors)) assert.equal(responses[status], undefined, status);
    assertFields(jsonSchema(responses['200'], '200'), definition.response200, '200');
    assertCorrelatorHeader(responses['200'], '200');
    for (const [status, codes] of Object.entries(definition.errors)) {
      const schema = jsonSchema(responses[status], status);
      assertFields(schema, definition.errorInfo, status);
      assert.deepEqual(schema.properties.status.enum, [Number(status)], `${status}: status`);
      assert.deepEqual([...schema.properties.code.enum].sort(), [...codes].sort(), `${status}: codes`);
      assertCorrelatorHeader(responses[status], status);
    }
  });

  test('/openapi.json: the earlier /v0 path is the same operation, marked deprecated', () => {
    const current = operation(definition.checkPath);
    const earlier = operation(deprecatedPath);
    assert.equal(earlier.deprecated, true);
    assert.notEqual(earlier.operationId, current.operationId, 'operationIds are unique');
    const { operationId: _a, deprecated: _b, summary: _c, ...same } = earlier;
    const { operationId: _d, deprecated: _e, summary: _f, ...sameCurrent } = current;
    assert.deepEqual(same, sameCurrent);
  });

  const check = (url: string, options: { payload?: unknown; token?: string; headers?: Record<string, string> } = {}) =>
    harness.request({
      method: 'POST',
      url,
      token: options.token,
      headers: options.headers,
      payload: (options.payload ?? { phoneNumber: number, specifiedDate: '2026-01-01' }) as Record<string, unknown>,
    });
  const assertCamaraError = (
    response: Awaited<ReturnType<Harness['request']>>,
    status: number,
    code: string,
    where: string,
  ) => {
    assert.equal(response.status, status, `${where}: ${JSON.stringify(response.body)}`);
    assert.deepEqual(Object.keys(response.body).sort(), [...definition.errorInfo.requiredFields].sort(), where);
    assert.equal(response.body.status, status, where);
    assert.equal(response.body.code, code, where);
    assert.ok(response.body.message.length > 10, `${where}: a message a person can act on`);
  };

  test('the v0.2 path answers, and the earlier /v0 path answers the same', async () => {
    const current = await check(definition.checkPath, { token: bank });
    assert.equal(current.status, 200, JSON.stringify(current.body));
    assert.deepEqual(Object.keys(current.body), ['phoneNumberRecycled']);
    assert.equal(typeof current.body.phoneNumberRecycled, 'boolean');
    const earlier = await check(deprecatedPath, { token: bank });
    assert.equal(earlier.status, 200);
    assert.deepEqual(earlier.body, current.body);
  });

  test('a wrong verb on a check path is 405 METHOD_NOT_ALLOWED in CAMARA’s shape, with Allow: POST', async () => {
    for (const url of checkPaths) {
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE'] as const) {
        for (const token of [undefined, bank]) {
          const where = `${method} ${url} ${token ? 'with' : 'without'} a token`;
          const response = await harness.request({ method, url, token, headers: { 'x-correlator': correlator } });
          assertCamaraError(response, 405, 'METHOD_NOT_ALLOWED', where);
          assert.equal(response.headers.allow, 'POST', where);
          assert.equal(response.headers['x-correlator'], correlator, where);
        }
      }
    }
    const head = await harness.app.inject({ method: 'HEAD', url: definition.checkPath });
    assert.equal(head.statusCode, 405);
    assert.equal(head.headers.allow, 'POST');
    const unknown = await harness.request({ method: 'POST', url: '/number-recycling/v0.2/verify', token: bank });
    assertCamaraError(unknown, 404, 'NOT_FOUND', 'an unknown path under the API');
  });

  test('authentication before the body: no token and a bad body is 401, another scope and a bad body is 403', async () => {
    const badBodies: [string, unknown][] = [
      ['an empty object', {}],
      ['an unknown field', { phoneNumber: number, specifiedDate: '2026-01-01', extra: true }],
      ['a malformed number', { phoneNumber: '07700 900', specifiedDate: '2026-01-01' }],
      ['a malformed date', { phoneNumber: number, specifiedDate: '31/01/2026' }],
      ['a JSON array', [1, 2]],
    ];
    for (const url of checkPaths) {
      for (const [name, payload] of badBodies) {
        assertCamaraError(await check(url, { payload }), 401, 'UNAUTHENTICATED', `${url}, no token, ${name}`);
        assertCamaraError(
          await check(url, { payload, token: 'x'.repeat(43) }),
          401,
          'UNAUTHENTICATED',
          `${url}, a made-up token, ${name}`,
        );
        assertCamaraError(
          await check(url, { payload, token: activation }),
          403,
          'PERMISSION_DENIED',
          `${url}, another scope, ${name}`,
        );
        assertCamaraError(await check(url, { payload, token: bank }), 400, 'INVALID_ARGUMENT', `${url}, ${name}`);
      }
      const notJson = await harness.request({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: '{"phoneNumber": ',
      });
      assertCamaraError(notJson, 401, 'UNAUTHENTICATED', `${url}, no token, a body that is not JSON`);
    }
    const invalid = await check(definition.checkPath, {
      token: bank,
      payload: { phoneNumber: '07700 900', specifiedDate: '2026-01-01' },
    });
    assert.match(invalid.body.message, /phoneNumber/, 'the message names the field');
  });

  test('x-correlator: echoed on answers and errors alike; a malformed one is 400 INVALID_ARGUMENT and not echoed', async () => {
    const cases: [string, () => ReturnType<typeof check>, number][] = [
      ['200', () => check(definition.checkPath, { token: bank, headers: { 'x-correlator': correlator } }), 200],
      [
        '400',
        () =>
          check(definition.checkPath, {
            token: bank,
            headers: { 'x-correlator': correlator },
            payload: { phoneNumber: number, specifiedDate: 'soon' },
          }),
        400,
      ],
      ['401', () => check(definition.checkPath, { headers: { 'x-correlator': correlator } }), 401],
      ['403', () => check(definition.checkPath, { token: activation, headers: { 'x-correlator': correlator } }), 403],
      [
        '404',
        () =>
          check(definition.checkPath, {
            token: bank,
            headers: { 'x-correlator': correlator },
            payload: { phoneNumber: '+33612345678', specifiedDate: '2026-01-01' },
          }),
        404,
      ],
      [
        '422',
        () =>
          check(deprecatedPath, {
            token: bank,
            headers: { 'x-correlator': correlator },
            payload: { specifiedDate: '2026-01-01' },
          }),
        422,
      ],
    ];
    for (const [name, send, status] of cases) {
      const response = await send();
      assert.equal(response.status, status, `${name}: ${JSON.stringify(response.body)}`);
      assert.equal(response.headers['x-correlator'], correlator, name);
    }
    for (const malformed of ['has spaces', 'x'.repeat(257), 'quote"d']) {
      const response = await check(definition.checkPath, { token: bank, headers: { 'x-correlator': malformed } });
      assertCamaraError(response, 400, 'INVALID_ARGUMENT', `x-correlator ${malformed.slice(0, 20)}`);
      assert.match(response.body.message, /x-correlator/);
      assert.equal(response.headers['x-correlator'], undefined, 'a malformed x-correlator is not echoed');
    }
    const without = await check(definition.checkPath, { token: bank });
    assert.equal(without.status, 200);
  });
});
