import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { makeIccid } from '../src/domain/identifiers.js';
import { httpBss } from '../src/ports/adapters/http/bss.js';
import { OutsideSystemUnavailableError } from '../src/ports/adapters/http/json-client.js';
import { demoDb } from '../src/ports/adapters/demo/demo-schema.js';
import { HOUR, passLineEnd, staffToken, startHarness, type Harness } from './support/harness.js';

/**
 * The HTTP adapters against a loopback server implementing the BSS contract (docs/BSS-CONTRACT.md),
 * then an outage of the network system in the middle of execution: the case waits, visibly, and
 * completes by itself when the system returns, deactivated exactly once.
 */
const MSISDN = '+447700900201';
const ICCID = makeIccid('894410000000000201');

function fakeBss() {
  const state = {
    down: new Set<string>(),
    malformed: false,
    deactivations: new Map<string, number>(),
    requests: 0,
    operations: new Map<string, unknown>(),
  };
  const app: FastifyInstance = Fastify();
  app.addHook('onRequest', async (request, reply) => {
    state.requests++;
    const system = request.url.split('/')[1]!;
    if (state.down.has(system)) return reply.status(503).send({ error: 'down' });
  });
  const once = (key: string | undefined, effect: () => unknown) => {
    if (!key) throw new Error('Idempotency-Key required');
    if (!state.operations.has(key)) state.operations.set(key, effect());
    return state.operations.get(key);
  };
  app.get('/crm/lines/:msisdn', async (request, reply) => {
    const { msisdn } = request.params as { msisdn: string };
    if (state.malformed) return { msisdn };
    if (msisdn !== MSISDN) return reply.status(404).send({ error: 'not found' });
    return {
      msisdn,
      iccid: ICCID,
      subscriberId: 'bss-sub-1',
      productType: 'sim',
      market: 'UK',
      status: state.deactivations.has(msisdn) ? 'deactivated' : 'active',
    };
  });
  app.get('/crm/subscribers/:id', async (request, reply) =>
    (request.params as { id: string }).id === 'bss-sub-1'
      ? {
          id: 'bss-sub-1',
          name: 'Rosa Field',
          email: 'rosa.field@example.co.uk',
          accountLogin: 'rosa.field',
          dateOfBirth: '1984-02-02',
          address: '1 Field Lane, York',
          idDocument: null,
          market: 'UK',
          contactChangedAt: null,
        }
      : reply.status(404).send({}),
  );
  app.get('/crm/subscribers/:id/lines', async () => ({ lines: [] }));
  app.get('/crm/lines', async (request) => {
    const query = request.query as { iccid?: string; accountLogin?: string };
    const found = query.iccid === ICCID || query.accountLogin === 'rosa.field';
    return {
      lines: found
        ? [
            {
              msisdn: MSISDN,
              iccid: ICCID,
              subscriberId: 'bss-sub-1',
              productType: 'sim',
              market: 'UK',
              status: 'active',
            },
          ]
        : [],
    };
  });
  app.get('/crm/lines/:msisdn/bound-services', async () => ({ services: [] }));
  app.get('/billing/lines/:msisdn/standing', async () => ({
    debtMinor: 0,
    paymentArrangement: false,
    contract: null,
    prepaid: null,
  }));
  app.post('/billing/lines/:msisdn/closure', async (request) =>
    once(request.headers['idempotency-key'] as string, () => ({ finalBillMinor: 0 })),
  );
  app.post('/billing/lines/:msisdn/balance-actions', async (request) =>
    once(request.headers['idempotency-key'] as string, () => {
      const body = request.body as { option: string; toMsisdn?: string; creditMinor?: number };
      // A transfer answers the target line's balance before and after (docs/BSS-CONTRACT.md).
      return body.option === 'transfer'
        ? {
            reference: `ref-${state.operations.size}`,
            target: {
              msisdn: body.toMsisdn,
              creditBeforeMinor: 100,
              creditAfterMinor: 100 + (body.creditMinor ?? 0),
              dataBeforeMb: 0,
              dataAfterMb: 0,
            },
          }
        : { reference: `ref-${state.operations.size}` };
    }),
  );
  app.post('/network/lines/:msisdn/deactivation', async (request) =>
    once(request.headers['idempotency-key'] as string, () => {
      const { msisdn } = request.params as { msisdn: string };
      state.deactivations.set(msisdn, (state.deactivations.get(msisdn) ?? 0) + 1);
      return { deactivatedAt: new Date().toISOString() };
    }),
  );
  app.post('/numbers/:msisdn/quarantine', async (request, reply) => {
    once(request.headers['idempotency-key'] as string, () => ({}));
    return reply.status(204).send();
  });
  app.post('/numbers/:msisdn/release', async (request, reply) => {
    once(request.headers['idempotency-key'] as string, () => ({}));
    return reply.status(204).send();
  });
  return { app, state };
}

