import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
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

/** Deadlines that pass without anyone acting, and execution that cannot finish. */
describe('timers and failures', () => {
  async function submitted(harness: Harness, persona: string, payload: Record<string, unknown> = {}) {
    const line = (await personaLines(harness))[persona]![0]!;
    const token = await signInWithIccid(harness, line.msisdn, line.iccid);
    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token,
      payload: { msisdn: line.msisdn, ...payload },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await harness.drain();
    return { id: created.body.id as string, line };
  }
  const view = async (harness: Harness, id: string) =>
    (
      await harness.request({
        method: 'GET',
        url: `/v1/staff/cases/${id}`,
        token: await staffToken(harness, 'clerk@demo.simexit.test'),
      })
    ).body;

  test('a review past its deadline in working days is escalated once and stays in the queue', async (t) => {
    const harness = await startHarness({ start: '2026-12-23T10:00:00Z' });
    t.after(() => harness.close());
    const { id } = await submitted(harness, 'uk-contact-change');
    await harness.advance(25 * HOUR);
    let current = await view(harness, id);
    assert.equal(current.state, 'in_review');
    const deadline = new Date(current.waitingFor[0].until);
    // UK: 2 working days, skipping Christmas Day, Boxing Day (observed Monday 28th) and the weekend.
    assert.equal(current.waitingFor[0].what, 'review_deadline');
    assert.equal(deadline.toISOString().slice(0, 10), '2026-12-30');
    await harness.advance(deadline.getTime() - harness.clock.now().getTime() + HOUR);
    current = await view(harness, id);
    assert.equal(current.state, 'in_review');
    assert.equal(current.staff.escalated, true);
    assert.ok((current.timeline as { type: string }[]).some((e) => e.type === 'review_deadline_passed'));
  });

  test('a request for information that is never answered expires and the case is rejected', async (t) => {
    const harness = await startHarness();
    t.after(() => harness.close());
    const { id } = await submitted(harness, 'uk-contact-change');
    await harness.advance(25 * HOUR);
    const asked = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${id}/request-info`,
      token: await staffToken(harness, 'clerk@demo.simexit.test'),
      payload: { message: 'Please confirm your address.' },
    });
    assert.equal(asked.body.state, 'needs_info');
    await harness.advance(15 * DAY);
    const current = await view(harness, id);
    assert.equal(current.state, 'rejected');
    assert.equal(current.reasonCode, 'info_not_provided');
  });

  test('a card that never comes back ends the case as rejected (card_not_returned)', async (t) => {
    const harness = await startHarness();
    t.after(() => harness.close());
    const { id } = await submitted(harness, 'uk-data-card-return', {
      decisions: { balance: { option: 'forfeit', acknowledged: true } },
    });
    await harness.advance(25 * HOUR);
    assert.equal((await view(harness, id)).state, 'awaiting_card_return');
    await harness.advance(15 * DAY);
    const current = await view(harness, id);
    assert.equal(current.state, 'rejected');
    assert.equal(current.reasonCode, 'card_not_returned');
  });

  test('execution that keeps failing is handed to a person, who retries it once the network is back', async (t) => {
    const harness = await startHarness({ env: { JOB_RETRY_LIMIT: '0' } });
    t.after(() => harness.close());
    const provisioning = harness.system.context.ports.provisioning;
    const deactivateLine = provisioning.deactivateLine;
    provisioning.deactivateLine = async () => {
      throw new Error('HLR unreachable');
    };
    const { id } = await submitted(harness, 'uk-debt-arrangement');
    await harness.advance(25 * HOUR);
    // A post-paid line with 30 days' notice: execution starts on its end date.
    await passLineEnd(harness, id);
    let current = await view(harness, id);
    assert.equal(current.state, 'failed');
    assert.ok((current.timeline as { reason: string }[]).some((e) => e.reason === 'HLR unreachable'));
    const byClerk = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${id}/retry`,
      token: await staffToken(harness, 'clerk@demo.simexit.test'),
      payload: {},
    });
    assert.equal(byClerk.status, 403);
    provisioning.deactivateLine = deactivateLine;
    const retried = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${id}/retry`,
      token: await staffToken(harness, 'supervisor@demo.simexit.test'),
      payload: {},
    });
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    await harness.drain();
    current = await view(harness, id);
    assert.equal(current.state, 'completed');
  });
});
