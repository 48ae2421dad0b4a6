import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { latestCode, personaLines, staffToken, startHarness, type Harness } from './support/harness.js';

/**
 * An agent files a case at the desk and records the language the holder asked for: it is stored as the
 * holder's choice the way the portal's choice is (holder_languages, audited with the agent as actor),
 * the case's messages are written in it from the receipt on, and so is the next message outside the
 * case (a sign-in code).
 */
describe('the language a holder asks an agent for', () => {
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;

  before(async () => {
    harness = await startHarness();
    lines = await personaLines(harness);
  });
  after(() => harness.close());

  const inbox = async (address: string) =>
    (await harness.request({ method: 'GET', url: `/demo/inbox/${encodeURIComponent(address)}` })).body.messages as {
      subject: string;
      body: string;
    }[];

  test('a German holder who asks the store for Chinese gets the receipt and the next code in Chinese', async () => {
    const { msisdn, iccid } = lines['de-prepaid']![0]!;
    const store = await staffToken(harness, 'store@demo.simexit.test');

    const before = await harness.request({
      method: 'GET',
      url: `/v1/staff/lines/${encodeURIComponent(msisdn)}`,
      token: store,
    });
    assert.equal(before.status, 200, JSON.stringify(before.body));
    assert.equal(before.body.language.current, 'de');
    assert.deepEqual(before.body.language.offered, ['en', 'zh-CN', 'de']);

    const filed = await harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: store,
      payload: {
        channel: 'store',
        msisdn,
        decisions: { balance: { option: 'refund' } },
        verification: {
          method: 'id_document',
          documentType: 'id_card',
          documentNumber: 'T22000129',
          holderName: 'Jonas Müller',
        },
        holderLanguage: 'zh-CN',
      },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));

    const db = harness.system.context.db;
    const subscriberId = await db
      .selectFrom('cases')
      .select(['subscriber_id', 'language'])
      .where('id', '=', filed.body.id)
      .executeTakeFirstOrThrow();
    assert.equal(subscriberId.language, 'zh-CN');
    const chosen = await db
      .selectFrom('holder_languages')
      .select('language')
      .where('subscriber_id', '=', subscriberId.subscriber_id)
      .executeTakeFirstOrThrow();
    assert.equal(chosen.language, 'zh-CN');
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_kind', 'actor_id', 'data'])
      .where('action', '=', 'holder.language_chosen')
      .where('subscriber_id', '=', subscriberId.subscriber_id)
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_kind, 'staff');
    assert.notEqual(audit[0]!.actor_id, subscriberId.subscriber_id);
    assert.deepEqual(audit[0]!.data, { from: null, to: 'zh-CN' });

    await harness.drain();
    const receipt = (await inbox(msisdn)).at(-1)!;
    assert.match(receipt.body, /[\u4e00-\u9fff]/, `the receipt SMS is not Chinese:\n${receipt.body}`);

    const after = await harness.request({
      method: 'GET',
      url: `/v1/staff/lines/${encodeURIComponent(msisdn)}`,
      token: store,
    });
    assert.equal(after.body.language.current, 'zh-CN');

    // The next message outside the case: a code asked for without naming a language.
    const sent = await harness.request({ method: 'POST', url: '/v1/auth/codes', payload: { msisdn, iccid } });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    await latestCode(harness, msisdn);
    const code = (await inbox(msisdn)).at(-1)!;
    assert.match(`${code.subject}\n${code.body}`, /验证码/, `the code is not in Chinese:\n${code.body}`);
  });

  test('a language simexit writes no messages in is refused with the stable code', async () => {
    const { msisdn } = lines['de-contract']![0]!;
    const store = await staffToken(harness, 'store@demo.simexit.test');
    const refused = await harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: store,
      payload: {
        channel: 'store',
        msisdn,
        verification: { method: 'id_document', documentType: 'id_card', documentNumber: 'L01X00T47', holderName: 'x' },
        holderLanguage: 'fr',
      },
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'VALIDATION_FAILED');
  });
});
