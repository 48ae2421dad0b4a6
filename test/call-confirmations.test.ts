import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  askLineToConfirm,
  confirmedCall,
  personaLines,
  signInWithIccid,
  staffSignIn,
  staffToken,
  startHarness,
  type Harness,
} from './support/harness.js';

/**
 * Assisted verification without reading codes aloud: the agent asks the line on file to confirm the
 * call, the holder replies YES <reference> or taps the link, and only a confirmed, unexpired, unused
 * confirmation from the same agent session, for the same line, outside the SIM-swap window files a case.
 */
describe('call confirmations', () => {
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;
  const line = (persona: string, index = 0) => lines[persona]![index]!;
  const agent = () => staffToken(harness, 'agent@demo.simexit.test');

  before(async () => {
    harness = await startHarness();
    lines = await personaLines(harness);
  });
  after(() => harness.close());

  const file = async (token: string, msisdn: string, confirmationId: string, channel = 'phone') =>
    harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token,
      payload: { channel, msisdn, verification: { method: 'line_confirmation', confirmationId } },
    });
  const status = async (token: string, id: string) =>
    harness.request({ method: 'GET', url: `/v1/staff/call-confirmations/${id}`, token });
  const text = async (from: string, body: string) => {
    const sent = await harness.request({ method: 'POST', url: '/demo/sms/inbound', payload: { from, text: body } });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    await harness.drain();
  };
  const inbox = async (address: string) =>
    (await harness.request({ method: 'GET', url: `/demo/inbox/${encodeURIComponent(address)}` })).body.messages as {
      subject: string;
      body: string;
    }[];
  const audit = async (msisdn: string) =>
    (
      await harness.system.context.db
        .selectFrom('audit_log')
        .select(['action', 'actor_kind'])
        .where('target', '=', `line:${msisdn}`)
        .where('action', 'like', 'call_confirmation.%')
        .orderBy('at')
        .execute()
    ).map((row) => row.action);

  test('the text goes to the line on file; the agent never sees the reference or the link; YES files the case', async () => {
    const { msisdn } = line('uk-two-lines', 1);
    const token = await agent();
    // The agent cannot name where the text goes: the body takes the number of the line only.
    const elsewhere = await harness.request({
      method: 'POST',
      url: '/v1/staff/call-confirmations',
      token,
      payload: { msisdn, sendTo: '+447700900999' },
    });
    assert.equal(elsewhere.status, 400);
    assert.equal(elsewhere.body.error.code, 'VALIDATION_FAILED');

    const sent = await askLineToConfirm(harness, token, msisdn);
    const pending = await status(token, sent.confirmationId);
    assert.equal(pending.status, 200);
    assert.deepEqual(Object.keys(pending.body).sort(), [
      'confirmationId',
      'confirmedAt',
      'deniedAt',
      'expiresAt',
      'msisdn',
      'sentTo',
      'status',
    ]);
    assert.equal(pending.body.status, 'pending');
    assert.ok(!JSON.stringify(pending.body).includes(sent.reference), 'the agent does not see the reference');
    const request = (await inbox(msisdn)).find((m) => m.body.includes(`YES ${sent.reference}`))!;
    assert.match(request.body, /Do not read this message or any code to anyone\./);
    assert.match(request.body, /we never ask you to read a code to anyone/);

    // Before the holder answers, nothing can be filed.
    const early = await file(token, msisdn, sent.confirmationId);
    assert.equal(early.status, 409);
    assert.equal(early.body.error.code, 'CALL_CONFIRMATION_PENDING');

    await text(msisdn, `yes ${sent.reference.toLowerCase()}`);
    assert.ok((await inbox(msisdn)).some((m) => m.body.startsWith('Thank you: the call is confirmed')));
    const confirmed = await status(token, sent.confirmationId);
    assert.equal(confirmed.body.status, 'confirmed');

    const filed = await file(token, msisdn, sent.confirmationId);
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.deepEqual(filed.body.staff.verification, {
      method: 'line_confirmation',
      confirmationId: sent.confirmationId,
      staffId: filed.body.staff.verification.staffId,
    });
    assert.equal((await status(token, sent.confirmationId)).body.status, 'used');
    assert.deepEqual(await audit(msisdn), ['call_confirmation.requested', 'call_confirmation.confirmed']);

    // Single use: the same confirmation files nothing else, and a holder's late answer changes nothing.
    const again = await file(token, msisdn, sent.confirmationId, 'chat');
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'CALL_CONFIRMATION_USED');
    const lateYes = await harness.request({
      method: 'POST',
      url: `/v1/call-confirmations/${sent.linkToken}/confirm`,
    });
    assert.equal(lateYes.status, 409);
    assert.equal(lateYes.body.error.code, 'CALL_CONFIRMATION_USED');
  });

  test('a confirmation expires after 10 minutes, for the holder and for the agent', async () => {
    const { msisdn } = line('uk-contract');
    const token = await agent();
    const sent = await askLineToConfirm(harness, token, msisdn);
    const page = await harness.request({ method: 'GET', url: `/v1/call-confirmations/${sent.linkToken}` });
    assert.equal(page.status, 200);
    assert.equal(page.body.sentTo, '+44 *** *** 104');
    assert.equal(page.body.status, 'pending');
    harness.clock.advance(10 * 60_000 + 1);
    const late = await harness.request({ method: 'POST', url: `/v1/call-confirmations/${sent.linkToken}/confirm` });
    assert.equal(late.status, 410);
    assert.equal(late.body.error.code, 'CALL_CONFIRMATION_EXPIRED');
    assert.equal((await status(token, sent.confirmationId)).body.status, 'expired');

    // Confirmed in time, filed too late: a stale "yes" says nothing about the call now.
    const second = await confirmedCall(harness, token, msisdn);
    harness.clock.advance(10 * 60_000 + 1);
    const filed = await file(token, msisdn, second);
    assert.equal(filed.status, 410);
    assert.equal(filed.body.error.code, 'CALL_CONFIRMATION_EXPIRED');
  });

  test('a confirmation belongs to the agent session that asked, and to its line', async () => {
    const { msisdn } = line('uk-debt-arrangement');
    const token = await agent();
    const id = await confirmedCall(harness, token, msisdn);

    const supervisor = await staffToken(harness, 'supervisor@demo.simexit.test');
    for (const [who, other] of [
      ['another agent', supervisor],
      ['the same agent signed in again', await staffSignIn(harness, 'agent@demo.simexit.test')],
    ] as const) {
      const read = await status(other, id);
      assert.equal(read.status, 403, who);
      assert.equal(read.body.error.code, 'CALL_CONFIRMATION_NOT_YOURS', who);
      const filed = await file(other, msisdn, id);
      assert.equal(filed.status, 403, who);
      assert.equal(filed.body.error.code, 'CALL_CONFIRMATION_NOT_YOURS', who);
    }

    const otherLine = await file(token, line('us-postpaid').msisdn, id);
    assert.equal(otherLine.status, 422);
    assert.equal(otherLine.body.error.code, 'CALL_CONFIRMATION_WRONG_LINE');

    const unknown = await status(token, '00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'CALL_CONFIRMATION_NOT_FOUND');

    // Nothing above spent it: its own agent session still files with it.
    const filed = await file(token, msisdn, id);
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
  });

  test('refused within the SIM-swap window, when asked and when a SIM change comes in before filing', async () => {
    const token = await agent();
    const swapped = line('uk-sim-swap').msisdn;
    const refused = await harness.request({
      method: 'POST',
      url: '/v1/staff/call-confirmations',
      token,
      payload: { msisdn: swapped },
    });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'SIM_CHANGED_RECENTLY');
    assert.ok(!(await inbox(swapped)).some((m) => m.body.includes('/confirm-call/')), 'nothing was texted');
    assert.deepEqual(await audit(swapped), ['call_confirmation.refused']);

    const { msisdn } = line('uk-data-card-return');
    const id = await confirmedCall(harness, token, msisdn);
    const simSwap = harness.system.context.ports.simSwap;
    const original = simSwap.latestSimChange;
    simSwap.latestSimChange = async (number) => (number === msisdn ? harness.clock.now() : original(number));
    try {
      const filed = await file(token, msisdn, id);
      assert.equal(filed.status, 409);
      assert.equal(filed.body.error.code, 'SIM_CHANGED_RECENTLY');
    } finally {
      simSwap.latestSimChange = original;
    }
  });

  test('"This wasn\'t me" on the page is recorded, told to every contact on file, and refuses filing', async () => {
    const { msisdn } = line('uk-new-contact-number');
    const token = await agent();
    const sent = await askLineToConfirm(harness, token, msisdn);
    const denied = await harness.request({ method: 'POST', url: `/v1/call-confirmations/${sent.linkToken}/deny` });
    assert.equal(denied.status, 200, JSON.stringify(denied.body));
    assert.equal(denied.body.status, 'denied');
    assert.equal((await status(token, sent.confirmationId)).body.status, 'denied');
    const filed = await file(token, msisdn, sent.confirmationId);
    assert.equal(filed.status, 409);
    assert.equal(filed.body.error.code, 'CALL_CONFIRMATION_DENIED');
    const yes = await harness.request({ method: 'POST', url: `/v1/call-confirmations/${sent.linkToken}/confirm` });
    assert.equal(yes.status, 409);
    assert.equal(yes.body.error.code, 'CALL_CONFIRMATION_DENIED');
    assert.deepEqual(await audit(msisdn), ['call_confirmation.requested', 'call_confirmation.denied']);

    await harness.drain();
    // The line, the verified other number and the account e-mail; never the unverified number added yesterday.
    for (const address of [msisdn, '+447700900911', 'isla.morgan@example.co.uk']) {
      const alerts = (await inbox(address)).filter((m) => m.subject === 'Someone called us about +44 *** *** 111');
      assert.equal(alerts.length, 1, address);
      assert.match(alerts[0]!.body, /you told us it was not you\. We did nothing on the line/);
    }
    assert.equal(
      (await inbox('+447700900912')).filter((m) => m.subject.startsWith('Someone called us')).length,
      0,
      'an unverified number is not a contact on file',
    );
    // Answering again changes nothing and tells nobody twice.
    const again = await harness.request({ method: 'POST', url: `/v1/call-confirmations/${sent.linkToken}/deny` });
    assert.equal(again.status, 200);
    await harness.drain();
    assert.equal((await inbox(msisdn)).filter((m) => m.subject.startsWith('Someone called us')).length, 1);
  });

  test('NO <reference> from the line is "This wasn\'t me" too', async () => {
    const { msisdn } = line('us-postpaid');
    const token = await agent();
    const sent = await askLineToConfirm(harness, token, msisdn);
    await text(msisdn, 'NO ABC000');
    assert.ok((await inbox(msisdn)).some((m) => m.body.startsWith('There is nothing to answer with that reference.')));
    assert.equal((await status(token, sent.confirmationId)).body.status, 'pending');
    await text(msisdn, `NO ${sent.reference}`);
    assert.equal((await status(token, sent.confirmationId)).body.status, 'denied');
    assert.ok((await inbox('michael.johnson@example.com')).some((m) => m.subject.startsWith('Someone called us')));
  });

  test('a locked line, a flood of requests, a newer request and a bad link are refused', async () => {
    const token = await agent();
    const locked = line('uk-bound-services');
    const holder = await signInWithIccid(harness, locked.msisdn, locked.iccid);
    const lock = await harness.request({
      method: 'PUT',
      url: `/v1/lines/${encodeURIComponent(locked.msisdn)}/lock`,
      token: holder,
    });
    assert.equal(lock.status, 200, JSON.stringify(lock.body));
    const refused = await harness.request({
      method: 'POST',
      url: '/v1/staff/call-confirmations',
      token,
      payload: { msisdn: locked.msisdn },
    });
    assert.equal(refused.status, 423);
    assert.equal(refused.body.error.code, 'LINE_LOCKED');

    const { msisdn } = line('cn-prepaid');
    const first = await askLineToConfirm(harness, token, msisdn);
    const second = await askLineToConfirm(harness, token, msisdn);
    assert.equal((await status(token, first.confirmationId)).body.status, 'void');
    const replaced = await harness.request({
      method: 'POST',
      url: `/v1/call-confirmations/${first.linkToken}/confirm`,
    });
    assert.equal(replaced.status, 409);
    assert.equal(replaced.body.error.code, 'CALL_CONFIRMATION_USED');
    await askLineToConfirm(harness, token, msisdn);
    const flood = await harness.request({
      method: 'POST',
      url: '/v1/staff/call-confirmations',
      token,
      payload: { msisdn },
    });
    assert.equal(flood.status, 429);
    assert.equal(flood.body.error.code, 'RATE_LIMITED');
    assert.equal((await status(token, second.confirmationId)).body.status, 'void');

    const unknown = await harness.request({ method: 'GET', url: `/v1/call-confirmations/${'A'.repeat(43)}` });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'CALL_CONFIRMATION_NOT_FOUND');
    const malformed = await harness.request({ method: 'POST', url: '/v1/call-confirmations/short/confirm' });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.code, 'VALIDATION_FAILED');
  });
});
