import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { policies } from '../src/domain/policy/index.js';
import { startOfLocalDate } from '../src/domain/working-days.js';
import { createApiClient } from '../src/services/api-clients.service.js';
import {
  clientToken,
  HOUR,
  passLineEnd,
  personaLines,
  signInWithIccid,
  startHarness,
  type Harness,
} from './support/harness.js';

/**
 * The resources of TM Forum's TMF622 Product Ordering v4 definition (tmforum-apis/TMF622_ProductOrder,
 * TMF622-ProductOrder-v4.0.0.swagger.json), as far as simexit answers with them: each one's fields,
 * the fields it requires, its enumerations, and the resources of its nested fields. An answer, and the
 * served OpenAPI document, may use these fields only.
 */
interface TmfResource {
  fields: readonly string[];
  required: readonly string[];
  enums?: Record<string, readonly string[]>;
  nested?: Record<string, TmfResource>;
}
const polymorphism = ['@baseType', '@schemaLocation', '@type'];
const productOrderStateType = [
  'acknowledged',
  'rejected',
  'pending',
  'held',
  'inProgress',
  'cancelled',
  'completed',
  'failed',
  'partial',
  'assessingCancellation',
  'pendingCancellation',
];
const Characteristic: TmfResource = {
  fields: ['name', 'valueType', 'value', ...polymorphism],
  required: ['name', 'value'],
};
const ProductRefOrValue: TmfResource = {
  fields: [
    'id',
    'href',
    'description',
    'isBundle',
    'isCustomerVisible',
    'name',
    'orderDate',
    'productSerialNumber',
    'startDate',
    'terminationDate',
    'agreement',
    'billingAccount',
    'place',
    'product',
    'productCharacteristic',
    'productOffering',
    'productOrderItem',
    'productPrice',
    'productRelationship',
    'productSpecification',
    'productTerm',
    'realizingResource',
    'realizingService',
    'relatedParty',
    'status',
    ...polymorphism,
    '@referredType',
  ],
  required: [],
  nested: { productCharacteristic: Characteristic },
};
const ProductOrderItem: TmfResource = {
  fields: [
    'id',
    'quantity',
    'action',
    'appointment',
    'billingAccount',
    'itemPrice',
    'itemTerm',
    'itemTotalPrice',
    'payment',
    'product',
    'productOffering',
    'productOfferingQualificationItem',
    'productOrderItem',
    'productOrderItemRelationship',
    'qualification',
    'quoteItem',
    'state',
    ...polymorphism,
  ],
  required: ['id', 'action'],
  enums: {
    action: ['add', 'modify', 'delete', 'noChange'],
    // ProductOrderItemStateType: the order's states but `partial`.
    state: productOrderStateType.filter((state) => state !== 'partial'),
  },
  nested: { product: ProductRefOrValue },
};
const Note: TmfResource = { fields: ['id', 'author', 'date', 'text', ...polymorphism], required: ['text'] };
const ProductOrder: TmfResource = {
  fields: [
    'id',
    'href',
    'cancellationDate',
    'cancellationReason',
    'category',
    'completionDate',
    'description',
    'expectedCompletionDate',
    'externalId',
    'notificationContact',
    'orderDate',
    'priority',
    'requestedCompletionDate',
    'requestedStartDate',
    'agreement',
    'billingAccount',
    'channel',
    'note',
    'orderTotalPrice',
    'payment',
    'productOfferingQualification',
    'productOrderItem',
    'quote',
    'relatedParty',
    'state',
    ...polymorphism,
  ],
  required: ['productOrderItem'],
  enums: { state: productOrderStateType },
  nested: { productOrderItem: ProductOrderItem, note: Note },
};
const ProductOrderRef: TmfResource = {
  fields: ['id', 'href', 'name', ...polymorphism, '@referredType'],
  required: ['id'],
};
const CancelProductOrder: TmfResource = {
  fields: [
    'id',
    'href',
    'cancellationReason',
    'effectiveCancellationDate',
    'requestedCancellationDate',
    'productOrder',
    'state',
    ...polymorphism,
  ],
  required: ['productOrder'],
  enums: { state: ['acknowledged', 'terminatedWithError', 'inProgress', 'done'] },
  // simexit's productOrder is the ProductOrderRef and, with it, the order as it stands (a ref or value).
  nested: {
    productOrder: {
      ...ProductOrder,
      fields: [...new Set([...ProductOrderRef.fields, ...ProductOrder.fields])],
      required: [...ProductOrderRef.required, ...ProductOrder.required],
    },
  },
};
const TmfError: TmfResource = {
  fields: ['code', 'reason', 'message', 'status', 'referenceError', ...polymorphism],
  required: ['code', 'reason'],
};

