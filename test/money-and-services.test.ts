import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { letterTexts } from '../src/domain/letters.js';
import { formatMessageMoney } from '../src/domain/message-formats.js';
import { policies } from '../src/domain/policy/index.js';
import { personas } from '../src/ports/adapters/demo/personas.js';
import {
  HOUR,
  latestCode,
  passLineEnd,
  personaLines,
  signInWithIccid,
  staffToken,
  startHarness,
  type Harness,
} from './support/harness.js';
import { pdfTextLines } from './support/pdf-text.js';

/**
 * Over the API and the worker: money and bound services are traceable. A transfer records the target
 * line's balance before and after (the holder sees it for their own line, staff always); each bound
 * service is recorded as it was told (when, over what, its answer), or as it failed and was retried;
 * the "cancelled" message and the confirmation letter name the services told, and a line that had
 * none hears nothing of services being told.
 */
const personaByKey = Object.fromEntries(personas.map((p) => [p.key, p]));
type Json = Record<string, unknown>;

async function file(harness: Harness, token: string, msisdn: string, decisions: Json, key: string) {
  const created = await harness.request({
    method: 'POST',
    url: '/v1/cancellations',
    token,
    headers: { 'idempotency-key': `money-and-services-${key}` },
    payload: { msisdn, decisions },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await harness.drain();
  return created.body.id as string;
}

/** After the line is gone, the former holder signs in with the account login (code by e-mail). */
async function signInWithLogin(
  harness: Harness,
  msisdn: string,
  persona: string,
  headers: Record<string, string> = {},
) {
  const { accountLogin, email } = personaByKey[persona]!;
  const sent = await harness.request({
    method: 'POST',
    url: '/v1/auth/codes',
    headers,
    payload: { msisdn, accountLogin },
  });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  const session = await harness.request({
    method: 'POST',
    url: '/v1/auth/sessions',
    headers,
    payload: { challengeId: sent.body.challengeId, code: await latestCode(harness, email) },
  });
  assert.equal(session.status, 201, JSON.stringify(session.body));
  return session.body.token as string;
}

async function letterLines(harness: Harness, token: string, caseId: string): Promise<string[]> {
  const letter = await harness.request({ method: 'GET', url: `/v1/cases/${caseId}/confirmation.pdf`, token });
  assert.equal(letter.status, 200, String(letter.body));
  return pdfTextLines(new Uint8Array(letter.raw));
}

describe('money and bound services, traceable', () => {
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;
  const staff = () => staffToken(harness, 'clerk@demo.simexit.test');
  const staffView = async (id: string) =>
    (await harness.request({ method: 'GET', url: `/v1/staff/cases/${id}`, token: await staff() })).body;
  const demoLine = (msisdn: string) =>
    harness.system.demo!.ddb.selectFrom('lines').selectAll().where('msisdn', '=', msisdn).executeTakeFirstOrThrow();

  before(async () => {
    harness = await startHarness();
    lines = await personaLines(harness);
  });
  after(() => harness.close());

  test('a transfer to the holder’s own pay-as-you-go line records its balance before and after, shown to holder, staff and in the letter', async () => {
    const [from, to] = lines['uk-two-lines']!;
    const credit = personaByKey['uk-two-lines']!.lines[0]!.prepaid!.creditMinor;
    const token = await signInWithIccid(harness, from!.msisdn, from!.iccid);
    const id = await file(
      harness,
      token,
      from!.msisdn,
      { balance: { option: 'transfer', toMsisdn: to!.msisdn } },
      't1',
    );

    // Before execution: the plan, with nothing carried out yet.
    const planned = (await harness.request({ method: 'GET', url: `/v1/cases/${id}`, token })).body;
    assert.deepEqual(planned.outcome.balance.transfer, {
      toMsisdn: to!.msisdn,
      targetOnSameAccount: null,
      targetBalance: null,
    });
    assert.equal(planned.outcome.balance.carriedOutAt, null);
    assert.deepEqual(planned.outcome.boundServices, []);

    const targetBefore = await demoLine(to!.msisdn);
    await harness.advance(policies.UK.coolingOffHours * HOUR + HOUR);
    await passLineEnd(harness, id);
    const view = await staffView(id);
    assert.equal(view.state, 'completed', JSON.stringify(view.timeline));
    const expected = {
      creditBeforeMinor: targetBefore.credit_minor,
      creditAfterMinor: targetBefore.credit_minor + credit,
      dataBeforeMb: targetBefore.data_mb,
      dataAfterMb: targetBefore.data_mb,
    };
    // The billing system agrees: the credit arrived on the target line.
    assert.equal((await demoLine(to!.msisdn)).credit_minor, expected.creditAfterMinor);
    assert.deepEqual(view.outcome.balance.transfer, {
      toMsisdn: to!.msisdn,
      targetOnSameAccount: true,
      targetBalance: expected,
    });
    assert.match(view.outcome.balance.reference, /^transfer-balance:/);
    assert.ok(view.outcome.balance.carriedOutAt);

    const holder = await signInWithLogin(harness, from!.msisdn, 'uk-two-lines');
    const mine = (await harness.request({ method: 'GET', url: `/v1/cases/${id}`, token: holder })).body;
    assert.deepEqual(mine.outcome.balance.transfer.targetBalance, expected);

    const letter = (await letterLines(harness, holder, id)).join(' ');
    const en = letterTexts.en.confirmation;
    const money = (minor: number) => formatMessageMoney(minor, 'GBP', 'en', 'en-GB');
    const masked = `+44 *** *** ${to!.msisdn.slice(-3)}`;
    assert.ok(letter.includes(en.transferred({ credit: money(credit), to: masked })), letter);
    assert.ok(
      letter.includes(
        en.targetBalance({
          to: masked,
          before: money(expected.creditBeforeMinor),
          after: money(expected.creditAfterMinor),
        }),
      ),
      letter,
    );
    // A line that had no bound services: the letter says so, and nothing was told.
    assert.ok(letter.includes(en.noServices), letter);
    assert.doesNotMatch(letter, /were told|told on/);
  });

  test('a transfer to another account’s line: staff see its balance, the holder only the move', async () => {
    const [from] = lines['uk-prepaid-credit']!;
    // A pay-as-you-go line of another account (uk-two-lines' second line).
    const to = lines['uk-two-lines']![1]!;
    const token = await signInWithIccid(harness, from!.msisdn, from!.iccid);
    const id = await file(harness, token, from!.msisdn, { balance: { option: 'transfer', toMsisdn: to.msisdn } }, 't2');
    await harness.advance(policies.UK.coolingOffHours * HOUR + HOUR);
    await passLineEnd(harness, id);
    const view = await staffView(id);
    assert.equal(view.state, 'completed', JSON.stringify(view.timeline));
    assert.equal(view.outcome.balance.transfer.targetOnSameAccount, false);
    assert.equal(
      view.outcome.balance.transfer.targetBalance.creditAfterMinor -
        view.outcome.balance.transfer.targetBalance.creditBeforeMinor,
      personaByKey['uk-prepaid-credit']!.lines[0]!.prepaid!.creditMinor,
    );
    const holder = await signInWithLogin(harness, from!.msisdn, 'uk-prepaid-credit');
    const mine = (await harness.request({ method: 'GET', url: `/v1/cases/${id}`, token: holder })).body;
    assert.equal(mine.outcome.balance.transfer.targetOnSameAccount, false);
    assert.equal(mine.outcome.balance.transfer.targetBalance, null, 'another account’s balance is not the holder’s');
    const letter = (await letterLines(harness, holder, id)).join(' ');
    assert.doesNotMatch(letter, /before, .* after/);
  });

  test('a refund keeps its amount, method and date on the case', async () => {
    const [line] = lines['de-prepaid']!;
    const token = await signInWithIccid(harness, line!.msisdn, line!.iccid);
    const id = await file(harness, token, line!.msisdn, { balance: { option: 'refund' } }, 't3');
    const view = (await harness.request({ method: 'GET', url: `/v1/cases/${id}`, token })).body;
    const item = (view.checklist as Json[]).find((i) => i.kind === 'balance') as {
      refundMinor: number;
      refund: { method: string; expectedBy: string };
    };
    assert.deepEqual(view.outcome.balance.refund, {
      amountMinor: item.refundMinor,
      method: policies.DE.balance.refundMethod,
      expectedBy: item.refund.expectedBy,
    });
  });

  test('each bound service is recorded as told (when, over what, its answer); the message and letter name them', async () => {
    const [line] = lines['uk-bound-services']!;
    const token = await signInWithIccid(harness, line!.msisdn, line!.iccid);
    const services = (
      await harness.request({
        method: 'GET',
        url: `/v1/lines/${encodeURIComponent(line!.msisdn)}/checklist`,
        token,
      })
    ).body.checklist.items.filter((i: Json) => i.kind === 'bound_service') as { serviceId: string; name: string }[];
    assert.equal(services.length, 2);
    const id = await file(
      harness,
      token,
      line!.msisdn,
      { acknowledgedServiceIds: services.map((s) => s.serviceId) },
      't4',
    );
    const pending = (await harness.request({ method: 'GET', url: `/v1/cases/${id}`, token })).body;
    assert.deepEqual(
      pending.outcome.boundServices.map((s: Json) => s.status),
      ['pending', 'pending'],
    );

    await harness.advance(policies.UK.coolingOffHours * HOUR + HOUR);
    await passLineEnd(harness, id);
    const view = await staffView(id);
    assert.equal(view.state, 'completed', JSON.stringify(view.timeline));
    const completedAt = (view.timeline as { to: string; at: string }[]).find((e) => e.to === 'completed')!.at;
    for (const service of view.outcome.boundServices as Json[]) {
      assert.equal(service.status, 'told');
      assert.equal(service.channel, 'webhook');
      assert.match(String(service.recipient), /^https:\/\/[a-z-]+\.example\/number-events$/);
      assert.match(String(service.acknowledgement), /^ACK-[0-9A-F]{8}$/);
      assert.equal(service.attempts, 1);
      assert.ok(String(service.toldAt) <= completedAt);
      assert.equal(service.lastError, null);
    }
    assert.deepEqual(
      (view.outcome.boundServices as Json[]).map((s) => s.name),
      services.map((s) => s.name),
    );

    const holder = await signInWithLogin(harness, line!.msisdn, 'uk-bound-services');
    const mine = (await harness.request({ method: 'GET', url: `/v1/cases/${id}`, token: holder })).body;
    for (const service of mine.outcome.boundServices as Json[]) {
      assert.equal(service.status, 'told');
      assert.ok(service.toldAt && service.acknowledgement);
      assert.equal('recipient' in service || 'lastError' in service, false, 'staff details stay with staff');
    }

    // The "cancelled" e-mail names both services; the letter lists each as told.
    const mail = (
      await harness.request({
        method: 'GET',
        url: `/demo/inbox/${encodeURIComponent(personaByKey['uk-bound-services']!.email)}`,
      })
    ).body.messages as { subject: string; body: string }[];
    const cancelled = mail.find((m) => m.body.includes('is now cancelled'))!;
    assert.ok(cancelled, JSON.stringify(mail.map((m) => m.subject)));
    assert.match(
      cancelled.body,
      /We told the services that used the number: Northbank online banking and PayQuick wallet\./,
    );
    const letter = await letterLines(harness, holder, id);
    const text = letter.join(' ');
    for (const service of mine.outcome.boundServices as { name: string; acknowledgement: string }[]) {
      assert.ok(text.includes(`${service.name} (`) && text.includes(`their answer: ${service.acknowledgement}.`), text);
    }
    assert.ok(!text.includes(letterTexts.en.confirmation.noServices));
  });

  test('a line with no bound services: the "cancelled" message and the letter say nothing of services told', async () => {
    const [line] = lines['uk-debt-arrangement']!;
    const token = await signInWithIccid(harness, line!.msisdn, line!.iccid);
    const id = await file(harness, token, line!.msisdn, {}, 't5');
    await harness.advance(policies.UK.coolingOffHours * HOUR + HOUR);
    await passLineEnd(harness, id);
    const view = await staffView(id);
    assert.equal(view.state, 'completed');
    assert.deepEqual(view.outcome, { balance: null, boundServices: [] });
    const cancelled = (view.communications as { template: string; body: string }[]).filter(
      (m) => m.template === 'completed',
    );
    assert.ok(cancelled.length > 0);
    for (const message of cancelled) assert.doesNotMatch(message.body, /services|told/i);
    const holder = await signInWithLogin(harness, line!.msisdn, 'uk-debt-arrangement');
    const text = (await letterLines(harness, holder, id)).join(' ');
    assert.ok(text.includes(letterTexts.en.confirmation.noServices), text);
    assert.doesNotMatch(text, /were told|told on|told when/);
  });
});

describe('a bound service that does not answer', () => {
  test('is recorded as failed with its error, the others as told; a retry tells it once more and no one twice', async (t) => {
    const harness = await startHarness({ env: { JOB_RETRY_LIMIT: '0' } });
    t.after(() => harness.close());
    const [line] = (await personaLines(harness))['uk-bound-services']!;
    const webhooks = harness.system.context.ports.webhooks;
    const notify = webhooks.notifyBoundService;
    const calls: string[] = [];
    let bankDown = true;
    webhooks.notifyBoundService = async (msisdn, service, event, key) => {
      calls.push(service.name);
      if (bankDown && service.kind === 'bank') throw new Error('Northbank endpoint answered 503');
      return notify(msisdn, service, event, key);
    };
    const token = await signInWithIccid(harness, line!.msisdn, line!.iccid);
    const id = await file(
      harness,
      token,
      line!.msisdn,
      { acknowledgedServiceIds: ['447700900105-1', '447700900105-2'] },
      'f1',
    );
    await harness.advance(policies.UK.coolingOffHours * HOUR + HOUR);
    await passLineEnd(harness, id);
    const supervisor = await staffToken(harness, 'supervisor@demo.simexit.test');
    const read = async () =>
      (await harness.request({ method: 'GET', url: `/v1/staff/cases/${id}`, token: supervisor })).body;
    let view = await read();
    assert.equal(view.state, 'failed', JSON.stringify(view.timeline));
    const [bank, wallet] = view.outcome.boundServices as Json[];
    assert.deepEqual(
      [bank!.status, bank!.attempts, bank!.lastError, bank!.toldAt],
      ['failed', 1, 'Northbank endpoint answered 503', null],
    );
    assert.deepEqual([wallet!.status, wallet!.attempts], ['told', 1]);

    bankDown = false;
    const retried = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${id}/retry`,
      token: supervisor,
      payload: {},
    });
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    await harness.drain();
    view = await read();
    assert.equal(view.state, 'completed');
    const [bankAfter, walletAfter] = view.outcome.boundServices as Json[];
    assert.deepEqual([bankAfter!.status, bankAfter!.attempts, bankAfter!.lastError], ['told', 2, null]);
    assert.deepEqual([walletAfter!.status, walletAfter!.attempts], ['told', 1]);
    assert.deepEqual(calls, ['Northbank online banking', 'PayQuick wallet', 'Northbank online banking']);
  });
});
