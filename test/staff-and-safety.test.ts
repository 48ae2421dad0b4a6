import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  confirmedCall,
  HOUR,
  latestCode,
  personaLines,
  signInWithIccid,
  staffToken,
  startHarness,
  type Harness,
} from './support/harness.js';

/** Assisted channels, review with a request for information, "not you? stop it", authorisation, lock-out. */
describe('staff channels, review and safety', () => {
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;
  const line = (persona: string, index = 0) => lines[persona]![index]!;
  const enc = encodeURIComponent;
  const as = (role: 'agent' | 'store' | 'clerk') => staffToken(harness, `${role}@demo.simexit.test`);

  before(async () => {
    harness = await startHarness();
    lines = await personaLines(harness);
  });
  after(() => harness.close());

  test('phone: the holder confirms the call from the line on file; the verification is recorded', async () => {
    const { msisdn } = line('uk-debt-arrangement');
    const confirmationId = await confirmedCall(harness, await as('agent'), msisdn);
    const wrongRole = await harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: await as('store'),
      payload: {
        channel: 'phone',
        msisdn,
        verification: { method: 'line_confirmation', confirmationId },
      },
    });
    assert.equal(wrongRole.status, 403);
    assert.equal(wrongRole.body.error.code, 'FORBIDDEN');
    const filed = await harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: await as('agent'),
      payload: {
        channel: 'phone',
        msisdn,
        verification: { method: 'line_confirmation', confirmationId },
      },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.equal(filed.body.channel, 'phone');
    assert.equal(filed.body.staff.verification.method, 'line_confirmation');
    assert.equal(filed.body.staff.verification.confirmationId, confirmationId);
    // The receipt goes to the holder exactly as online.
    await harness.drain();
    const inbox = (await harness.request({ method: 'GET', url: `/demo/inbox/${enc(msisdn)}` })).body.messages as {
      subject: string;
    }[];
    assert.ok(inbox.some((m) => m.subject.startsWith('We received your cancellation')));
    // The confirmation cannot be used twice.
    const reuse = await harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: await as('agent'),
      payload: {
        channel: 'chat',
        msisdn,
        verification: { method: 'line_confirmation', confirmationId },
      },
    });
    assert.equal(reuse.status, 409);
    assert.equal(reuse.body.error.code, 'CALL_CONFIRMATION_USED');
  });

  test('store: an ID document that does not match the account is refused with the reason, and no case exists', async () => {
    const { msisdn } = line('uk-contract');
    const refused = await harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: await as('store'),
      payload: {
        channel: 'store',
        msisdn,
        decisions: { acceptEarlyTerminationCharge: true },
        verification: {
          method: 'id_document',
          documentType: 'passport',
          documentNumber: '512876930',
          holderName: 'Harriet Walker',
        },
      },
    });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.code, 'IDENTITY_MISMATCH');
    assert.deepEqual(refused.body.error.details.mismatched, ['name']);
    const lookup = await harness.request({
      method: 'GET',
      url: `/v1/staff/lines/${enc(msisdn)}`,
      token: await as('store'),
    });
    assert.equal(lookup.body.openCaseId, null);

    const filed = await harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: await as('store'),
      payload: {
        channel: 'store',
        msisdn,
        decisions: { acceptEarlyTerminationCharge: true },
        verification: {
          method: 'id_document',
          documentType: 'passport',
          documentNumber: '512876930',
          holderName: 'harry  walker',
        },
      },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.equal(filed.body.staff.verification.documentNumberLast4, '6930');
  });

  test('mail: a letter that matches is filed with its scan; one whose name does not match is rejected with the reason', async () => {
    const scan = {
      filename: 'letter.pdf',
      contentType: 'application/pdf',
      contentBase64: Buffer.from('%PDF-1.4 scanned letter').toString('base64'),
    };
    const good = await harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: await as('clerk'),
      payload: {
        channel: 'mail',
        msisdn: line('de-prepaid').msisdn,
        decisions: { balance: { option: 'refund' } },
        verification: {
          method: 'mailed_letter',
          holderName: 'Jonas Müller',
          address: null,
          dateOfBirth: '1987-07-07',
          letterDate: '2026-11-20',
          scan,
        },
      },
    });
    assert.equal(good.status, 201, JSON.stringify(good.body));
    assert.equal(good.body.state, 'submitted');
    const document = good.body.staff.documents[0];
    const download = await harness.request({
      method: 'GET',
      url: `/v1/staff/cases/${good.body.id}/documents/${document.id}`,
      token: await as('clerk'),
    });
    assert.equal(download.status, 200);
    assert.equal(download.raw.toString(), '%PDF-1.4 scanned letter');

    const mismatch = await harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: await as('clerk'),
      payload: {
        channel: 'mail',
        msisdn: line('uk-bound-services').msisdn,
        decisions: { acknowledgedServiceIds: ['447700900105-1', '447700900105-2'] },
        verification: {
          method: 'mailed_letter',
          holderName: 'Sophie Taylor',
          address: null,
          dateOfBirth: null,
          letterDate: '2026-11-19',
          scan,
          onMismatch: { outcome: 'reject', reason: 'identity_mismatch', note: null },
        },
      },
    });
    assert.equal(mismatch.status, 201, JSON.stringify(mismatch.body));
    assert.equal(mismatch.body.state, 'rejected');
    assert.equal(mismatch.body.reasonCode, 'identity_mismatch');
    assert.deepEqual(mismatch.body.staff.verification.mismatched, ['name']);
    await harness.drain();
    const inbox = (
      await harness.request({ method: 'GET', url: `/demo/inbox/${enc(line('uk-bound-services').msisdn)}` })
    ).body.messages as { subject: string; body: string }[];
    // The holder reads the reason in words, never its code.
    const rejection = inbox.find((m) => m.subject.startsWith('We could not cancel'));
    assert.match(rejection?.body ?? '', /was not accepted: the details did not match our records\./);
    assert.doesNotMatch(rejection?.body ?? '', /identity_mismatch/);
  });

  test('review: a request for information is answered by the subscriber, then the case is rejected with a reason', async () => {
    const { msisdn, iccid } = line('uk-contact-change');
    let token = await signInWithIccid(harness, msisdn, iccid);
    const created = await harness.request({ method: 'POST', url: '/v1/cancellations', token, payload: { msisdn } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    await harness.drain();
    await harness.advance(25 * HOUR);
    const asked = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${id}/request-info`,
      token: await as('clerk'),
      payload: { message: 'Please confirm the e-mail address change of 2 days ago was yours.' },
    });
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    assert.equal(asked.body.state, 'needs_info');
    token = await signInWithIccid(harness, msisdn, iccid);
    const answered = await harness.request({
      method: 'POST',
      url: `/v1/cases/${id}/info`,
      token,
      payload: { message: 'Yes, I changed it.' },
    });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    assert.equal(answered.body.state, 'in_review');
    assert.ok((answered.body.communications as { body: string }[]).some((c) => c.body === 'Yes, I changed it.'));
    const rejected = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${id}/reject`,
      token: await as('clerk'),
      payload: { reason: 'suspected_fraud', note: 'caller could not confirm' },
    });
    assert.equal(rejected.status, 200);
    assert.equal(rejected.body.state, 'rejected');
    assert.equal(rejected.body.reasonCode, 'suspected_fraud');
    // Rejected: the subscriber may submit again.
    const again = await harness.request({ method: 'POST', url: '/v1/cancellations', token, payload: { msisdn } });
    assert.equal(again.status, 201);
  });

  test('"not you? stop it": the holder stops a case during cooling-off and it never executes', async () => {
    const { msisdn, iccid } = line('us-postpaid');
    const token = await signInWithIccid(harness, msisdn, iccid);
    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token,
      payload: { msisdn, decisions: { acknowledgedServiceIds: ['12015550123-1'] } },
    });
    assert.equal(created.status, 201);
    await harness.drain();
    const stopped = await harness.request({
      method: 'POST',
      url: `/v1/cases/${created.body.id}/withdraw`,
      token,
      payload: { reason: 'holder_disputed' },
    });
    assert.equal(stopped.status, 200, JSON.stringify(stopped.body));
    assert.equal(stopped.body.state, 'withdrawn');
    assert.deepEqual(stopped.body.waitingFor, []);
    await harness.advance(48 * HOUR);
    const view = await harness.request({
      method: 'GET',
      url: `/v1/staff/cases/${created.body.id}`,
      token: await as('clerk'),
    });
    assert.equal(view.body.state, 'withdrawn');
    assert.deepEqual(view.body.execution, []);
    const twice = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${created.body.id}/approve`,
      token: await as('clerk'),
      payload: {},
    });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.error.code, 'ILLEGAL_TRANSITION');
  });

  test('nobody sees what is not theirs', async () => {
    const owner = line('uk-two-lines', 1);
    const ownerToken = await signInWithIccid(harness, owner.msisdn, owner.iccid);
    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token: ownerToken,
      payload: { msisdn: owner.msisdn },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const stranger = line('de-contract');
    const strangerToken = await signInWithIccid(harness, stranger.msisdn, stranger.iccid);
    for (const url of [`/v1/cases/${created.body.id}`, `/v1/cases/${created.body.id}/receipt.pdf`]) {
      const response = await harness.request({ method: 'GET', url, token: strangerToken });
      assert.equal(response.status, 404);
      assert.equal(response.body.error.code, 'CASE_NOT_FOUND');
    }
    const withdraw = await harness.request({
      method: 'POST',
      url: `/v1/cases/${created.body.id}/withdraw`,
      token: strangerToken,
      payload: {},
    });
    assert.equal(withdraw.status, 404);
    // A line-scoped session cannot act on the account's other line.
    const sibling = await harness.request({
      method: 'GET',
      url: `/v1/lines/${enc(line('uk-two-lines', 0).msisdn)}/checklist`,
      token: ownerToken,
    });
    assert.equal(sibling.status, 404);
    const otherLine = await harness.request({
      method: 'GET',
      url: `/v1/lines/${enc(owner.msisdn)}/checklist`,
      token: strangerToken,
    });
    assert.equal(otherLine.status, 404);
    assert.equal(
      (await harness.request({ method: 'GET', url: '/v1/staff/review-queue', token: strangerToken })).status,
      403,
    );
    assert.equal((await harness.request({ method: 'GET', url: '/v1/staff/review-queue' })).status, 401);
    assert.equal(
      (await harness.request({ method: 'GET', url: '/v1/staff/review-queue', token: await as('agent') })).status,
      403,
    );
    assert.equal((await harness.request({ method: 'GET', url: '/v1/cases', token: await as('agent') })).status, 403);
  });

  test('five wrong codes lock the number; new codes are refused until the lock ends', async () => {
    const { msisdn, iccid } = line('uk-sim-swap');
    const sent = await harness.request({ method: 'POST', url: '/v1/auth/codes', payload: { msisdn, iccid } });
    const right = await latestCode(harness, msisdn);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 4; attempt++) {
      const response = await harness.request({
        method: 'POST',
        url: '/v1/auth/sessions',
        payload: { challengeId: sent.body.challengeId, code: wrong },
      });
      assert.equal(response.body.error.code, 'CODE_INVALID');
      assert.equal(response.body.error.details.attemptsLeft, 5 - attempt);
    }
    const fifth = await harness.request({
      method: 'POST',
      url: '/v1/auth/sessions',
      payload: { challengeId: sent.body.challengeId, code: wrong },
    });
    assert.equal(fifth.status, 423);
    assert.equal(fifth.body.error.code, 'CODE_LOCKED');
    const evenRight = await harness.request({
      method: 'POST',
      url: '/v1/auth/sessions',
      payload: { challengeId: sent.body.challengeId, code: right },
    });
    assert.equal(evenRight.body.error.code, 'CODE_LOCKED');
    const newCode = await harness.request({ method: 'POST', url: '/v1/auth/codes', payload: { msisdn, iccid } });
    assert.equal(newCode.status, 423);
    harness.clock.advance(16 * 60_000);
    const later = await harness.request({ method: 'POST', url: '/v1/auth/codes', payload: { msisdn, iccid } });
    assert.equal(later.status, 201);
  });

  test('an agent override sends a clean case to review', async () => {
    const { msisdn } = line('de-contract');
    const confirmationId = await confirmedCall(harness, await as('agent'), msisdn);
    const filed = await harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: await as('agent'),
      payload: {
        channel: 'chat',
        msisdn,
        decisions: { acceptEarlyTerminationCharge: true },
        verification: { method: 'line_confirmation', confirmationId },
        agentOverride: true,
        overrideNote: 'caller hesitant about who set up the contract',
      },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    await harness.drain();
    await harness.advance(25 * HOUR);
    const view = await harness.request({
      method: 'GET',
      url: `/v1/staff/cases/${filed.body.id}`,
      token: await as('clerk'),
    });
    assert.equal(view.body.state, 'in_review');
    assert.ok((view.body.staff.riskSignals as string[]).includes('agent_override'));
  });
});