describe('HTTP adapters for the operator BSS', () => {
  const { app: bss, state } = fakeBss();
  let baseUrl: string;

  before(async () => {
    await bss.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(bss.server.address() as { port: number }).port}`;
  });
  after(() => bss.close());

  describe('contract', () => {
    const adapters = () =>
      httpBss({
        baseUrl,
        token: null,
        timeoutMs: 1000,
        retries: 1,
        backoffBaseMs: 100,
        breaker: { failures: 3, openMs: 500 },
      });

    test('reads map to the ports, 404 is "no such line", writes carry their key and apply once', async () => {
      const { crm, billing } = adapters();
      assert.equal((await crm.findLine(MSISDN))?.iccid, ICCID);
      assert.equal(await crm.findLine('+447700900299'), null);
      assert.deepEqual(
        (await crm.searchLines({ accountLogin: 'rosa.field' })).map((l) => l.msisdn),
        [MSISDN],
      );
      assert.deepEqual(await crm.searchLines({ iccid: '8944000000000000000' }), []);
      assert.equal((await crm.getSubscriber('bss-sub-1'))?.name, 'Rosa Field');
      assert.deepEqual(await billing.getStanding(MSISDN), {
        debtMinor: 0,
        paymentArrangement: false,
        contract: null,
        prepaid: null,
      });
      const first = await billing.moveBalance(
        MSISDN,
        { option: 'forfeit', creditMinor: 0, dataMb: 0 },
        'contract-key-1',
      );
      const again = await billing.moveBalance(
        MSISDN,
        { option: 'forfeit', creditMinor: 0, dataMb: 0 },
        'contract-key-1',
      );
      assert.deepEqual(first, again);
      assert.equal(first.target, null, 'an answer without a target reads as not reported');
      const transfer = await billing.moveBalance(
        MSISDN,
        { option: 'transfer', toMsisdn: '+447700900999', creditMinor: 250, dataMb: 0 },
        'contract-key-2',
      );
      assert.deepEqual(transfer.target, {
        msisdn: '+447700900999',
        creditBeforeMinor: 100,
        creditAfterMinor: 350,
        dataBeforeMb: 0,
        dataAfterMb: 0,
      });
    });

    test('an answer outside the contract is an outage, not a guess', async () => {
      state.malformed = true;
      try {
        await assert.rejects(
          adapters().crm.findLine(MSISDN),
          (error: unknown) => error instanceof OutsideSystemUnavailableError && error.system === 'crm',
        );
      } finally {
        state.malformed = false;
      }
    });

    test('repeated failures open the circuit: calls fail fast, then it closes again', async () => {
      const { billing, clients } = adapters();
      state.down.add('billing');
      for (let i = 0; i < 3; i++) await assert.rejects(billing.getStanding(MSISDN), OutsideSystemUnavailableError);
      assert.equal(clients[1]!.state(), 'open');
      const before = state.requests;
      await assert.rejects(billing.getStanding(MSISDN), /circuit open/);
      assert.equal(state.requests, before, 'no request while open');
      state.down.delete('billing');
      await new Promise((resolve) => setTimeout(resolve, 600));
      assert.equal((await billing.getStanding(MSISDN)).debtMinor, 0);
    });
  });

  describe('an outage during execution', () => {
    let harness: Harness;
    before(async () => {
      harness = await startHarness({
        env: { INTEGRATIONS: 'http', BSS_URL: baseUrl, BSS_TIMEOUT_MS: '1000' },
        seedDemo: true,
      });
    });
    after(() => harness.close());

    const latestSmsCode = async () => {
      await harness.drain();
      const messages = await demoDb(harness.system.context.db)
        .selectFrom('inbox')
        .select('body')
        .where('recipient', '=', MSISDN)
        .execute();
      return /(\d{6})/.exec(messages.at(-1)!.body)![1]!;
    };

    test('the contract is published as an OpenAPI document built from the schemas the adapters check', async () => {
      const doc = await harness.request({ method: 'GET', url: '/openapi/bss.json' });
      assert.equal(doc.status, 200);
      assert.equal(doc.body.openapi, '3.0.3');
      assert.deepEqual(Object.keys(doc.body.paths).sort(), [
        '/billing/lines/{msisdn}/balance-actions',
        '/billing/lines/{msisdn}/closure',
        '/billing/lines/{msisdn}/standing',
        '/crm/line-lookups',
        '/crm/line-selections',
        '/crm/line-selections/check',
        '/crm/lines',
        '/crm/lines/{msisdn}',
        '/crm/lines/{msisdn}/bound-services',
        '/crm/subscribers/{id}',
        '/crm/subscribers/{id}/lines',
        '/network/line-actions',
        '/network/lines/{msisdn}/bar',
        '/network/lines/{msisdn}/deactivation',
        '/network/lines/{msisdn}/unbar',
        '/numbers/quarantines',
        '/numbers/{msisdn}/quarantine',
        '/numbers/{msisdn}/release',
      ]);
      assert.deepEqual(doc.body.components.schemas.Line.required.sort(), [
        'iccid',
        'market',
        'msisdn',
        'productType',
        'status',
        'subscriberId',
      ]);
      const deactivation = doc.body.paths['/network/lines/{msisdn}/deactivation'].post;
      assert.ok(
        deactivation.parameters.some(
          (p: { name: string; required: boolean }) => p.name === 'Idempotency-Key' && p.required,
        ),
      );
    });

    test('the case waits for the network, visibly, and completes once it is back; deactivated once', async () => {
      const sent = await harness.request({
        method: 'POST',
        url: '/v1/auth/codes',
        payload: { msisdn: MSISDN, iccid: ICCID },
      });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      const session = await harness.request({
        method: 'POST',
        url: '/v1/auth/sessions',
        payload: { challengeId: sent.body.challengeId, code: await latestSmsCode() },
      });
      const created = await harness.request({
        method: 'POST',
        url: '/v1/cancellations',
        token: session.body.token,
        payload: { msisdn: MSISDN },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      await harness.drain();

      state.down.add('network');
      await harness.advance(25 * HOUR);
      // A post-paid line with 30 days' notice: execution starts on its end date.
      await passLineEnd(harness, created.body.id);
      // Past the last quick retry: still executing and waiting, not failed.
      for (let attempt = 0; attempt < 16; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        await harness.drain();
      }
      const retriesSoFar = state.requests;
      const clerk = await staffToken(harness, 'clerk@demo.simexit.test');
      const view = async () =>
        (await harness.request({ method: 'GET', url: `/v1/staff/cases/${created.body.id}`, token: clerk })).body;
      let current = await view();
      assert.equal(current.state, 'executing');
      assert.equal(current.waitingOn, 'provisioning');
      assert.ok(
        (current.timeline as { type: string; reason: string }[]).some(
          (e) => e.type === 'waiting_for_outside_system' && e.reason === 'provisioning',
        ),
      );

      state.down.delete('network');
      for (let attempt = 0; attempt < 160 && current.state !== 'completed'; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        await harness.drain();
        current = await view();
      }
      assert.equal(current.state, 'completed');
      assert.equal(current.waitingOn, null);
      assert.equal(state.deactivations.get(MSISDN), 1, 'deactivated exactly once');
      assert.ok(retriesSoFar > 3, 'it kept trying through the outage');
    });
  });
});
