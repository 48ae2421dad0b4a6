import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { camaraSimSwap, SimSwapUnavailableError } from '../src/ports/adapters/http/sim-swap.js';
import { HOUR, personaLines, signInWithIccid, staffToken, startHarness, type Harness } from './support/harness.js';

/**
 * The CAMARA SIM Swap adapter against a loopback server that implements the published contract
 * (POST /sim-swap/v0/retrieve-date, bearer token, CAMARA error bodies), then the risk rule end to
 * end: a cancellation right after a SIM swap goes to review with two approvers.
 */
describe('CAMARA SIM Swap', () => {
  const swaps = new Map<string, string | null>();
  let mode: 'up' | 'down' | 'slow' | 'garbage' = 'up';
  let provider: FastifyInstance;
  let baseUrl: string;
  const correlators: string[] = [];

  before(async () => {
    provider = Fastify();
    provider.post('/sim-swap/v0/retrieve-date', async (request, reply) => {
      correlators.push(String(request.headers['x-correlator'] ?? ''));
      const error = (status: number, code: string, message: string) =>
        reply.status(status).send({ status, code, message });
      if (request.headers.authorization !== 'Bearer test-token')
        return error(401, 'UNAUTHENTICATED', 'Request not authenticated.');
      if (mode === 'down') return error(503, 'UNAVAILABLE', 'Service unavailable.');
      if (mode === 'slow') await new Promise((resolve) => setTimeout(resolve, 2000));
      if (mode === 'garbage') return reply.send({ latestSimChange: 'yesterday' });
      const phoneNumber = (request.body as { phoneNumber?: unknown } | null)?.phoneNumber;
      if (typeof phoneNumber !== 'string' || !/^\+[1-9][0-9]{4,14}$/.test(phoneNumber)) {
        return error(400, 'INVALID_ARGUMENT', 'Client specified an invalid argument, request body or query param.');
      }
      if (!swaps.has(phoneNumber)) return error(404, 'IDENTIFIER_NOT_FOUND', 'Device identifier not found.');
      return { latestSimChange: swaps.get(phoneNumber) };
    });
    await provider.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(provider.server.address() as { port: number }).port}/sim-swap/v0`;
  });
  after(() => provider.close());

  describe('adapter contract', () => {
    const adapter = (token: string | null = 'test-token', timeoutMs = 1000) =>
      camaraSimSwap({ baseUrl, token, timeoutMs });

    test('returns the latest SIM change, or null when none is on record', async () => {
      swaps.set('+447700900555', '2026-11-20T08:15:00.000Z');
      swaps.set('+447700900556', null);
      assert.equal((await adapter().latestSimChange('+447700900555'))?.toISOString(), '2026-11-20T08:15:00.000Z');
      assert.equal(await adapter().latestSimChange('+447700900556'), null);
      assert.ok(correlators.at(-1)!.length > 0, 'x-correlator sent');
    });

    test('every other answer is an error, never a silent pass', async () => {
      await assert.rejects(adapter(null).latestSimChange('+447700900555'), SimSwapUnavailableError);
      await assert.rejects(adapter().latestSimChange('+447700900999'), /IDENTIFIER_NOT_FOUND/);
      mode = 'down';
      await assert.rejects(adapter().latestSimChange('+447700900555'), /503 UNAVAILABLE/);
      mode = 'garbage';
      await assert.rejects(adapter().latestSimChange('+447700900555'), /no valid latestSimChange/);
      mode = 'slow';
      const started = Date.now();
      await assert.rejects(adapter('test-token', 200).latestSimChange('+447700900555'), SimSwapUnavailableError);
      assert.ok(Date.now() - started < 1500, 'gives up at its timeout');
      mode = 'up';
      await assert.rejects(
        camaraSimSwap({ baseUrl: 'http://127.0.0.1:9/sim-swap/v0', token: null, timeoutMs: 500 }).latestSimChange(
          '+447700900555',
        ),
        SimSwapUnavailableError,
      );
    });
  });

  describe('risk, end to end', () => {
    let harness: Harness;
    before(async () => {
      harness = await startHarness({ env: { SIM_SWAP_URL: baseUrl, SIM_SWAP_TOKEN: 'test-token' } });
    });
    after(() => harness.close());

    test('a cancellation two hours after a SIM swap reported by the provider needs two approvers', async () => {
      const line = (await personaLines(harness))['uk-debt-arrangement']![0]!;
      swaps.set(line.msisdn, new Date(harness.clock.now().getTime() - 2 * HOUR).toISOString());
      const token = await signInWithIccid(harness, line.msisdn, line.iccid);
      const created = await harness.request({
        method: 'POST',
        url: '/v1/cancellations',
        token,
        payload: { msisdn: line.msisdn },
      });
      assert.equal(created.status, 201);
      await harness.drain();
      await harness.advance(25 * HOUR);
      const view = await harness.request({
        method: 'GET',
        url: `/v1/staff/cases/${created.body.id}`,
        token: await staffToken(harness, 'clerk@demo.simexit.test'),
      });
      assert.equal(view.body.state, 'in_review');
      assert.equal(view.body.staff.reviewRoute, 'second_approver');
      assert.deepEqual(view.body.staff.riskSignals, ['recent_sim_swap']);
    });

    test('while the provider is down the case waits in eligibility, then moves on by itself', async () => {
      const line = (await personaLines(harness))['us-postpaid']![0]!;
      swaps.set(line.msisdn, null);
      mode = 'down';
      const token = await signInWithIccid(harness, line.msisdn, line.iccid);
      const created = await harness.request({
        method: 'POST',
        url: '/v1/cancellations',
        token,
        payload: { msisdn: line.msisdn, decisions: { acknowledgedServiceIds: ['12015550123-1'] } },
      });
      await harness.drain();
      const waiting = await harness.request({ method: 'GET', url: `/v1/cases/${created.body.id}`, token });
      assert.equal(waiting.body.state, 'eligibility');
      mode = 'up';
      let state = 'eligibility';
      for (let attempt = 0; attempt < 30 && state === 'eligibility'; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await harness.drain();
        state = (await harness.request({ method: 'GET', url: `/v1/cases/${created.body.id}`, token })).body.state;
      }
      assert.equal(state, 'cooling_off');
    });
  });

  describe('provider down through every retry', () => {
    test('the case goes to a person for review instead of passing the risk check by default', async (t) => {
      const harness = await startHarness({
        env: { SIM_SWAP_URL: baseUrl, SIM_SWAP_TOKEN: 'test-token', JOB_RETRY_LIMIT: '0' },
      });
      t.after(() => harness.close());
      const line = (await personaLines(harness))['uk-debt-arrangement']![0]!;
      mode = 'down';
      t.after(() => {
        mode = 'up';
      });
      const token = await signInWithIccid(harness, line.msisdn, line.iccid);
      const created = await harness.request({
        method: 'POST',
        url: '/v1/cancellations',
        token,
        payload: { msisdn: line.msisdn },
      });
      await harness.drain();
      await harness.advance(25 * HOUR);
      const view = await harness.request({
        method: 'GET',
        url: `/v1/staff/cases/${created.body.id}`,
        token: await staffToken(harness, 'clerk@demo.simexit.test'),
      });
      assert.equal(view.body.state, 'in_review');
      assert.equal(view.body.staff.reviewRoute, 'manual');
      assert.ok(
        (view.body.timeline as { reason: string | null }[]).some((e) => e.reason === 'automatic_checks_unavailable'),
      );
    });
  });
});
