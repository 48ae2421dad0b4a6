import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DAY,
  HOUR,
  passLineEnd,
  personaLines,
  signInWithIccid,
  staffToken,
  startHarness,
  type Harness,
} from './support/harness.js';

/**
 * Contacts on file are sacred (issue 10): every safety message reaches every contact the account has
 * on file — the line, every other verified number, the account's e-mail — and an address the requester
 * names is one more recipient, never a replacement. Each test reads the demo inbox of every contact.
 */
describe('every contact on file hears of every safety message', () => {
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;
  const line = (persona: string, index = 0) => lines[persona]![index]!;
  const as = (role: 'store' | 'clerk' | 'supervisor' | 'admin') => staffToken(harness, `${role}@demo.simexit.test`);

  /** The subjects in an address's demo inbox that mention `needle` (a case reference, say). */
  const inbox = async (address: string, needle = '') => {
    await harness.drain();
    const response = await harness.request({ method: 'GET', url: `/demo/inbox/${encodeURIComponent(address)}` });
    return (response.body.messages as { subject: string; body: string }[]).filter((m) =>
      `${m.subject}\n${m.body}`.includes(needle),
    );
  };

  before(async () => {
    harness = await startHarness();
    lines = await personaLines(harness);
  });
  after(() => harness.close());

  test('a contact number added yesterday (before any clock moves) is a risk signal; only verified numbers are written to', async () => {
    const { msisdn, iccid } = line('uk-new-contact-number');
    const token = await signInWithIccid(harness, msisdn, iccid);
    const created = await harness.request({ method: 'POST', url: '/v1/cancellations', token, payload: { msisdn } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await harness.drain();
    const stored = await harness.system.context.db
      .selectFrom('cases')
      .select(['risk_signals', 'review_route', 'contacts'])
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(stored.risk_signals, ['recent_contact_change']);
    assert.equal(stored.review_route, 'manual');
    assert.deepEqual(stored.contacts.otherSms, ['+447700900911']);
    const reference = created.body.reference as string;
    assert.ok((await inbox('+447700900911', reference)).some((m) => m.subject.startsWith('A cancellation of')));
    assert.equal((await inbox('+447700900912', reference)).length, 0, 'an unverified number is not written to');
  });

  test('online: a requested confirmationEmail is added; the line, the other verified number and the account e-mail get the receipt, "not you?" and completion', async () => {
    // uk-sim-swap: the SIM was swapped yesterday, so texts to the line may reach whoever holds the new SIM;
    // the account also has +447700900907 on file, verified long ago.
    const { msisdn, iccid } = line('uk-sim-swap');
    const token = await signInWithIccid(harness, msisdn, iccid);
    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token,
      payload: { msisdn, confirmationEmail: 'new-owner@attacker.test' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const reference = created.body.reference as string;
    const stored = await harness.system.context.db
      .selectFrom('cases')
      .select('contacts')
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(stored.contacts, {
      sms: msisdn,
      email: 'emily.clarke@example.co.uk',
      otherSms: ['+447700900907'],
      requestedEmail: 'new-owner@attacker.test',
    });
    await harness.drain();
    const everyone = [msisdn, '+447700900907', 'emily.clarke@example.co.uk', 'new-owner@attacker.test'];
    for (const address of everyone) {
      const subjects = (await inbox(address, reference)).map((m) => m.subject);
      assert.ok(
        subjects.some((s) => s.startsWith('We received your cancellation')),
        `receipt to ${address}: ${subjects.join(' | ')}`,
      );
      assert.ok(
        subjects.some((s) => s.startsWith('A cancellation of')),
        `"not you?" to ${address}: ${subjects.join(' | ')}`,
      );
    }
    const warning = (await inbox('+447700900907', reference)).find((m) => m.subject.startsWith('A cancellation of'))!;
    assert.match(warning.body, /Not you\? Stop it here: http:\/\/simexit\.test\/cases\//);

    // Review by two people (recent SIM swap), execution, completion: the notice reaches everyone too.
    await harness.advance(25 * HOUR);
    for (const role of ['clerk', 'supervisor'] as const) {
      const approved = await harness.request({
        method: 'POST',
        url: `/v1/staff/cases/${created.body.id}/approve`,
        token: await as(role),
        payload: {},
      });
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
    }
    await harness.advance(DAY);
    // A post-paid line with 30 days' notice: switched off on the date the receipt gave.
    await passLineEnd(harness, created.body.id);
    const view = await harness.request({
      method: 'GET',
      url: `/v1/staff/cases/${created.body.id}`,
      token: await as('clerk'),
    });
    assert.equal(view.body.state, 'completed', JSON.stringify(view.body.timeline));
    for (const address of everyone) {
      const subjects = (await inbox(address, reference)).map((m) => m.subject);
      assert.ok(subjects.includes('+44 *** *** 107 is cancelled'), `completion to ${address}: ${subjects.join(' | ')}`);
    }
  });

  test('store: the agent keys in an address for the confirmation; the account e-mail still receives everything', async () => {
    const { msisdn } = line('uk-prepaid-credit');
    const filed = await harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: await as('store'),
      payload: {
        channel: 'store',
        msisdn,
        confirmationEmail: 'AMELIA.HUGHES@example.co.uk',
        decisions: { balance: { option: 'refund' } },
        verification: {
          method: 'id_document',
          documentType: 'passport',
          documentNumber: '502135467',
          holderName: 'Amelia Hughes',
        },
      },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const reference = filed.body.reference as string;
    // The same address in other letters is the account's own: one e-mail, not two.
    const account = await inbox('amelia.hughes@example.co.uk', reference);
    assert.equal(account.filter((m) => m.subject.startsWith('We received your cancellation')).length, 1);

    const other = await harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: await as('store'),
      payload: {
        channel: 'store',
        msisdn: line('de-prepaid').msisdn,
        confirmationEmail: 'someone-else@example.test',
        decisions: { balance: { option: 'refund' } },
        verification: {
          method: 'id_document',
          documentType: 'id_card',
          documentNumber: 'T22000129',
          holderName: 'Jonas Müller',
        },
      },
    });
    assert.equal(other.status, 201, JSON.stringify(other.body));
    const germanReference = other.body.reference as string;
    // A different address is an extra recipient: both get the receipt (in German: "ist eingegangen").
    for (const address of ['jonas.mueller@example.de', 'someone-else@example.test']) {
      const received = await inbox(address, germanReference);
      assert.ok(
        received.some((m) => m.subject.includes('ist eingegangen')),
        `receipt to ${address}`,
      );
    }
  });

  test('PAC issued: the code goes to the line only; every other contact is told at once, without the code', async () => {
    const { msisdn } = line('uk-new-contact-number');
    const sent = await harness.request({
      method: 'POST',
      url: '/demo/sms/inbound',
      payload: { from: msisdn, text: 'PAC' },
    });
    assert.equal(sent.status, 202);
    const reply = (await inbox(msisdn, 'Your PAC is')).at(-1)!;
    const code = /Your PAC is ([A-Z]{3}\d{6})/.exec(reply.body)![1]!;
    for (const address of ['+447700900911', 'isla.morgan@example.co.uk']) {
      const notice = (await inbox(address, 'A PAC was issued')).at(-1);
      assert.ok(notice, `notice to ${address}`);
      assert.ok(!notice.body.includes(code), 'the code never leaves the line');
      assert.match(notice.body, /Not you\?/);
    }
    assert.equal((await inbox('+447700900912', 'PAC')).length, 0);
  });

  test('bulk run: the notice and every later stage reach the other verified numbers, also once the line is fully barred', async () => {
    await harness.system.demo!.seedSyntheticLines(1);
    const ddb = harness.system.demo!.ddb;
    const { msisdn: target, subscriber_id } = await ddb
      .selectFrom('lines')
      .select(['msisdn', 'subscriber_id'])
      .where('subscriber_id', 'like', 'synthetic-%')
      .orderBy('msisdn')
      .executeTakeFirstOrThrow();
    const at = harness.clock.now();
    await ddb
      .insertInto('contact_numbers')
      .values([
        { subscriber_id, msisdn: '+447700900921', verified_at: at, changed_at: at },
        { subscriber_id, msisdn: '+447700900922', verified_at: null, changed_at: at },
      ])
      .execute();
    const created = await harness.request({
      method: 'POST',
      url: '/v1/admin/bulk-runs',
      token: await as('admin'),
      payload: {
        market: 'UK',
        name: 'Contacts run',
        linesPerSecond: 1000,
        delaySeconds: { bar_outgoing: 3600, bar_full: 3600, deactivate: 3600 },
        csv: `msisdn\n${target}\n`,
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await harness.advance(0);
    for (let i = 0; i < 3; i++) await harness.advance(HOUR + 1000);
    const subjects = (await inbox('+447700900921')).map((m) => m.subject);
    assert.ok(
      subjects.some((s) => s.startsWith('Action needed to keep')),
      subjects.join(' | '),
    );
    assert.ok(
      subjects.some((s) => s.startsWith('Outgoing calls and texts')),
      subjects.join(' | '),
    );
    assert.ok(
      subjects.some((s) => s.startsWith('All service on')),
      subjects.join(' | '),
    );
    assert.ok(
      subjects.some((s) => s.endsWith('is cancelled')),
      subjects.join(' | '),
    );
    // The barred line itself is not texted once fully barred; the unverified number never is.
    const own = (await inbox(target)).map((m) => m.subject);
    assert.ok(!own.some((s) => s.startsWith('All service on')), own.join(' | '));
    assert.equal((await inbox('+447700900922')).length, 0);
  });
});
