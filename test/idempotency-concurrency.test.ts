import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  clientToken,
  confirmedCall,
  personaLines,
  signInWithIccid,
  staffToken,
  startHarness,
  type Harness,
  type Response,
} from './support/harness.js';

/**
 * Copies of one request sent at once (a double tap, a client retrying on a timeout while the first
 * attempt is still running) are one request: every copy gets the same case, with 201 for the one
 * that filed it and 200 for the replays, never CASE_ALREADY_OPEN for a copy of the winner.
 * Several rounds per channel, because a lost race shows only in some interleavings.
 */
const COPIES = 20;
const ROUNDS = 6;

describe('idempotent replays under concurrency', () => {
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;

  before(async () => {
    harness = await startHarness();
    lines = await personaLines(harness);
  });
  after(() => harness.close());

  function assertOneCase(responses: Response[], what: string): string {
    const summary = responses.map((r) => `${r.status} ${r.body?.id ?? r.body?.error?.code ?? r.body?.code}`);
    assert.ok(
      responses.every((r) => r.status === 200 || r.status === 201),
      `${what}: every copy succeeds: ${summary.join(', ')}`,
    );
    assert.equal(responses.filter((r) => r.status === 201).length, 1, `${what}: one copy files the case`);
    const ids = new Set(responses.map((r) => r.body.id as string));
    assert.equal(ids.size, 1, `${what}: one case for all copies: ${[...ids].join(', ')}`);
    return [...ids][0]!;
  }

  async function openCases(msisdn: string): Promise<number> {
    const rows = await harness.system.context.db
      .selectFrom('cases')
      .select('id')
      .where('msisdn', '=', msisdn)
      .where('state', 'not in', ['completed', 'rejected', 'withdrawn'])
      .execute();
    return rows.length;
  }

  test(`online: ${COPIES} concurrent POST /v1/cancellations with one Idempotency-Key get one case`, async () => {
    const line = lines['uk-contract']![0]!;
    const token = await signInWithIccid(harness, line.msisdn, line.iccid);
    for (let round = 0; round < ROUNDS; round++) {
      const responses = await Promise.all(
        Array.from({ length: COPIES }, () =>
          harness.request({
            method: 'POST',
            url: '/v1/cancellations',
            token,
            headers: { 'idempotency-key': `concurrent-online-${round}` },
            payload: { msisdn: line.msisdn, decisions: { acceptEarlyTerminationCharge: true } },
          }),
        ),
      );
      const id = assertOneCase(responses, `round ${round}`);
      assert.equal(await openCases(line.msisdn), 1);
      // A new key for a line with an open case is still refused: the fix replays copies only.
      const other = await harness.request({
        method: 'POST',
        url: '/v1/cancellations',
        token,
        headers: { 'idempotency-key': `concurrent-online-other-${round}` },
        payload: { msisdn: line.msisdn, decisions: { acceptEarlyTerminationCharge: true } },
      });
      assert.equal(other.status, 409);
      assert.equal(other.body.error.code, 'CASE_ALREADY_OPEN');
      const withdrawn = await harness.request({ method: 'POST', url: `/v1/cases/${id}/withdraw`, token, payload: {} });
      assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
    }
  });

  test(`TMF622: ${COPIES} concurrent product orders with one externalId get one order`, async () => {
    const { msisdn } = lines['de-contract']![0]!;
    const token = await clientToken(harness, 'demo-bss', 'demo-bss-secret');
    for (let round = 0; round < ROUNDS; round++) {
      const responses = await Promise.all(
        Array.from({ length: COPIES }, () =>
          harness.request({
            method: 'POST',
            url: '/tmf-api/productOrderingManagement/v4/productOrder',
            token,
            payload: {
              externalId: `BSS-CONCURRENT-${round}`,
              productOrderItem: [
                {
                  id: '1',
                  action: 'delete',
                  product: {
                    productCharacteristic: [
                      { name: 'MSISDN', value: msisdn },
                      { name: 'acceptEarlyTerminationCharge', value: true },
                    ],
                  },
                },
              ],
            },
          }),
        ),
      );
      const id = assertOneCase(responses, `round ${round}`);
      assert.equal(await openCases(msisdn), 1);
      const cancelled = await harness.request({
        method: 'POST',
        url: '/tmf-api/productOrderingManagement/v4/cancelProductOrder',
        token,
        payload: { productOrder: { id } },
      });
      assert.equal(cancelled.status, 201, JSON.stringify(cancelled.body));
    }
  });

  test(`staff by phone: ${COPIES} concurrent filings with one key and one call confirmation get one case`, async () => {
    const { msisdn } = lines['uk-prepaid-credit']![0]!;
    const agent = await staffToken(harness, 'agent@demo.simexit.test');
    const confirmationId = await confirmedCall(harness, agent, msisdn);
    const responses = await Promise.all(
      Array.from({ length: COPIES }, () =>
        harness.request({
          method: 'POST',
          url: '/v1/staff/cases',
          token: agent,
          headers: { 'idempotency-key': 'concurrent-staff-phone' },
          payload: {
            channel: 'phone',
            msisdn,
            verification: { method: 'line_confirmation', confirmationId },
            decisions: { balance: { option: 'refund' } },
          },
        }),
      ),
    );
    assertOneCase(responses, 'phone');
    assert.equal(await openCases(msisdn), 1);
    // The spent confirmation still refuses a different request.
    const reuse = await harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: agent,
      headers: { 'idempotency-key': 'concurrent-staff-phone-other' },
      payload: {
        channel: 'chat',
        msisdn,
        verification: { method: 'line_confirmation', confirmationId },
        decisions: { balance: { option: 'refund' } },
      },
    });
    assert.equal(reuse.status, 409);
    assert.equal(reuse.body.error.code, 'CALL_CONFIRMATION_USED');
  });
});
