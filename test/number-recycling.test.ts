import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DAY,
  HOUR,
  passLineEnd,
  personaLines,
  signInWithIccid,
  startHarness,
  type Harness,
} from './support/harness.js';

/**
 * CAMARA Number Recycling over the ownership ledger: a number cancelled by one subscriber and
 * reassigned to another after the specified date is "recycled"; the same holder's number is not;
 * errors come in CAMARA's format with its codes.
 */
describe('number recycling (CAMARA) and the ownership ledger', () => {
  let harness: Harness;
  let bank: string;
  let activation: string;
  let cancelledNumber: string;
  let keptNumber: string;
  let cancelledOn: string;

  const token = async (client: string, secret: string, scope?: string) => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: {
        authorization: `Basic ${Buffer.from(`${client}:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) }).toString(),
    });
    return { status: response.statusCode, body: response.json() };
  };
  const check = (payload: unknown, headers: Record<string, string> = {}, bearer: string | null = bank) =>
    harness.request({
      method: 'POST',
      url: '/number-recycling/v0.2/check',
      headers: { ...headers, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      payload: payload as Record<string, unknown>,
    });
  const assign = (msisdn: string, eventId: string) =>
    harness.request({
      method: 'POST',
      url: '/v1/numbers/assignments',
      token: activation,
      payload: { eventId, msisdn, subscriberRef: 'new-holder-1', assignedAt: harness.clock.now().toISOString() },
    });

  /** Tokens live an hour; the test clock jumps days, so clients fetch new ones as they would. */
  async function refreshTokens() {
    const issued = await token('demo-bank', 'demo-bank-secret');
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    assert.equal(issued.body.token_type, 'Bearer');
    assert.equal(issued.body.expires_in, 3600);
    bank = issued.body.access_token;
    activation = (await token('demo-activation', 'demo-activation-secret')).body.access_token;
  }

  before(async () => {
    harness = await startHarness({ start: '2026-03-02T09:00:00Z' });
    const lines = await personaLines(harness);
    const line = lines['uk-debt-arrangement']![0]!;
    cancelledNumber = line.msisdn;
    keptNumber = lines['uk-contract']![0]!.msisdn;
    const subscriber = await signInWithIccid(harness, line.msisdn, line.iccid);
    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token: subscriber,
      payload: { msisdn: line.msisdn },
    });
    assert.equal(created.status, 201);
    await harness.drain();
    await harness.advance(25 * HOUR);
    // A post-paid line with 30 days' notice: it is switched off on its end date.
    await passLineEnd(harness, created.body.id);
    cancelledOn = harness.clock.now().toISOString().slice(0, 10);
    await refreshTokens();
  });
  after(() => harness.close());

  test('cancelled but not yet reassigned: not recycled; the number cannot be assigned during quarantine', async () => {
    const response = await check({ phoneNumber: cancelledNumber, specifiedDate: '2026-03-01' });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepEqual(response.body, { phoneNumberRecycled: false });
    const early = await assign(cancelledNumber, 'activation-1');
    assert.equal(early.status, 409);
    assert.equal(early.body.error.code, 'NUMBER_IN_QUARANTINE');
  });

  test('reassigned to another subscriber after the date: recycled; before the reassignment date: not', async () => {
    await harness.advance(91 * DAY);
    const stale = await check({ phoneNumber: keptNumber, specifiedDate: '2026-01-01' });
    assert.equal(stale.status, 401, 'an expired token is refused');
    await refreshTokens();
    const assigned = await assign(cancelledNumber, 'activation-2');
    assert.equal(assigned.status, 202, JSON.stringify(assigned.body));
    assert.equal(assigned.body.event, 'reassigned');
    assert.equal((await assign(cancelledNumber, 'activation-2')).status, 202, 'the same event again changes nothing');
    const reassignedOn = harness.clock.now().toISOString().slice(0, 10);

    const since = await check({ phoneNumber: cancelledNumber, specifiedDate: cancelledOn });
    assert.deepEqual(since.body, { phoneNumberRecycled: true });
    // CAMARA v0.2.0: the date on which the current user signed their contract answers false.
    const sameDay = await check({ phoneNumber: cancelledNumber, specifiedDate: reassignedOn });
    assert.deepEqual(sameDay.body, { phoneNumberRecycled: false });
    await harness.advance(2 * DAY);
    await refreshTokens();
    const after = await check({
      phoneNumber: cancelledNumber,
      specifiedDate: harness.clock.now().toISOString().slice(0, 10),
    });
    assert.deepEqual(after.body, { phoneNumberRecycled: false }, `no change of hands after ${reassignedOn}`);

    const ledger = await harness.system.context.db
      .selectFrom('number_ownership_events')
      .select('event')
      .where('msisdn', '=', cancelledNumber)
      .orderBy('at')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      ledger.map((row) => row.event),
      ['deactivated', 'quarantined', 'released', 'reassigned'],
    );
  });

  test('the same holder’s number is not recycled', async () => {
    const response = await check({ phoneNumber: keptNumber, specifiedDate: '2026-01-01' });
    assert.deepEqual(response.body, { phoneNumberRecycled: false });
  });

  test('CAMARA errors: invalid dates, malformed numbers, missing identifiers, unknown numbers, bad tokens', async () => {
    const cases: [string, unknown, Record<string, string>, string | null, number, string][] = [
      ['impossible date', { phoneNumber: keptNumber, specifiedDate: '2026-02-30' }, {}, bank, 400, 'INVALID_ARGUMENT'],
      ['not a date', { phoneNumber: keptNumber, specifiedDate: 'yesterday' }, {}, bank, 400, 'INVALID_ARGUMENT'],
      [
        'a date-time',
        { phoneNumber: keptNumber, specifiedDate: '2026-01-01T00:00:00Z' },
        {},
        bank,
        400,
        'INVALID_ARGUMENT',
      ],
      ['a future date', { phoneNumber: keptNumber, specifiedDate: '2099-01-01' }, {}, bank, 400, 'OUT_OF_RANGE'],
      ['no date', { phoneNumber: keptNumber }, {}, bank, 400, 'INVALID_ARGUMENT'],
      [
        'national format',
        { phoneNumber: '07700900104', specifiedDate: '2026-01-01' },
        {},
        bank,
        400,
        'INVALID_ARGUMENT',
      ],
      ['letters', { phoneNumber: '+44abc', specifiedDate: '2026-01-01' }, {}, bank, 400, 'INVALID_ARGUMENT'],
      [
        'unknown field',
        { phoneNumber: keptNumber, specifiedDate: '2026-01-01', x: 1 },
        {},
        bank,
        400,
        'INVALID_ARGUMENT',
      ],
      ['missing identifier', { specifiedDate: '2026-01-01' }, {}, bank, 422, 'MISSING_IDENTIFIER'],
      [
        'unknown number',
        { phoneNumber: '+447700900999', specifiedDate: '2026-01-01' },
        {},
        bank,
        404,
        'IDENTIFIER_NOT_FOUND',
      ],
      ['no token', { phoneNumber: keptNumber, specifiedDate: '2026-01-01' }, {}, null, 401, 'UNAUTHENTICATED'],
      [
        'a made-up token',
        { phoneNumber: keptNumber, specifiedDate: '2026-01-01' },
        {},
        'x'.repeat(43),
        401,
        'UNAUTHENTICATED',
      ],
      [
        'another scope',
        { phoneNumber: keptNumber, specifiedDate: '2026-01-01' },
        {},
        activation,
        403,
        'PERMISSION_DENIED',
      ],
      [
        'bad x-correlator',
        { phoneNumber: keptNumber, specifiedDate: '2026-01-01' },
        { 'x-correlator': 'a b' },
        bank,
        400,
        'INVALID_ARGUMENT',
      ],
    ];
    for (const [name, payload, headers, bearer, status, code] of cases) {
      const response = await check(payload, headers, bearer);
      assert.equal(response.status, status, `${name}: ${JSON.stringify(response.body)}`);
      assert.deepEqual(Object.keys(response.body).sort(), ['code', 'message', 'status'], name);
      assert.equal(response.body.status, status, name);
      assert.equal(response.body.code, code, name);
    }
    const echoed = await check(
      { phoneNumber: keptNumber, specifiedDate: '2026-01-01' },
      { 'x-correlator': 'b4333c46-49c0-4f62-80d7-f0ef930f1c46' },
    );
    assert.equal(echoed.headers['x-correlator'], 'b4333c46-49c0-4f62-80d7-f0ef930f1c46');
  });

  test('OAuth errors follow RFC 6749', async () => {
    assert.deepEqual(await token('demo-bank', 'wrong'), { status: 401, body: { error: 'invalid_client' } });
    assert.deepEqual(await token('nobody', 'x'), { status: 401, body: { error: 'invalid_client' } });
    assert.deepEqual(await token('demo-bank', 'demo-bank-secret', 'numbers:events'), {
      status: 400,
      body: { error: 'invalid_scope' },
    });
    const password = await harness.app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: 'grant_type=password&client_id=demo-bank&client_secret=demo-bank-secret',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(password.statusCode, 400);
    assert.deepEqual(password.json(), { error: 'unsupported_grant_type' });
    const post = await harness.app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: 'grant_type=client_credentials&client_id=demo-bank&client_secret=demo-bank-secret',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(post.statusCode, 200);
  });
});
