import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { policies } from '../src/domain/policy/index.js';
import { startOfLocalDate } from '../src/domain/working-days.js';
import { clientToken, HOUR, passLineEnd, personaLines, startHarness, type Harness } from './support/harness.js';

/** The operator's BSS orders terminations as TMF622 productOrders and follows them to completion. */
describe('TMF622 product ordering', () => {
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;
  const BASE = '/tmf-api/productOrderingManagement/v4';

  before(async () => {
    harness = await startHarness();
    lines = await personaLines(harness);
  });
  /** A fresh token, as the BSS would fetch when the last one (1 h) expired. */
  const bssToken = () => clientToken(harness, 'demo-bss', 'demo-bss-secret');
  after(() => harness.close());

  const order = async (
    msisdn: string,
    options: { externalId?: string; action?: string; customer?: string; characteristics?: object[] } = {},
  ) =>
    harness.request({
      method: 'POST',
      url: `${BASE}/productOrder`,
      token: await bssToken(),
      payload: {
        externalId: options.externalId,
        description: 'Customer called the BSS hotline to terminate',
        relatedParty: options.customer
          ? [{ id: options.customer, role: 'Customer', '@referredType': 'Individual' }]
          : undefined,
        productOrderItem: [
          {
            id: '1',
            action: options.action ?? 'delete',
            product: {
              id: msisdn,
              productCharacteristic: [{ name: 'MSISDN', value: msisdn }, ...(options.characteristics ?? [])],
            },
            '@type': 'ProductOrderItem',
          },
        ],
        '@type': 'ProductOrder',
      },
    });
  const get = async (id: string) =>
    (await harness.request({ method: 'GET', url: `${BASE}/productOrder/${id}`, token: await bssToken() })).body;

  test('a delete item becomes a case: acknowledged → inProgress → completed, with the communication log as notes', async () => {
    const msisdn = lines['uk-contract']![0]!.msisdn;
    const created = await order(msisdn, {
      externalId: 'BSS-1001',
      customer: 'demo-uk-contract',
      characteristics: [{ name: 'acceptEarlyTerminationCharge', value: true }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body['@type'], 'ProductOrder');
    assert.equal(created.body.state, 'acknowledged');
    assert.equal(created.body.externalId, 'BSS-1001');
    assert.equal(created.body.productOrderItem[0].action, 'delete');
    assert.equal(created.headers.location, `${BASE}/productOrder/${created.body.id}`);

    const replay = await order(msisdn, {
      externalId: 'BSS-1001',
      customer: 'demo-uk-contract',
      characteristics: [{ name: 'acceptEarlyTerminationCharge', value: true }],
    });
    assert.equal(replay.status, 200);
    assert.equal(replay.body.id, created.body.id);

    await harness.drain();
    let current = await get(created.body.id);
    assert.equal(current.state, 'inProgress');
    assert.ok(current.note.length >= 2, 'receipt and "not you?" messages as notes');
    assert.ok(
      current.note.every((note: { '@type': string; text: string }) => note['@type'] === 'Note' && note.text.length > 0),
    );

    // Approved after cooling-off, the order waits for the end of the minimum term (no earlier date was
    // asked for): still in progress, completing on its expected date.
    await harness.advance(25 * HOUR);
    current = await get(created.body.id);
    assert.equal(current.state, 'inProgress');
    assert.equal(current.completionDate, undefined);
    const stored = await harness.system.context.db
      .selectFrom('cases')
      .select(['state', 'line_ends_on'])
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.state, 'scheduled');
    assert.equal(
      current.expectedCompletionDate,
      startOfLocalDate(String(stored.line_ends_on), policies.UK.timeZone).toISOString(),
    );

    await passLineEnd(harness, created.body.id);
    current = await get(created.body.id);
    assert.equal(current.state, 'completed');
    assert.ok(current.completionDate);
  });

  test('the expected completion is the start of the end date in the market of the line, not midnight UTC', async () => {
    const line = lines['cn-prepaid']![0]!;
    const created = await order(line.msisdn, { characteristics: [{ name: 'balanceDisposition', value: 'forfeit' }] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const stored = await harness.system.context.db
      .selectFrom('cases')
      .select('line_ends_on')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    // 00:00 in Beijing (UTC+8) is 16:00 UTC the day before.
    const expected = startOfLocalDate(String(stored.line_ends_on), policies.CN.timeZone);
    assert.equal(expected.getUTCHours(), 16);
    assert.equal(created.body.expectedCompletionDate, expected.toISOString());
  });

  test('an order the customer cannot place is refused in TMF error form', async () => {
    const debt = await order(lines['uk-debt']![0]!.msisdn);
    assert.equal(debt.status, 422);
    assert.equal(debt.body['@type'], 'Error');
    assert.equal(debt.body.code, 'CASE_NOT_ELIGIBLE');
    assert.equal(debt.body.status, '422');

    const add = await order(lines['de-prepaid']![0]!.msisdn, { action: 'add' });
    assert.equal(add.status, 400);
    assert.equal(add.body.code, 'VALIDATION_FAILED');

    const someoneElse = await order(lines['de-prepaid']![0]!.msisdn, { customer: 'demo-uk-debt' });
    assert.equal(someoneElse.status, 422);
    assert.equal(someoneElse.body.code, 'IDENTITY_MISMATCH');

    const anonymous = await harness.request({ method: 'GET', url: `${BASE}/productOrder/${crypto.randomUUID()}` });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body['@type'], 'Error');
  });

  test('cancelProductOrder withdraws the termination before execution', async () => {
    const created = await order(lines['de-prepaid']![0]!.msisdn, {
      externalId: 'BSS-1002',
      characteristics: [{ name: 'balanceDisposition', value: 'refund' }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const cancelled = await harness.request({
      method: 'POST',
      url: `${BASE}/cancelProductOrder`,
      token: await bssToken(),
      payload: { productOrder: { id: created.body.id }, cancellationReason: 'customer changed their mind' },
    });
    assert.equal(cancelled.status, 201, JSON.stringify(cancelled.body));
    assert.equal(cancelled.body.productOrder.state, 'cancelled');
  });
});
