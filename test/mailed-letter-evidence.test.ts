import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DAY, personaLines, staffToken, startHarness, type Harness } from './support/harness.js';

/**
 * Evidence matched to the channel, through the clerk's letter filing (POST /v1/staff/cases, channel
 * mail): name and address plus one more factor the operator holds; anything less goes to a person with
 * the reason; a contradiction is recorded and rejected; and a mailed application is never approved
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

  test('a wrong account number is a contradiction: recorded and rejected with the factor', async () => {
    const filed = await file(line('uk-debt-arrangement').msisdn, {
      holderName: 'Grace Patel',
      address: null,
      accountNumber: 'demo-uk-debt',
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.equal(filed.body.state, 'rejected');
    assert.equal(filed.body.reasonCode, 'identity_mismatch');
    assert.deepEqual(filed.body.staff.verification.mismatched, ['account_number']);
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
