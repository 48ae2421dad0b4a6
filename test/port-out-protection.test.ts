import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  clientToken,
  latestCode,
  personaLines,
  signInWithIccid,
  staffToken,
  startHarness,
  type Harness,
} from './support/harness.js';

/**
 * Port-out and SIM-change protection (issue 10): no PAC for the market's days after a SIM change, with
 * the reason and what to do; a free lock on porting and cancellation that every channel respects and
 * that only the holder, signed in with the account login, lifts; every contact told of both.
 */
describe('port-out and SIM-change protection', () => {
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;
  const line = (persona: string, index = 0) => lines[persona]![index]!;
  const text = (from: string, body: string) =>
    harness.request({ method: 'POST', url: '/demo/sms/inbound', payload: { from, text: body } });
  const inbox = async (address: string) => {
    await harness.drain();
    return (await harness.request({ method: 'GET', url: `/demo/inbox/${encodeURIComponent(address)}` })).body
      .messages as { subject: string; body: string }[];
  };
  /** A session proven through the account login: the code goes to the account e-mail. */
  const signInWithLogin = async (msisdn: string, accountLogin: string, email: string) => {
    const sent = await harness.request({ method: 'POST', url: '/v1/auth/codes', payload: { msisdn, accountLogin } });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const code = await latestCode(harness, email);
    const session = await harness.request({
      method: 'POST',
      url: '/v1/auth/sessions',
      payload: { challengeId: sent.body.challengeId, code },
    });
    assert.equal(session.status, 201, JSON.stringify(session.body));
    return session.body.token as string;
  };

  before(async () => {
    harness = await startHarness();
    lines = await personaLines(harness);
  });
  after(() => harness.close());

  test('a PAC texted the day after a SIM swap is refused with when it can be asked for; no code exists', async () => {
    const { msisdn } = line('uk-sim-swap');
    assert.equal((await text(msisdn, 'PAC')).status, 202);
    const reply = (await inbox(msisdn)).at(-1)!;
    assert.match(reply.body, /We cannot issue a PAC yet: the SIM card of this number was changed recently/);
    assert.match(reply.body, /a PAC can be requested from 29 November 2026 at \d\d:\d\d \(UK time\)/);
    assert.match(reply.body, /If you did not change your SIM, call us at once/);
    const codes = await harness.system.context.db
      .selectFrom('switching_codes')
      .select('code')
      .where('msisdn', '=', msisdn)
      .execute();
    assert.deepEqual(codes, []);
    const audit = await harness.system.context.db
      .selectFrom('audit_log')
      .select(['data'])
      .where('action', '=', 'switching_code.refused')
      .executeTakeFirstOrThrow();
    assert.equal(audit.data.reason, 'recent_sim_change');
    // A STAC (ending the contract, not moving the number) is still answered.
    await text(msisdn, 'STAC');
    assert.match((await inbox(msisdn)).at(-1)!.body, /Your STAC is/);
  });

  test('a locked line: no cancellation on any channel and no PAC; the line alone cannot lift it, the account login can', async () => {
    const { msisdn, iccid } = line('uk-debt-arrangement');
    const lineToken = await signInWithIccid(harness, msisdn, iccid);
    const path = `/v1/lines/${encodeURIComponent(msisdn)}/lock`;
    const locked = await harness.request({ method: 'PUT', url: path, token: lineToken });
    assert.equal(locked.status, 200, JSON.stringify(locked.body));
    assert.equal(locked.body.locked, true);
    const again = await harness.request({ method: 'PUT', url: path, token: lineToken });
    assert.equal(again.body.lockedAt, locked.body.lockedAt, 'setting it again changes nothing');
    // Every contact on file is told.
    assert.ok((await inbox(msisdn)).some((m) => m.subject.includes('is locked against porting and cancellation')));
    assert.ok(
      (await inbox('grace.patel@example.co.uk')).some((m) =>
        m.subject.includes('is locked against porting and cancellation'),
      ),
    );

    const online = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token: lineToken,
      payload: { msisdn },
    });
    assert.equal(online.status, 423, JSON.stringify(online.body));
    assert.equal(online.body.error.code, 'LINE_LOCKED');
    assert.match(
      online.body.error.message,
      /lift the lock at http:\/\/simexit\.test after signing in with their account login/,
    );

    const store = await harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: await staffToken(harness, 'store@demo.simexit.test'),
      payload: {
        channel: 'store',
        msisdn,
        verification: {
          method: 'id_document',
          documentType: 'passport',
          documentNumber: '533892104',
          holderName: 'Grace Patel',
        },
      },
    });
    assert.equal(store.status, 423, JSON.stringify(store.body));
    assert.equal(store.body.error.code, 'LINE_LOCKED');

    await text(msisdn, 'PAC');
    assert.match((await inbox(msisdn)).at(-1)!.body, /We cannot issue a PAC: you locked this number/);
    await text(msisdn, 'CANCEL');
    assert.match((await inbox(msisdn)).at(-1)!.body, /locked this line against porting and cancellation/);
    const cases = await harness.system.context.db
      .selectFrom('cases')
      .select('id')
      .where('msisdn', '=', msisdn)
      .execute();
    assert.deepEqual(cases, [], 'no case was filed on any channel');

    // Whoever holds the SIM gets the line's codes: a line session may not lift the lock.
    const byLine = await harness.request({ method: 'DELETE', url: path, token: lineToken });
    assert.equal(byLine.status, 403, JSON.stringify(byLine.body));
    assert.equal(byLine.body.error.code, 'FORBIDDEN');
    assert.match(byLine.body.error.message, /sign in with your account login/);
    // Staff have no way to lift it: the route is the holder's, and a staff token is refused.
    const byStaff = await harness.request({
      method: 'DELETE',
      url: path,
      token: await staffToken(harness, 'supervisor@demo.simexit.test'),
    });
    assert.equal(byStaff.status, 403, JSON.stringify(byStaff.body));

    const accountToken = await signInWithLogin(msisdn, 'grace.patel', 'grace.patel@example.co.uk');
    const lifted = await harness.request({ method: 'DELETE', url: path, token: accountToken });
    assert.equal(lifted.status, 200, JSON.stringify(lifted.body));
    assert.equal(lifted.body.locked, false);
    assert.ok((await inbox(msisdn)).some((m) => m.subject.startsWith('The lock on') && m.body.includes('Not you?')));
    const view = await harness.request({ method: 'GET', url: path, token: accountToken });
    assert.equal(view.body.locked, false);
    const actions = (
      await harness.system.context.db
        .selectFrom('audit_log')
        .select('action')
        .where('target', '=', `line:${msisdn}`)
        .where('action', 'like', 'line.%')
        .orderBy('at')
        .execute()
    ).map((a) => a.action);
    assert.deepEqual(actions, ['line.locked', 'line.unlocked']);

    const filed = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token: accountToken,
      payload: { msisdn },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
  });

  test('a SIM change the network reports is announced at once to every contact on file, once per event', async () => {
    const { msisdn } = line('uk-sim-swap');
    const token = await clientToken(harness, 'demo-activation', 'demo-activation-secret');
    const report = (eventId: string, number = msisdn) =>
      harness.request({
        method: 'POST',
        url: '/v1/numbers/sim-changes',
        token,
        payload: { eventId, msisdn: number, changedAt: harness.clock.now().toISOString() },
      });
    const first = await report('swap-1');
    assert.equal(first.status, 202, JSON.stringify(first.body));
    assert.equal(first.body.announced, 3);
    const repeat = await report('swap-1');
    assert.equal(repeat.body.announced, 0);
    for (const address of [msisdn, '+447700900907', 'emily.clarke@example.co.uk']) {
      const notices = (await inbox(address)).filter((m) => m.subject === 'The SIM card of +44 *** *** 107 was changed');
      assert.equal(notices.length, 1, address);
      assert.match(notices[0]!.body, /Not you\? Contact us at once/);
    }
    const unknown = await report('swap-2', '+447700900999');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'LINE_NOT_FOUND');
    const bank = await clientToken(harness, 'demo-bank', 'demo-bank-secret');
    const refused = await harness.request({
      method: 'POST',
      url: '/v1/numbers/sim-changes',
      token: bank,
      payload: { eventId: 'x', msisdn, changedAt: harness.clock.now().toISOString() },
    });
    assert.equal(refused.status, 403);
  });

  test('another holder cannot lock or read the lock of a line that is not theirs', async () => {
    const mine = line('uk-prepaid-credit');
    const token = await signInWithIccid(harness, mine.msisdn, mine.iccid);
    const other = `/v1/lines/${encodeURIComponent(line('uk-contract').msisdn)}/lock`;
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const response = await harness.request({ method, url: other, token });
      assert.equal(response.status, 404, `${method}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.code, 'LINE_NOT_FOUND');
    }
  });
});
