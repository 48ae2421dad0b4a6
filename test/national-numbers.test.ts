import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  latestCode,
  personaLines,
  signInWithIccid,
  staffToken,
  startHarness,
  type Harness,
} from './support/harness.js';

/**
 * Numbers as holders and agents write them at home: `07700 900101` in the UK, `0151 12345601` in
 * Germany, `138 0013 8001` in China, accepted wherever a number is entered (sign-in, the checklist,
 * filing, a transfer target, the desk's search) and stored in E.164. A number that is none keeps its
 * 400 with the stable code, an empty one saying so apart from a malformed one.
 */
describe('national number formats', () => {
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;
  const line = (persona: string, index = 0) => lines[persona]![index]!;

  before(async () => {
    harness = await startHarness();
    lines = await personaLines(harness);
  });
  after(() => harness.close());

  async function askCode(msisdn: string, iccid: string) {
    return harness.request({ method: 'POST', url: '/v1/auth/codes', payload: { msisdn, iccid } });
  }

  for (const [persona, national] of [
    ['uk-prepaid-credit', '07700 900101'],
    ['de-contract', '0151 12345601'],
    ['cn-prepaid', '138 0013 8001'],
  ] as const) {
    test(`sign-in takes ${national} for ${persona}'s line, and the code goes to the line`, async () => {
      const { msisdn, iccid } = line(persona);
      const sent = await askCode(national, iccid);
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      const code = await latestCode(harness, msisdn);
      const session = await harness.request({
        method: 'POST',
        url: '/v1/auth/sessions',
        payload: { challengeId: sent.body.challengeId, code },
      });
      assert.equal(session.status, 201, JSON.stringify(session.body));
      const current = await harness.request({
        method: 'GET',
        url: '/v1/auth/sessions/current',
        token: session.body.token,
      });
      assert.equal(current.status, 200, JSON.stringify(current.body));
    });
  }

  test('a cancellation filed with the national number and a national transfer target is stored in E.164', async () => {
    const { msisdn, iccid } = line('uk-prepaid-credit');
    const token = await signInWithIccid(harness, msisdn, iccid);
    const target = line('uk-two-lines', 1).msisdn; // pay-as-you-go, can hold credit
    const nationalTarget = `0${target.slice(3, 7)} ${target.slice(7)}`; // 07700 900110
    const decisions = { balance: { option: 'transfer', toMsisdn: nationalTarget } };

    const preview = await harness.request({
      method: 'POST',
      url: `/v1/lines/${encodeURIComponent('07700 900101')}/checklist`,
      token,
      payload: { decisions },
    });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.equal(preview.body.line.msisdn, msisdn);
    const balance = (preview.body.checklist.items as { kind: string; transferTo?: string }[]).find(
      (item) => item.kind === 'balance',
    );
    assert.equal(balance?.transferTo, target);

    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token,
      payload: { msisdn: '07700 900101', decisions },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const stored = await harness.system.context.db
      .selectFrom('cases')
      .select(['msisdn', 'decisions'])
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.msisdn, msisdn);
    assert.deepEqual((stored.decisions as { balance: unknown }).balance, { option: 'transfer', toMsisdn: target });
  });

  test('a transfer target is read in the format of the line’s market', async () => {
    // 0151 … is a German mobile number; on a UK line it is no number at all.
    const { msisdn, iccid } = line('uk-two-lines');
    const token = await signInWithIccid(harness, msisdn, iccid);
    const preview = await harness.request({
      method: 'POST',
      url: `/v1/lines/${encodeURIComponent(msisdn)}/checklist`,
      token,
      payload: { decisions: { balance: { option: 'transfer', toMsisdn: '0151 12345602' } } },
    });
    assert.equal(preview.status, 400, JSON.stringify(preview.body));
    assert.equal(preview.body.error.code, 'INVALID_MSISDN');
    assert.equal(preview.body.error.details.field, 'decisions.balance.toMsisdn');
    assert.equal(preview.body.error.details.country, 'GB');
    assert.match(preview.body.error.message, /like 07700 900123/);
  });

  test('the desk finds a line by its national number', async () => {
    const staff = await staffToken(harness, 'agent@demo.simexit.test');
    const found = await harness.request({
      method: 'GET',
      url: `/v1/staff/search?q=${encodeURIComponent('0151 12345602')}`,
      token: staff,
    });
    assert.equal(found.status, 200, JSON.stringify(found.body));
    assert.deepEqual(
      (found.body.lines as { msisdn: string }[]).map((l) => l.msisdn),
      [line('de-prepaid').msisdn],
    );
  });

  test('an empty number and a malformed one are refused apart, with the stable code', async () => {
    const { iccid } = line('uk-prepaid-credit');
    const empty = await askCode('   ', iccid);
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error.code, 'INVALID_MSISDN');
    assert.equal(empty.body.error.details.reason, 'empty');
    const malformed = await askCode('07700 9001', iccid);
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.code, 'INVALID_MSISDN');
    assert.equal(malformed.body.error.details.reason, 'not_a_phone_number');
    assert.match(malformed.body.error.message, /right format, like 07700 900123/);
  });
});
