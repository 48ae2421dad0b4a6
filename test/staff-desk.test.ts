import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY, HOUR, personaLines, signInWithIccid, staffToken, startHarness, type Harness } from './support/harness.js';

/** The console's desk: search by number, ICCID or login; work lists; notes; the staff copy of the receipt. */
describe('staff desk', () => {
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;
  const line = (persona: string, index = 0) => lines[persona]![index]!;
  const as = (role: 'agent' | 'store' | 'clerk' | 'supervisor') => staffToken(harness, `${role}@demo.simexit.test`);

  before(async () => {
    harness = await startHarness();
    lines = await personaLines(harness);
  });
  after(() => harness.close());

  test('search finds a line by number, by SIM serial and every line of an account by login', async () => {
    const token = await as('agent');
    const search = (q: string) =>
      harness.request({ method: 'GET', url: `/v1/staff/search?q=${encodeURIComponent(q)}`, token });
    const byNumber = await search('+447700900109');
    assert.equal(byNumber.status, 200);
    assert.equal(byNumber.body.kind, 'msisdn');
    assert.deepEqual(
      byNumber.body.lines.map((l: { msisdn: string }) => l.msisdn),
      ['+447700900109'],
    );
    assert.equal(byNumber.body.lines[0].subscriber.name.length > 0, true);
    const byIccid = await search(line('uk-two-lines', 1).iccid);
    assert.equal(byIccid.body.kind, 'iccid');
    assert.deepEqual(
      byIccid.body.lines.map((l: { msisdn: string }) => l.msisdn),
      [line('uk-two-lines', 1).msisdn],
    );
    const byLogin = await search('charlotte.evans');
    assert.equal(byLogin.body.kind, 'account');
    assert.deepEqual(
      byLogin.body.lines.map((l: { msisdn: string }) => l.msisdn),
      lines['uk-two-lines']!.map((l) => l.msisdn),
    );
    assert.deepEqual((await search('nobody.here')).body.lines, []);
    const bad = await search('+44 12');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'INVALID_MSISDN');
    const subscriber = await signInWithIccid(harness, line('uk-debt').msisdn, line('uk-debt').iccid);
    const forbidden = await harness.request({
      method: 'GET',
      url: '/v1/staff/search?q=charlotte.evans',
      token: subscriber,
    });
    assert.equal(forbidden.status, 403);
  });

  test('notes: a message reaches the holder, an internal note only staff; the staff get the receipt', async () => {
    const { msisdn, iccid } = line('uk-debt-arrangement');
    const holder = await signInWithIccid(harness, msisdn, iccid);
    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token: holder,
      payload: { msisdn },
    });
    assert.equal(created.status, 201);
    const id = created.body.id;
    const agent = await as('agent');
    for (const [body, visibility] of [
      ['Caller asked how long it takes; explained the 24-hour window.', 'internal'],
      ['We have your request and will confirm by text.', 'subscriber'],
    ]) {
      const noted = await harness.request({
        method: 'POST',
        url: `/v1/staff/cases/${id}/notes`,
        token: agent,
        payload: { body, visibility },
      });
      assert.equal(noted.status, 201, JSON.stringify(noted.body));
    }
    const staffView = await harness.request({ method: 'GET', url: `/v1/staff/cases/${id}`, token: agent });
    const staffLog = staffView.body.communications.map((c: { channel: string; body: string }) => [c.channel, c.body]);
    assert.deepEqual(staffLog.slice(-2), [
      ['note', 'Caller asked how long it takes; explained the 24-hour window.'],
      ['portal', 'We have your request and will confirm by text.'],
    ]);
    const holderView = await harness.request({ method: 'GET', url: `/v1/cases/${id}`, token: holder });
    const bodies = holderView.body.communications.map((c: { body: string }) => c.body);
    assert.ok(bodies.includes('We have your request and will confirm by text.'));
    assert.ok(!bodies.some((b: string) => b.startsWith('Caller asked')), 'internal notes stay internal');
    const empty = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${id}/notes`,
      token: agent,
      payload: { body: '  ', visibility: 'internal' },
    });
    assert.equal(empty.status, 400);
    const receipt = await harness.request({ method: 'GET', url: `/v1/staff/cases/${id}/receipt.pdf`, token: agent });
    assert.equal(receipt.status, 200);
    assert.equal(receipt.raw.subarray(0, 5).toString(), '%PDF-');
  });

  test('card returns: waiting cases with their deadline; overdue once rejected for a card that never came', async () => {
    const { msisdn, iccid } = line('uk-data-card-return');
    const holder = await signInWithIccid(harness, msisdn, iccid);
    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token: holder,
      payload: { msisdn, decisions: { balance: { option: 'forfeit', acknowledged: true } } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await harness.drain();
    await harness.advance(25 * HOUR);
    const list = async () =>
      harness.request({ method: 'GET', url: '/v1/staff/work?list=card_returns', token: await as('clerk') });
    const waiting = await list();
    assert.equal(waiting.status, 200);
    const row = waiting.body.cases.find((c: { id: string }) => c.id === created.body.id);
    assert.equal(row.state, 'awaiting_card_return');
    assert.equal(row.overdue, false);
    assert.ok(row.deadline);
    await harness.advance(30 * DAY);
    const overdue = (await list()).body.cases.find((c: { id: string }) => c.id === created.body.id);
    assert.equal(overdue.state, 'rejected');
    assert.equal(overdue.reasonCode, 'card_not_returned');
    assert.equal(overdue.overdue, true);
    const agentTries = await harness.request({
      method: 'GET',
      url: '/v1/staff/work?list=card_returns',
      token: await as('agent'),
    });
    assert.equal(agentTries.status, 403);
    const failed = await harness.request({
      method: 'GET',
      url: '/v1/staff/work?list=failed',
      token: await as('agent'),
    });
    assert.equal(failed.status, 200);
    assert.deepEqual(failed.body.cases, []);
    const unknown = await harness.request({ method: 'GET', url: '/v1/staff/work?list=all', token: await as('agent') });
    assert.equal(unknown.status, 400);
  });
});
