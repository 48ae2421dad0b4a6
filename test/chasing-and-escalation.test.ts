import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileOnline, staffToken, startHarness, type Harness } from './support/harness.js';

/**
 * The holder writes on any open case (a question, a document, chasing a late review); staff see the
 * case in the review queue as needing an answer until one of them writes back; the review SLA
 * escalates at the deadline and again after each further SLA period while undecided. Time moves on
 * the demo clock (the wall clock stays, so the holder stays signed in). The harness starts Monday
 * 23 November 2026, 10:00 UTC; the UK policy has 24 h of cooling-off and a review SLA of two working days.
 */
describe('chasing a case and review escalation', () => {
  let harness: Harness;
  const clerk = () => staffToken(harness, 'clerk@demo.simexit.test');

  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());

  async function moveClock(by: string) {
    const moved = await harness.request({ method: 'POST', url: '/demo/clock/advance', payload: { by } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    await harness.drain();
  }

  const write = (id: string, token: string, message: string) =>
    harness.request({ method: 'POST', url: `/v1/cases/${id}/info`, token, payload: { message, attachment: null } });
  const queue = async (query = '') =>
    (await harness.request({ method: 'GET', url: `/v1/staff/review-queue${query}`, token: await clerk() })).body
      .cases as {
      id: string;
      state: string;
      escalated: boolean;
      escalations: number;
      needsAnswerSince: string | null;
      sla: { status: string } | null;
    }[];
  const audits = (id: string, action: string) =>
    harness.system.context.db
      .selectFrom('audit_log')
      .select(['actor_kind', 'data', 'at'])
      .where('target', '=', `case:${id}`)
      .where('action', '=', action)
      .orderBy('id')
      .execute();

  let reviewCase: { id: string; token: string };
  let coolingCase: { id: string; token: string };

  test('a question during cooling-off is recorded and listed for staff to answer', async () => {
    coolingCase = await fileOnline(harness, 'uk-new-contact-number');
    const asked = await write(coolingCase.id, coolingCase.token, 'Will I get my £5 deposit back?');
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    assert.equal(asked.body.state, 'cooling_off', 'writing changes nothing of the case');
    assert.equal(asked.body.awaitingAnswerSince, '2026-11-23T10:00:00.000Z');
    assert.equal(asked.body.mayWrite, true);
    const mine = asked.body.communications.at(-1);
    assert.equal(mine.direction, 'inbound');
    assert.equal(mine.body, 'Will I get my £5 deposit back?');

    const toAnswer = await queue('?state=to_answer');
    assert.deepEqual(
      toAnswer.map((row) => [row.id, row.state, row.needsAnswerSince, row.sla]),
      [[coolingCase.id, 'cooling_off', '2026-11-23T10:00:00.000Z', null]],
    );
    const [audit] = await audits(coolingCase.id, 'case.holder_wrote');
    assert.equal(audit?.actor_kind, 'subscriber');
    assert.deepEqual(audit?.data, { state: 'cooling_off', length: 30, attachment: null, reviewOverdue: false });

    // A member of staff answers: the case leaves the "to answer" group.
    const answered = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${coolingCase.id}/notes`,
      token: await clerk(),
      payload: { body: 'Yes: the deposit is refunded with the final bill.', visibility: 'subscriber' },
    });
    assert.equal(answered.status, 201);
    assert.equal(answered.body.awaitingAnswerSince, null);
    assert.deepEqual(await queue('?state=to_answer'), []);
  });

  test('an internal note is not an answer', async () => {
    await write(coolingCase.id, coolingCase.token, 'And the card, do I send it back?');
    await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${coolingCase.id}/notes`,
      token: await clerk(),
      payload: { body: 'Checking with billing.', visibility: 'internal' },
    });
    assert.deepEqual(
      (await queue('?state=to_answer')).map((row) => row.id),
      [coolingCase.id],
    );
  });

  test('the review deadline escalates the case, and each further SLA period re-escalates it', async () => {
    reviewCase = await fileOnline(harness, 'uk-contact-change');
    await moveClock('25h'); // Tue 24 Nov 11:00: cooling-off over, in review until Thu 26 Nov 11:00
    let row = (await queue('?state=in_review')).find((r) => r.id === reviewCase.id)!;
    assert.equal(row.escalated, false);
    assert.equal(row.escalations, 0);
    // The first question case reached review too and is still unanswered: it is in review, marked.
    assert.ok((await queue('?state=in_review')).find((r) => r.id === coolingCase.id)?.needsAnswerSince);

    await moveClock('2d'); // Thu 26 Nov 11:00: the deadline
    row = (await queue('?state=in_review')).find((r) => r.id === reviewCase.id)!;
    assert.deepEqual([row.escalated, row.escalations, row.sla?.status], [true, 1, 'overdue']);
    const first = await audits(reviewCase.id, 'case.escalated');
    assert.deepEqual(
      first.map((a) => a.data),
      [{ state: 'in_review', level: 1 }],
    );

    await moveClock('1d'); // Fri 27 Nov: one working day on, not yet another period
    assert.equal((await queue('?state=in_review')).find((r) => r.id === reviewCase.id)!.escalations, 1);
    await moveClock('3d'); // Mon 30 Nov 11:00: two working days after the escalation
    row = (await queue('?state=in_review')).find((r) => r.id === reviewCase.id)!;
    assert.equal(row.escalations, 2);
    const again = await audits(reviewCase.id, 'case.reescalated');
    assert.deepEqual(
      again.map((a) => a.data),
      [{ state: 'in_review', level: 2 }],
    );
    const view = (
      await harness.request({ method: 'GET', url: `/v1/staff/cases/${reviewCase.id}`, token: await clerk() })
    ).body;
    assert.equal(view.staff.escalations, 2);
    assert.deepEqual(
      view.timeline
        .filter((e: { type: string }) => e.type === 'review_deadline_passed')
        .map((e: { at: string }) => e.at),
      ['2026-11-26T11:00:00.000Z', '2026-11-30T11:00:00.000Z'],
    );
  });

  test('the holder chases the late review; staff see it needs an answer', async () => {
    const chased = await write(reviewCase.id, reviewCase.token, 'It has been a week. When will my line be closed?');
    assert.equal(chased.status, 200, JSON.stringify(chased.body));
    assert.equal(chased.body.state, 'in_review');
    const [audit] = await audits(reviewCase.id, 'case.holder_wrote');
    assert.equal((audit?.data as { reviewOverdue: boolean }).reviewOverdue, true);
    const row = (await queue('?state=in_review')).find((r) => r.id === reviewCase.id)!;
    assert.ok(row.needsAnswerSince);
  });

  test('a decision stops the escalations', async () => {
    const approved = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${reviewCase.id}/approve`,
      token: await staffToken(harness, 'supervisor@demo.simexit.test'),
      payload: {},
    });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    // A contract with 30 days' notice: approved, it waits for its end date (23 December), then ends.
    assert.equal(approved.body.state, 'scheduled');
    await moveClock('30d');
    const timers = await harness.system.context.db
      .selectFrom('timers')
      .select(['kind', 'fired_at', 'cancelled_at'])
      .where('case_id', '=', reviewCase.id)
      .where('kind', '=', 'review_escalation')
      .orderBy('due_at')
      .execute();
    assert.deepEqual(
      timers.map((t) => [t.fired_at !== null, t.cancelled_at !== null]),
      [
        [true, false],
        [false, true],
      ],
      'the first re-escalation fired; the next was cancelled by the approval',
    );
    assert.equal((await audits(reviewCase.id, 'case.reescalated')).length, 1);
  });

  test('the queue pages through its groups in order: to answer, running, paused', async () => {
    const waiting = await fileOnline(harness, 'uk-debt-arrangement');
    assert.equal((await write(waiting.id, waiting.token, 'Is the arrangement closed too?')).status, 200);
    const whole = await queue('?limit=50');
    // Outside review, oldest message first: the chased case (approved, but a decision is not an
    // answer), then the new question; then the running review.
    assert.deepEqual(
      whole.map((row) => [row.id, row.state]),
      [
        [reviewCase.id, 'completed'],
        [waiting.id, 'cooling_off'],
        [coolingCase.id, 'in_review'],
      ],
    );
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { cases: { id: string }[]; nextCursor: string | null } = (
        await harness.request({
          method: 'GET',
          url: `/v1/staff/review-queue?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
          token: await clerk(),
        })
      ).body;
      paged.push(...page.cases.map((row) => row.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      paged,
      whole.map((row) => row.id),
    );
  });

  test('an ended case takes nothing more', async () => {
    const view = (await harness.request({ method: 'GET', url: `/v1/cases/${reviewCase.id}`, token: reviewCase.token }))
      .body;
    assert.equal(view.state, 'completed');
    assert.equal(view.mayWrite, false);
    const refused = await write(reviewCase.id, reviewCase.token, 'One more thing');
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'CASE_CLOSED');
    assert.match(refused.body.error.message, /start a new request/);
  });
});
