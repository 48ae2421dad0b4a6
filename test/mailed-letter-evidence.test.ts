import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY, personaLines, signInWithIccid, staffToken, startHarness, type Harness } from './support/harness.js';

/**
 * Evidence matched to the channel, through the clerk's letter filing (POST /v1/staff/cases, channel
 * mail): name and address plus one more factor the operator holds; anything less goes to a person with
 * the reason; a contradiction is filed only with the clerk's decision (review, ask the holder, reject
 * with a reason), which is carried out and audited; and a mailed application is never approved
 * automatically, even when everything matches and no risk signal is present.
 */
describe('mailed letters: evidence the operator holds', () => {
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;
  const line = (persona: string, index = 0) => lines[persona]![index]!;
  const clerk = () => staffToken(harness, 'clerk@demo.simexit.test');
  const scan = {
    filename: 'letter.pdf',
    contentType: 'application/pdf',
    contentBase64: Buffer.from('%PDF-1.4 scanned letter').toString('base64'),
  };
  const file = async (msisdn: string, letter: Record<string, unknown>, decisions: Record<string, unknown> = {}) =>
    harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: await clerk(),
      payload: {
        channel: 'mail',
        msisdn,
        decisions,
        verification: { method: 'mailed_letter', letterDate: '2026-11-20', scan, ...letter },
      },
    });
  const staffView = async (id: string) =>
    (await harness.request({ method: 'GET', url: `/v1/staff/cases/${id}`, token: await clerk() })).body;
  const passedEvent = (id: string) =>
    harness.system.context.db
      .selectFrom('case_events')
      .select(['data'])
      .where('case_id', '=', id)
      .where('type', '=', 'eligibility_passed')
      .executeTakeFirstOrThrow();

  before(async () => {
    harness = await startHarness();
    lines = await personaLines(harness);
  });
  after(() => harness.close());

  const auditOf = (id: string, action: string) =>
    harness.system.context.db
      .selectFrom('audit_log')
      .select(['actor_id', 'data'])
      .where('target', '=', `case:${id}`)
      .where('action', '=', action)
      .execute();
  const casesOn = async (msisdn: string) =>
    Number(
      (
        await harness.system.context.db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('msisdn', '=', msisdn)
          .executeTakeFirstOrThrow()
      ).n,
    );

  // First, while the persona's SIM swap is still a day old (later tests move the clock on by days).
  test('sent to review: a person sees what did not match and the signal evidence; the clerk cannot approve it', async () => {
    const { msisdn } = line('uk-sim-swap');
    const filed = await file(msisdn, {
      holderName: 'Emily Clarke',
      address: '3 Old Road, Glasgow G1 1AA',
      dateOfBirth: '1996-12-24',
      onMismatch: { outcome: 'review', note: 'She may have moved; the letter is signed.' },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.equal(filed.body.state, 'submitted');
    assert.deepEqual(filed.body.staff.verification.mismatched, ['address']);
    assert.deepEqual(filed.body.staff.verification.mismatchOutcome, {
      outcome: 'review',
      note: 'She may have moved; the letter is signed.',
    });
    assert.equal((await auditOf(filed.body.id, 'case.letter_mismatch_decided')).length, 1);
    await harness.drain();
    await harness.advance(2 * DAY);
    const view = await staffView(filed.body.id);
    assert.equal(view.state, 'in_review', JSON.stringify(view.timeline));
    assert.deepEqual(view.staff.riskContext.reviewReasons, ['channel_mail', 'letter_mismatch']);
    // The SIM swap the persona had a day before the letter was filed, with the window it fell in.
    const [swap] = view.staff.riskContext.signals;
    assert.equal(swap.signal, 'recent_sim_swap');
    assert.equal(swap.evidence.windowHours, 72);
    const hoursBefore = (Date.parse(view.receivedAt) - Date.parse(swap.evidence.changedAt)) / 3_600_000;
    assert.ok(hoursBefore > 0 && hoursBefore <= 48, `SIM changed ${hoursBefore} h before filing`);
    assert.ok(view.staff.riskContext.assessedAt);

    const approve = (token: string) =>
      harness.request({ method: 'POST', url: `/v1/staff/cases/${filed.body.id}/approve`, token, payload: {} });
    const byClerk = await approve(await clerk());
    assert.equal(byClerk.status, 403, JSON.stringify(byClerk.body));
    assert.equal(byClerk.body.error.code, 'APPROVER_FILED_CASE');
    const first = await approve(await staffToken(harness, 'supervisor@demo.simexit.test'));
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.state, 'in_review', 'a SIM swap needs a second approver');
    assert.deepEqual(
      first.body.staff.approvers.map((a: { name: string }) => a.name),
      ['Pat Supervisor'],
    );
    const approval = first.body.timeline.find((event: { type: string }) => event.type === 'approve');
    assert.equal(approval.actorName, 'Pat Supervisor', 'the first approval names its approver');
  });

  test('name, address and date of birth match: filed, and still reviewed by a person (never auto-approved)', async () => {
    // uk-prepaid-credit is the clean persona that online is approved automatically.
    const filed = await file(
      line('uk-prepaid-credit').msisdn,
      { holderName: 'amelia  HUGHES', address: '14 Kings Road, Leeds LS1 4AB', dateOfBirth: '1988-04-12' },
      { balance: { option: 'refund' } },
    );
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.equal(filed.body.state, 'submitted');
    assert.equal(filed.body.staff.verification.evidence, 'matched');
    assert.deepEqual(filed.body.staff.verification.matchedFactors, ['name', 'address', 'date_of_birth']);
    await harness.drain();
    await harness.advance(2 * DAY);
    const view = await staffView(filed.body.id);
    assert.equal(view.state, 'in_review', JSON.stringify(view.timeline));
    assert.equal(view.staff.reviewRoute, 'manual');
    assert.deepEqual(view.staff.riskSignals, []);
    assert.deepEqual((await passedEvent(filed.body.id)).data.reviewReasons, ['channel_mail']);
  });

  test('the last six digits of the card serial number count as the third factor', async () => {
    const { msisdn, iccid } = line('uk-two-lines');
    const filed = await file(
      msisdn,
      {
        holderName: 'Charlotte Evans',
        address: '60 Victoria Road, Brighton BN1 3FS',
        iccidLastDigits: iccid.slice(-6),
      },
      { balance: { option: 'forfeit', acknowledged: true } },
    );
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.equal(filed.body.staff.verification.evidence, 'matched');
    assert.deepEqual(filed.body.staff.verification.matchedFactors, ['name', 'address', 'iccid_last_digits']);
  });

  test('the account number counts as the third factor', async () => {
    const filed = await file(
      line('us-postpaid').msisdn,
      {
        holderName: 'Michael Johnson',
        address: '120 Main Street, Springfield, NJ 07081',
        accountNumber: 'demo-us-postpaid',
      },
      { acknowledgedServiceIds: ['12015550123-1'] },
    );
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.deepEqual(filed.body.staff.verification.matchedFactors, ['name', 'address', 'account_number']);
  });

  test('the name alone (address and date of birth not given) goes to a person with the reason', async () => {
    const filed = await file(
      line('de-contract').msisdn,
      { holderName: 'Lena Schmidt' },
      { acceptEarlyTerminationCharge: true },
    );
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.equal(filed.body.state, 'submitted');
    const verification = filed.body.staff.verification;
    assert.equal(verification.evidence, 'insufficient');
    assert.deepEqual(verification.missing, ['address', 'date_of_birth|account_number|iccid_last_digits']);
    assert.match(verification.reviewReason, /needs the name and address on file plus/);
    await harness.drain();
    await harness.advance(8 * DAY);
    const view = await staffView(filed.body.id);
    assert.equal(view.state, 'in_review', JSON.stringify(view.timeline));
    const event = await passedEvent(filed.body.id);
    assert.deepEqual(event.data.reviewReasons, ['channel_mail', 'insufficient_evidence']);
    assert.equal(event.data.evidenceReason, verification.reviewReason);
  });

  test('a contradiction is not filed until the clerk decides; rejected with the chosen reason, and audited', async () => {
    const { msisdn } = line('uk-debt-arrangement');
    const letter = { holderName: 'Grace Patel', address: null, accountNumber: 'demo-uk-debt' };
    const refused = await file(msisdn, letter);
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, 'LETTER_MISMATCH');
    assert.deepEqual(refused.body.error.details.mismatched, ['account_number']);
    assert.deepEqual(refused.body.error.details.matched, ['name']);
    assert.match(refused.body.error.message, /account number/);
    assert.equal(await casesOn(msisdn), 0, 'nothing is filed before the clerk decides');

    const filed = await file(msisdn, {
      ...letter,
      onMismatch: { outcome: 'reject', reason: 'suspected_fraud', note: 'Account number of another customer.' },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.equal(filed.body.state, 'rejected');
    assert.equal(filed.body.reasonCode, 'suspected_fraud');
    assert.deepEqual(filed.body.staff.verification.mismatched, ['account_number']);
    assert.equal(filed.body.staff.verification.mismatchOutcome.outcome, 'reject');
    const [audit] = await auditOf(filed.body.id, 'case.letter_mismatch_decided');
    assert.ok(audit, 'the decision is audited');
    assert.deepEqual(audit.data, {
      mismatched: ['account_number'],
      outcome: 'reject',
      reason: 'suspected_fraud',
      note: 'Account number of another customer.',
    });
    const clerkId = filed.body.staff.verification.staffId;
    assert.equal(audit.actor_id, clerkId);
  });

  test('asking the holder: the case waits for the answer with the clerk’s question, then goes to review', async () => {
    const { msisdn, iccid } = line('uk-contact-change');
    const question = 'Your letter is signed "Tom Wright". Please confirm you are Thomas Wright, the account holder.';
    const filed = await file(msisdn, {
      holderName: 'Tom Wright',
      address: '5 Castle Hill, Edinburgh EH1 2NG',
      dateOfBirth: '1983-05-27',
      onMismatch: { outcome: 'ask_holder', question },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.equal(filed.body.state, 'needs_info');
    assert.deepEqual(filed.body.staff.verification.mismatched, ['name']);
    assert.ok(filed.body.waitingFor.some((w: { what: string }) => w.what === 'needs_info_expiry'));
    const [audit] = await auditOf(filed.body.id, 'case.letter_mismatch_decided');
    assert.deepEqual(audit!.data, { mismatched: ['name'], outcome: 'ask_holder', question });

    // The holder reads the question on the case page and answers it there.
    const holder = await signInWithIccid(harness, msisdn, iccid);
    const own = await harness.request({ method: 'GET', url: `/v1/cases/${filed.body.id}`, token: holder });
    assert.ok(own.body.communications.some((m: { body: string }) => m.body === question));
    const answered = await harness.request({
      method: 'POST',
      url: `/v1/cases/${filed.body.id}/info`,
      token: holder,
      payload: { message: 'Yes, Tom is what everyone calls me.' },
    });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    await harness.drain();
    await harness.advance(2 * DAY);
    const view = await staffView(filed.body.id);
    assert.equal(view.state, 'in_review', JSON.stringify(view.timeline));
    assert.ok(view.staff.riskContext.reviewReasons.includes('letter_mismatch'));
  });

  test('an outcome is refused for a letter that matches, and "other" needs a note', async () => {
    const { msisdn } = line('uk-debt');
    const matching = await file(msisdn, {
      holderName: 'Oliver Bennett',
      address: '3 Mill Lane, Bristol BS1 5TT',
      dateOfBirth: '1979-11-02',
      onMismatch: { outcome: 'review', note: null },
    });
    assert.equal(matching.status, 400, JSON.stringify(matching.body));
    assert.equal(matching.body.error.code, 'VALIDATION_FAILED');
    assert.equal(matching.body.error.details.field, 'verification.onMismatch');
    const noNote = await file(msisdn, {
      holderName: 'Someone Else',
      address: null,
      onMismatch: { outcome: 'reject', reason: 'other', note: null },
    });
    assert.equal(noNote.status, 400, JSON.stringify(noNote.body));
    assert.match(JSON.stringify(noNote.body.error), /note/);
    const noQuestion = await file(msisdn, {
      holderName: 'Someone Else',
      address: null,
      onMismatch: { outcome: 'ask_holder', question: '  ' },
    });
    assert.equal(noQuestion.status, 400, JSON.stringify(noQuestion.body));
    assert.equal(await casesOn(msisdn), 0);
  });

  test('too few ICCID digits are refused at the desk with what to type', async () => {
    const refused = await file(line('uk-contract').msisdn, {
      holderName: 'Harry Walker',
      address: null,
      iccidLastDigits: '0104',
    });
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, 'VALIDATION_FAILED');
    assert.match(JSON.stringify(refused.body.error), /last 6 to 20 digits/);
  });
});
