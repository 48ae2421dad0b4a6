import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { policies } from '../src/domain/policy/index.js';
import { personas } from '../src/ports/adapters/demo/personas.js';
import { DAY, personaLines, signInWithIccid, startHarness, type Harness } from './support/harness.js';

/**
 * Over the API: when a line ends and what it costs (an ordinary cancellation ends on the earliest free
 * date with no charge; only an earlier date asked for brings the early-termination charge), and the
 * money around it (one transfer-target check for the checklist preview and the submission, the refund
 * with its method and date, the debt with the operator's payment page).
 */
describe('termination dates and money over the API', () => {
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;
  const line = (persona: string, index = 0) => lines[persona]![index]!;
  const persona = (key: string) => personas.find((p) => p.key === key)!;
  const today = () => harness.clock.now().toISOString().slice(0, 10);
  const inDays = (days: number) => new Date(harness.clock.now().getTime() + days * DAY).toISOString().slice(0, 10);

  before(async () => {
    harness = await startHarness();
    lines = await personaLines(harness);
  });
  after(() => harness.close());

  type Item = Record<string, unknown> & { kind: string };
  async function preview(token: string, msisdn: string, body: Record<string, unknown>) {
    return harness.request({
      method: 'POST',
      url: `/v1/lines/${encodeURIComponent(msisdn)}/checklist`,
      token,
      payload: { decisions: {}, ...body },
    });
  }
  const itemOf = (body: { checklist: { items: Item[] } }, kind: string) =>
    body.checklist.items.find((item) => item.kind === kind);

  test('German contract: ordinary ends free with the minimum term; an earlier date needs the charge accepted', async () => {
    const { msisdn, iccid } = line('de-contract');
    const contract = persona('de-contract').lines[0]!.contract!;
    const termEnd = inDays(contract.endsInDays);
    const token = await signInWithIccid(harness, msisdn, iccid);

    const ordinary = await preview(token, msisdn, {});
    assert.equal(ordinary.status, 200, JSON.stringify(ordinary.body));
    assert.equal(ordinary.body.checklist.eligible, true);
    assert.equal(itemOf(ordinary.body, 'early_termination_charge'), undefined);
    assert.deepEqual(itemOf(ordinary.body, 'contract_end'), {
      kind: 'contract_end',
      status: 'info',
      basis: 'minimum_term',
      earliestFreeEndDate: termEnd,
      endsOn: termEnd,
      ordinaryEndsOn: termEnd,
      requestedEndDate: null,
      requestedTooEarly: false,
      minimumTermEndsOn: termEnd,
      notice: { amount: 1, unit: 'month' },
      earlyExitChargeMinor: contract.earlyTerminationChargeMinor,
      currency: 'EUR',
    });
    assert.equal(ordinary.body.terms.asksTerminationKind, true, '§312k(2) BGB: the kind of termination is asked');

    const early = inDays(20);
    const earlyPreview = await preview(token, msisdn, { requestedEndDate: early });
    assert.deepEqual(itemOf(earlyPreview.body, 'early_termination_charge'), {
      kind: 'early_termination_charge',
      status: 'requires_acceptance',
      amountMinor: contract.earlyTerminationChargeMinor,
      currency: 'EUR',
      minimumTermEndsOn: termEnd,
      endsOn: early,
    });
    const refused = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token,
      payload: { msisdn, requestedEndDate: early },
    });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.code, 'CASE_NOT_ELIGIBLE');
    assert.deepEqual(
      refused.body.error.details.outstanding.map((item: Item) => item.kind),
      ['early_termination_charge'],
    );

    // The ordinary cancellation goes through with nothing accepted, ending with the minimum term.
    const filed = await harness.request({ method: 'POST', url: '/v1/cancellations', token, payload: { msisdn } });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.equal(filed.body.lineEndsOn, termEnd);
    const view = await harness.request({ method: 'GET', url: `/v1/cases/${filed.body.id}`, token });
    assert.equal((view.body.checklist as Item[]).find((item) => item.kind === 'contract_end')!.endsOn, termEnd);
  });

  test('UK contract: the early exit on the date asked for, once its charge is accepted', async () => {
    const { msisdn, iccid } = line('uk-contract');
    const token = await signInWithIccid(harness, msisdn, iccid);
    const early = inDays(10);
    const filed = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token,
      payload: { msisdn, requestedEndDate: early, decisions: { acceptEarlyTerminationCharge: true } },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.equal(filed.body.lineEndsOn, early);
    const view = await harness.request({ method: 'GET', url: `/v1/cases/${filed.body.id}`, token });
    const charge = (view.body.checklist as Item[]).find((item) => item.kind === 'early_termination_charge');
    assert.equal(charge?.status, 'accepted');
    assert.equal(charge?.amountMinor, 13_500);
  });

  test('a transfer target is judged alike by the preview and the submission: a post-paid line cannot hold credit', async () => {
    const { msisdn, iccid } = line('uk-prepaid-credit');
    const token = await signInWithIccid(harness, msisdn, iccid);
    const cases: [target: string, reason: string][] = [
      [line('uk-contract').msisdn, 'cannot_hold_credit'],
      ['+447700900999', 'not_our_active_line'],
      [line('cn-prepaid', 1).msisdn, 'not_our_active_line'],
      [msisdn, 'same_line'],
    ];
    for (const [toMsisdn, reason] of cases) {
      const decisions = { balance: { option: 'transfer', toMsisdn } };
      const previewed = await preview(token, msisdn, { decisions });
      const submitted = await harness.request({
        method: 'POST',
        url: '/v1/cancellations',
        token,
        payload: { msisdn, decisions },
      });
      for (const answer of [previewed, submitted]) {
        assert.equal(answer.status, 400, `${toMsisdn}: ${JSON.stringify(answer.body)}`);
        assert.equal(answer.body.error.code, 'VALIDATION_FAILED');
        assert.deepEqual(answer.body.error.details, { field: 'decisions.balance.toMsisdn', reason });
      }
    }
    // A pay-as-you-go line of ours can take it.
    const prepaidTarget = line('uk-two-lines', 1).msisdn;
    const accepted = await preview(token, msisdn, {
      decisions: { balance: { option: 'transfer', toMsisdn: prepaidTarget } },
    });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(itemOf(accepted.body, 'balance')?.transferTo, prepaidTarget);
    assert.equal(itemOf(accepted.body, 'balance')?.status, 'decided');
  });

  test('prepaid: no notice, no kind of termination; the refund with its method and the date it is paid by', async () => {
    const { msisdn, iccid } = line('de-prepaid');
    const token = await signInWithIccid(harness, msisdn, iccid);
    const answer = await preview(token, msisdn, { decisions: { balance: { option: 'refund' } } });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const end = itemOf(answer.body, 'contract_end')!;
    assert.deepEqual([end.basis, end.notice, end.earlyExitChargeMinor], ['prepaid', null, null]);
    // Cooling-off is 24 h: the line ends tomorrow (Berlin), the refund follows by bank transfer within 14 days.
    assert.equal(end.endsOn, inDays(1));
    assert.deepEqual(itemOf(answer.body, 'balance')!.refund, {
      method: policies.DE.balance.refundMethod,
      expectedBy: inDays(1 + policies.DE.balance.refundWithinDays),
    });
    assert.equal(answer.body.terms.asksTerminationKind, false);
    assert.notEqual(end.endsOn, today());
  });

  test('the debt item carries the market’s payment page', async () => {
    const { msisdn, iccid } = line('uk-debt');
    const token = await signInWithIccid(harness, msisdn, iccid);
    const answer = await preview(token, msisdn, {});
    assert.equal(itemOf(answer.body, 'debt')?.paymentUrl, policies.UK.debtPayment.url);
    assert.equal(itemOf(answer.body, 'debt')?.status, 'blocking');
  });
});