/** An answer uses the resource's fields only, carries the required ones and keeps to its enumerations. */
function assertFitsResource(value: unknown, resource: TmfResource, where: string): void {
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value), `${where} is an object`);
  const body = value as Record<string, unknown>;
  for (const key of Object.keys(body)) assert.ok(resource.fields.includes(key), `${where}.${key} is no TMF622 field`);
  for (const key of resource.required) assert.ok(body[key] !== undefined, `${where}.${key} is required`);
  for (const [key, allowed] of Object.entries(resource.enums ?? {})) {
    if (body[key] !== undefined) assert.ok(allowed.includes(String(body[key])), `${where}.${key}: ${body[key]}`);
  }
  for (const [key, inner] of Object.entries(resource.nested ?? {})) {
    const nested = body[key];
    if (Array.isArray(nested))
      nested.forEach((item, index) => assertFitsResource(item, inner, `${where}.${key}[${index}]`));
    else if (nested !== undefined) assertFitsResource(nested, inner, `${where}.${key}`);
  }
}

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
}

/** The same check on a JSON schema of the served OpenAPI document: it may declare nothing else. */
function assertSchemaFitsResource(schema: JsonSchema | undefined, resource: TmfResource, where: string): void {
  assert.ok(schema?.properties, `${where} declares its properties: ${JSON.stringify(schema)}`);
  for (const key of Object.keys(schema.properties)) {
    assert.ok(resource.fields.includes(key), `${where}.${key} is no TMF622 field`);
  }
  for (const key of resource.required) assert.ok(schema.required?.includes(key), `${where}.${key} is required`);
  for (const [key, allowed] of Object.entries(resource.enums ?? {})) {
    const property = schema.properties[key];
    if (!property) continue;
    const values = property.enum ?? (property.const !== undefined ? [property.const] : undefined);
    assert.ok(values, `${where}.${key} lists its values`);
    for (const value of values) assert.ok(allowed.includes(String(value)), `${where}.${key}: ${value}`);
  }
  for (const [key, inner] of Object.entries(resource.nested ?? {})) {
    const property = schema.properties[key];
    if (!property) continue;
    assertSchemaFitsResource(property.type === 'array' ? property.items : property, inner, `${where}.${key}`);
  }
}

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
    options: {
      externalId?: string;
      action?: string;
      customer?: string;
      characteristics?: object[];
      token?: string;
    } = {},
  ) =>
    harness.request({
      method: 'POST',
      url: `${BASE}/productOrder`,
      token: options.token ?? (await bssToken()),
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
  const cancel = async (payload: object, token?: string) =>
    harness.request({
      method: 'POST',
      url: `${BASE}/cancelProductOrder`,
      token: token ?? (await bssToken()),
      payload,
    });
  const list = async (query: string, token?: string) =>
    harness.request({ method: 'GET', url: `${BASE}/productOrder${query}`, token: token ?? (await bssToken()) });
  const idsOf = (response: { body: { id: string }[] }) => response.body.map((entry) => entry.id);
  const storedCancellations = async (orderId: string) =>
    harness.system.context.db
      .selectFrom('product_order_cancellations')
      .selectAll()
      .where('case_id', '=', orderId)
      .execute();
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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

  test('a cancelProductOrder is a resource of its own (id, href, state, the order it cancelled); the order gets its cancellationDate', async () => {
    const created = await order(lines['uk-debt-arrangement']![0]!.msisdn, { externalId: 'BSS-2001' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assertFitsResource(created.body, ProductOrder, 'productOrder');
    await harness.drain();
    const now = harness.clock.now();
    const requested = new Date(now.getTime() - HOUR).toISOString();
    const payload = {
      productOrder: { id: created.body.id, href: created.body.href, '@referredType': 'ProductOrder' },
      cancellationReason: 'customer stays after a retention offer',
      requestedCancellationDate: requested,
      '@type': 'CancelProductOrder',
    };

    // Copies sent at once (a BSS retrying on a timeout): one request is stored, every copy answers it.
    const copies = await Promise.all([cancel(payload), cancel(payload), cancel(payload)]);
    assert.deepEqual(
      copies.map((copy) => copy.status).sort(),
      [200, 200, 201],
      JSON.stringify(copies.map((copy) => copy.body)),
    );
    const cancelled = copies.find((copy) => copy.status === 201)!;
    const body = cancelled.body;
    for (const copy of copies) assert.equal(copy.body.id, body.id);
    assertFitsResource(body, CancelProductOrder, 'cancelProductOrder');
    assert.match(body.id, UUID);
    assert.notEqual(body.id, created.body.id, 'the cancellation request has its own id, not the order’s');
    assert.equal(body.href, `${BASE}/cancelProductOrder/${body.id}`);
    assert.equal(cancelled.headers.location, body.href);
    assert.equal(body['@type'], 'CancelProductOrder');
    assert.equal(body.state, 'done');
    assert.equal(body.cancellationReason, 'customer stays after a retention offer');
    assert.equal(body.requestedCancellationDate, requested);
    assert.equal(body.effectiveCancellationDate, now.toISOString());
    assert.equal(body.productOrder.id, created.body.id);
    assert.equal(body.productOrder.href, created.body.href);
    assert.equal(body.productOrder['@referredType'], 'ProductOrder');
    assert.equal(body.productOrder.state, 'cancelled');
    assert.equal((await storedCancellations(created.body.id)).length, 1);

    const read = await harness.request({ method: 'GET', url: body.href, token: await bssToken() });
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.deepEqual(read.body, body);

    // Sent again later: the same answer, nothing new.
    const again = await cancel(payload);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.deepEqual(again.body, body);
    // Another request for the order it cancelled is refused, naming the stored one.
    const other = await cancel({ ...payload, cancellationReason: 'another reason' });
    assert.equal(other.status, 409, JSON.stringify(other.body));
    assert.equal(other.body['@type'], 'Error');
    assert.equal(other.body.code, 'IDEMPOTENCY_KEY_REUSED');
    assert.ok(other.body.message.includes(body.id), other.body.message);
    assert.equal((await storedCancellations(created.body.id)).length, 1);

    const cancelledOrder = await get(created.body.id);
    assertFitsResource(cancelledOrder, ProductOrder, 'productOrder');
    assert.equal(cancelledOrder.state, 'cancelled');
    assert.equal(cancelledOrder.productOrderItem[0].state, 'cancelled');
    assert.equal(cancelledOrder.cancellationDate, body.effectiveCancellationDate);
    assert.equal(cancelledOrder.cancellationReason, 'customer stays after a retention offer');
    assert.equal(cancelledOrder.completionDate, undefined);
    const stored = await harness.system.context.db
      .selectFrom('cases')
      .select('state')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.state, 'withdrawn');
  });

  test('an order the holder stops ("not you?") is cancelled with its date and reason; the BSS cannot cancel it again', async () => {
    const line = lines['uk-two-lines']![1]!;
    const created = await order(line.msisdn);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await harness.drain();
    const holder = await signInWithIccid(harness, line.msisdn, line.iccid);
    const stopped = await harness.request({
      method: 'POST',
      url: `/v1/cases/${created.body.id}/withdraw`,
      token: holder,
      payload: { reason: 'holder_disputed' },
    });
    assert.equal(stopped.status, 200, JSON.stringify(stopped.body));

    const current = await get(created.body.id);
    assertFitsResource(current, ProductOrder, 'productOrder');
    assert.equal(current.state, 'cancelled');
    assert.equal(current.cancellationDate, harness.clock.now().toISOString());
    assert.equal(current.cancellationReason, 'holder_disputed');

    const late = await cancel({ productOrder: { id: created.body.id } });
    assert.equal(late.status, 409, JSON.stringify(late.body));
    assert.equal(late.body.code, 'ILLEGAL_TRANSITION');
    assert.deepEqual(await storedCancellations(created.body.id), []);
  });

  test('a completed order cannot be cancelled, nor one for a future date; no request is stored then', async () => {
    const created = await order(lines['uk-prepaid-credit']![0]!.msisdn, {
      characteristics: [{ name: 'balanceDisposition', value: 'forfeit' }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const later = await cancel({
      productOrder: { id: created.body.id },
      requestedCancellationDate: new Date(harness.clock.now().getTime() + HOUR).toISOString(),
    });
    assert.equal(later.status, 400, JSON.stringify(later.body));
    assert.equal(later.body.code, 'VALIDATION_FAILED');
    assert.match(later.body.message, /requestedCancellationDate/);
    assert.notEqual((await get(created.body.id)).state, 'cancelled');

    await harness.drain();
    await harness.advance(25 * HOUR);
    await passLineEnd(harness, created.body.id);
    const completed = await get(created.body.id);
    assert.equal(completed.state, 'completed');
    assert.equal(completed.cancellationDate, undefined);
    const late = await cancel({ productOrder: { id: created.body.id } });
    assert.equal(late.status, 409, JSON.stringify(late.body));
    assert.equal(late.body.code, 'ILLEGAL_TRANSITION');
    assert.deepEqual(await storedCancellations(created.body.id), []);
    assert.equal((await get(created.body.id)).state, 'completed');
  });

  test('GET /productOrder: the calling client’s orders, newest first, in TMF pages, filtered by state and externalId', async () => {
    await createApiClient(harness.system.context, {
      id: 'second-bss',
      name: 'A second BSS',
      scopes: ['tmf622:order'],
      secret: 'second-bss-secret',
    });
    const token = await clientToken(harness, 'second-bss', 'second-bss-secret');
    const empty = await list('', token);
    assert.equal(empty.status, 200, JSON.stringify(empty.body));
    assert.deepEqual(empty.body, []);
    assert.equal(empty.headers['x-total-count'], '0');
    assert.equal(empty.headers['x-result-count'], '0');

    const filed: string[] = [];
    for (const persona of ['de-contract', 'uk-contact-change', 'uk-new-contact-number']) {
      harness.clock.advance(60_000);
      const created = await order(lines[persona]![0]!.msisdn, { externalId: `SECOND-${filed.length + 1}`, token });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      filed.push(created.body.id);
    }
    const cancelled = await cancel({ productOrder: { id: filed[1] } }, token);
    assert.equal(cancelled.status, 201, JSON.stringify(cancelled.body));
    const newestFirst = [...filed].reverse();

    const all = await list('', token);
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.deepEqual(idsOf(all), newestFirst);
    assert.equal(all.headers['x-total-count'], '3');
    assert.equal(all.headers['x-result-count'], '3');
    all.body.forEach((entry: unknown, index: number) => assertFitsResource(entry, ProductOrder, `list[${index}]`));
    assert.deepEqual(
      all.body[1],
      await get(filed[1]!),
      'a listed order is the order as GET /productOrder/{id} reads it',
    );
    assert.deepEqual(
      all.body.map((entry: { state: string }) => entry.state),
      ['acknowledged', 'cancelled', 'acknowledged'],
    );

    const pages = [await list('?offset=0&limit=2', token), await list('?offset=2&limit=2', token)];
    assert.deepEqual(pages.map(idsOf), [newestFirst.slice(0, 2), newestFirst.slice(2)]);
    assert.deepEqual(
      pages.map((page) => [page.headers['x-total-count'], page.headers['x-result-count']]),
      [
        ['3', '2'],
        ['3', '1'],
      ],
    );
    for (const [query, ids, total] of [
      ['?offset=3', [], '3'],
      ['?limit=0', [], '3'],
      ['?state=cancelled', [filed[1]], '1'],
      ['?state=acknowledged,inProgress', [filed[2], filed[0]], '2'],
      ['?state=partial', [], '0'],
      ['?externalId=SECOND-3', [filed[2]], '1'],
      ['?state=cancelled&externalId=SECOND-3', [], '0'],
      ['?state=cancelled&externalId=SECOND-2&limit=1&offset=0', [filed[1]], '1'],
    ] as const) {
      const page = await list(query, token);
      assert.equal(page.status, 200, `${query}: ${JSON.stringify(page.body)}`);
      assert.deepEqual(idsOf(page), ids, query);
      assert.equal(page.headers['x-total-count'], total, query);
      assert.equal(page.headers['x-result-count'], String(ids.length), query);
    }

    // The demo BSS's list has its own orders only.
    const theirs = await list('?limit=100');
    assert.equal(theirs.status, 200, JSON.stringify(theirs.body));
    assert.equal(theirs.headers['x-total-count'], String(theirs.body.length));
    assert.ok(theirs.body.some((entry: { externalId?: string }) => entry.externalId === 'BSS-1001'));
    assert.ok(!idsOf(theirs).some((id: string) => filed.includes(id)));
    const completed = await list('?state=completed');
    assert.ok(completed.body.length > 0);
    assert.ok(completed.body.every((entry: { state: string }) => entry.state === 'completed'));
  });

  test('bad ids and paging values are a 400 with a stable code, unknown ids a 404, never a 500; scopes are checked', async () => {
    const token = await bssToken();
    const refused = (response: Awaited<ReturnType<typeof list>>, status: number, code: string, where: string) => {
      assert.equal(response.status, status, `${where}: ${JSON.stringify(response.body)}`);
      assertFitsResource(response.body, TmfError, where);
      assert.equal(response.body['@type'], 'Error', where);
      assert.equal(response.body.code, code, where);
      assert.equal(response.body.status, String(status), where);
      assert.ok(response.body.message, where);
    };
    for (const query of [
      '?limit=-1',
      '?limit=abc',
      '?limit=1.5',
      '?limit=1e2',
      '?limit=101',
      '?limit=',
      '?offset=-1',
      '?offset=99999999999',
      '?offset=2147483648',
      '?state=bogus',
      '?state=',
      '?state=cancelled,',
      '?state=Cancelled',
      '?fields=id,state',
      '?limit=1&limit=2',
    ]) {
      refused(await list(query, token), 400, 'VALIDATION_FAILED', query);
    }
    const read = (url: string) => harness.request({ method: 'GET', url: `${BASE}${url}`, token });
    for (const url of ['/productOrder/not-a-uuid', '/cancelProductOrder/not-a-uuid', '/cancelProductOrder/1234']) {
      refused(await read(url), 400, 'VALIDATION_FAILED', url);
    }
    refused(await read(`/productOrder/${crypto.randomUUID()}`), 404, 'CASE_NOT_FOUND', 'unknown order');
    refused(await read(`/cancelProductOrder/${crypto.randomUUID()}`), 404, 'NOT_FOUND', 'unknown cancellation');
    for (const [payload, status, code] of [
      [{ productOrder: { id: 'BSS-1001' } }, 400, 'VALIDATION_FAILED'],
      [{ productOrder: {} }, 400, 'VALIDATION_FAILED'],
      [{ cancellationReason: 'no order named' }, 400, 'VALIDATION_FAILED'],
      [{ productOrder: { id: crypto.randomUUID() } }, 404, 'CASE_NOT_FOUND'],
      [{ productOrder: { id: crypto.randomUUID() }, requestedCancellationDate: 'tomorrow' }, 400, 'VALIDATION_FAILED'],
      [{ productOrder: { id: crypto.randomUUID() }, cancellationReason: 'x'.repeat(501) }, 400, 'VALIDATION_FAILED'],
    ] as const) {
      refused(await cancel(payload, token), status, code, JSON.stringify(payload).slice(0, 80));
    }

    const bank = await clientToken(harness, 'demo-bank', 'demo-bank-secret');
    refused(await list('', bank), 403, 'FORBIDDEN', 'list without the scope');
    refused(
      await cancel({ productOrder: { id: crypto.randomUUID() } }, bank),
      403,
      'FORBIDDEN',
      'cancel without the scope',
    );
    const withoutScope = await harness.request({
      method: 'GET',
      url: `${BASE}/cancelProductOrder/${crypto.randomUUID()}`,
      token: bank,
    });
    refused(withoutScope, 403, 'FORBIDDEN', 'read a cancellation without the scope');
    refused(await harness.request({ method: 'GET', url: `${BASE}/productOrder` }), 401, 'UNAUTHENTICATED', 'no token');
  });

  test('the served OpenAPI document declares each TMF622 answer with fields of its TMF622 resource only', async () => {
    const openapi = await harness.request({ method: 'GET', url: '/openapi.json' });
    assert.equal(openapi.status, 200);
    const operations: [path: string, method: string, statuses: string[], resource: TmfResource, list: boolean][] = [
      ['/productOrder', 'post', ['200', '201'], ProductOrder, false],
      ['/productOrder', 'get', ['200'], ProductOrder, true],
      ['/productOrder/{id}', 'get', ['200'], ProductOrder, false],
      ['/cancelProductOrder', 'post', ['200', '201'], CancelProductOrder, false],
      ['/cancelProductOrder/{id}', 'get', ['200'], CancelProductOrder, false],
    ];
    for (const [path, method, statuses, resource, isList] of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      const operation = openapi.body.paths[`${BASE}${path}`]?.[method];
      assert.ok(operation, `${where} is documented`);
      const schemaOf = (status: string): JsonSchema | undefined =>
        operation.responses[status]?.content?.['application/json']?.schema;
      for (const status of statuses) {
        const schema = schemaOf(status);
        if (isList) assert.equal(schema?.type, 'array', `${where} ${status} is a list`);
        assertSchemaFitsResource(isList ? schema?.items : schema, resource, `${where} ${status}`);
      }
      for (const status of ['4XX', '5XX']) {
        assertSchemaFitsResource(schemaOf(status) ?? schemaOf(status.toLowerCase()), TmfError, `${where} ${status}`);
      }
    }
    const listParameters = (openapi.body.paths[`${BASE}/productOrder`].get.parameters as { in: string; name: string }[])
      .filter((parameter) => parameter.in === 'query')
      .map((parameter) => parameter.name)
      .sort();
    assert.deepEqual(listParameters, ['externalId', 'limit', 'offset', 'state']);
  });
});
