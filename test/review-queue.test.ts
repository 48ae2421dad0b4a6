import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { NewCase } from '../src/db/repositories/cases.repository.js';
import type { Channel } from '../src/domain/evidence.js';
import type { Market } from '../src/domain/policy/types.js';
import { DAY, HOUR, personaLines, signInWithIccid, staffToken, startHarness, type Harness } from './support/harness.js';

/**
 * The review queue (order, filters, keyset pages, SLA clock) and bulk decisions.
 *
 * Most cases here are written straight into the database: the queue only reads them, and a few dozen
 * cases through the whole intake would take minutes. The SLA pause and bulk decisions go through the
 * real lifecycle. The harness clock starts Monday 23 November 2026, 10:00 UTC (= London time).
 */
describe('review queue', () => {
  let harness: Harness;
  const start = new Date('2026-11-23T10:00:00Z');
  const supervisor = () => staffToken(harness, 'supervisor@demo.simexit.test');
  const clerk = () => staffToken(harness, 'clerk@demo.simexit.test');

  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());

  let serial = 0;
  interface Seeded {
    id: string;
    market: string;
    channel: string;
    state: string;
    riskSignals: string[];
    escalated: boolean;
    receivedAt: Date;
    dueAt: Date | null;
    remainingMs: number | null;
  }
  const seeded: Seeded[] = [];

  /** A case written directly in a given state; returns what the queue should show of it. */
  async function seedCase(values: Partial<NewCase> & { id?: string }): Promise<Seeded> {
    serial += 1;
    const msisdn = `+4479${String(90_000_000 + serial)}`;
    const row: NewCase = {
      id: randomUUID(),
      subscriber_id: `queue-test-${serial}`,
      msisdn,
      iccid: `894400000000000${String(1000 + serial)}`,
      product_type: 'sim',
      market: 'UK',
      policy_version: 1,
      channel: 'online',
      state: 'in_review',
      review_route: 'manual',
      approvals: '[]',
      card_return_required: false,
      escalated: false,
      risk_signals: '["recent_contact_change"]',
      decisions: '{}',
      checklist: '{}',
      verification: '{}',
      contacts: JSON.stringify({ sms: msisdn, email: null }),
      line_ends_on: '2026-11-30',
      received_at: new Date(start.getTime() - 3 * DAY),
      created_at: start,
      updated_at: start,
      version: 1,
      ...values,
    };
    await harness.system.context.db.insertInto('cases').values(row).execute();
    return {
      id: row.id,
      market: row.market,
      channel: row.channel,
      state: row.state,
      riskSignals: JSON.parse(row.risk_signals as string) as string[],
      escalated: row.escalated ?? false,
      receivedAt: new Date(row.received_at),
      dueAt: row.review_due_at ? new Date(row.review_due_at) : null,
      remainingMs: row.review_remaining_ms ?? null,
    };
  }

  const markets: Market[] = ['UK', 'DE', 'CN', 'US'];
  const channels: Channel[] = ['online', 'phone', 'mail'];
  const signals = [
    ['recent_sim_swap'],
    ['recent_contact_change'],
    ['failed_verification_attempts', 'recent_contact_change'],
    ['agent_override'],
  ];

  /** Running before paused; each group by its key, then received_at, then id. */
  function expectedOrder(cases: Seeded[]): string[] {
    const group = (c: Seeded) => (c.state === 'in_review' ? 0 : 1);
    const key = (c: Seeded) => (c.state === 'in_review' ? c.dueAt!.getTime() : c.remainingMs!);
    return [...cases]
      .sort(
        (a, b) =>
          group(a) - group(b) ||
          key(a) - key(b) ||
          a.receivedAt.getTime() - b.receivedAt.getTime() ||
          (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      )
      .map((c) => c.id);
  }

  async function queue(query = '', token?: string) {
    return harness.request({
      method: 'GET',
      url: `/v1/staff/review-queue${query ? `?${query}` : ''}`,
      token: token ?? (await clerk()),
    });
  }

  /** Follows nextCursor to the end; returns every id in order. */
  async function allPages(query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const params = new URLSearchParams(query);
      params.set('limit', String(limit));
      if (cursor) params.set('cursor', cursor);
      const response = await queue(params.toString());
      assert.equal(response.status, 200, JSON.stringify(response.body));
      ids.push(...(response.body.cases as { id: string }[]).map((c) => c.id));
      cursor = response.body.nextCursor;
      pages += 1;
      assert.ok(pages < 100, 'pagination ends');
    } while (cursor);
    return { ids, pages };
  }

  test('seed: running cases with tied deadlines and receipt times, paused cases, and cases not in the queue', async () => {
    for (let i = 0; i < 32; i += 1) {
      // Deadlines every 3 hours from 9 hours ago; pairs share a deadline, and within pairs of pairs the
      // receipt time too, so both tie-breakers are exercised.
      const dueAt = new Date(start.getTime() + (Math.floor(i / 2) - 3) * 3 * HOUR);
      seeded.push(
        await seedCase({
          market: markets[i % 4]!,
          channel: channels[i % 3]!,
          risk_signals: JSON.stringify(signals[i % 4]),
          escalated: dueAt.getTime() <= start.getTime(),
          review_due_at: dueAt,
          received_at: new Date(start.getTime() - 5 * DAY + Math.floor(i / 4) * HOUR),
        }),
      );
    }
    for (let i = 0; i < 9; i += 1) {
      seeded.push(
        await seedCase({
          state: 'needs_info',
          resume_state: 'in_review',
          market: markets[(i + 1) % 4]!,
          channel: channels[i % 3]!,
          risk_signals: JSON.stringify(signals[(i + 2) % 4]),
          review_remaining_ms: (i % 3) * 5 * HOUR,
          escalated: i % 3 === 0,
        }),
      );
    }
    // Not waiting for a reviewer: asked during verification, cooling off, completed.
    await seedCase({ state: 'needs_info', resume_state: 'verifying', review_route: null });
    await seedCase({ state: 'cooling_off' });
    await seedCase({ state: 'completed', review_due_at: start });
  });

  test('default view: every case in review by deadline, then the paused ones by time left, nothing else', async () => {
    const response = await queue('limit=200');
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepEqual(
      (response.body.cases as { id: string }[]).map((c) => c.id),
      expectedOrder(seeded),
    );
    assert.equal(response.body.nextCursor, null);
    const first = response.body.cases[0];
    assert.deepEqual(Object.keys(first).sort(), [
      'approvals',
      'channel',
      'deadline',
      'escalated',
      'escalations',
      'id',
      'market',
      'msisdn',
      'needsAnswerSince',
      'receivedAt',
      'reference',
      'reviewRoute',
      'riskSignals',
      'sla',
      'state',
    ]);
    assert.equal(first.reference, `SX-${first.id.slice(0, 8).toUpperCase()}`);
    assert.equal(first.approvals, 0);
    // The default page is 50.
    assert.equal((await queue()).body.cases.length, Math.min(50, seeded.length));
  });

  test('each filter narrows the queue and keeps its order', async () => {
    const filters: [string, (c: Seeded) => boolean][] = [
      ['market=DE', (c) => c.market === 'DE'],
      ['market=US', (c) => c.market === 'US'],
      ['channel=mail', (c) => c.channel === 'mail'],
      ['riskSignal=recent_contact_change', (c) => c.riskSignals.includes('recent_contact_change')],
      ['riskSignal=agent_override', (c) => c.riskSignals.includes('agent_override')],
      ['state=in_review', (c) => c.state === 'in_review'],
      ['state=needs_info', (c) => c.state === 'needs_info'],
      ['escalated=true', (c) => c.escalated],
      ['escalated=false', (c) => !c.escalated],
      [
        'market=UK&channel=online&state=in_review',
        (c) => c.market === 'UK' && c.channel === 'online' && c.state === 'in_review',
      ],
    ];
    for (const [query, keep] of filters) {
      const expected = expectedOrder(seeded.filter(keep));
      assert.ok(expected.length > 0, `${query} selects something`);
      const response = await queue(`${query}&limit=200`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual(
        (response.body.cases as { id: string }[]).map((c) => c.id),
        expected,
        query,
      );
    }
  });

  test('cursor pages: no duplicates, no gaps, the same order as one big page, with and without filters', async () => {
    for (const query of ['', 'market=CN', 'escalated=false', 'state=needs_info', 'riskSignal=recent_contact_change']) {
      const whole = (await queue(`${query}${query ? '&' : ''}limit=200`)).body.cases.map((c: { id: string }) => c.id);
      for (const limit of [1, 3, 7, 50]) {
        const { ids, pages } = await allPages(query, limit);
        assert.deepEqual(ids, whole, `${query} limit ${limit}`);
        assert.equal(new Set(ids).size, ids.length);
        assert.equal(
          pages,
          Math.max(1, Math.ceil(whole.length / limit)),
          `${query} limit ${limit}: no empty last page`,
        );
      }
    }
  });

  test('SLA colours come from the market calendar', async () => {
    const cases = (await queue('market=UK&limit=200')).body.cases as {
      state: string;
      deadline: string | null;
      sla: { status: string; workingHoursLeft: number };
    }[];
    for (const c of cases) {
      if (c.state === 'needs_info') {
        assert.equal(c.deadline, null);
        assert.equal(c.sla.status, 'paused');
        continue;
      }
      // Monday 10:00 in London; all seeded deadlines lie within working Monday–Wednesday.
      const hours = (new Date(c.deadline!).getTime() - start.getTime()) / HOUR;
      assert.equal(c.sla.workingHoursLeft, hours);
      assert.equal(c.sla.status, hours <= 0 ? 'overdue' : hours < 24 ? 'due_soon' : 'ok');
    }
    const statuses = new Set(cases.map((c) => c.sla.status));
    assert.deepEqual([...statuses].sort(), ['due_soon', 'ok', 'overdue', 'paused']);
  });

  test('bad queries are a 400 with the error envelope', async () => {
    for (const query of [
      'market=FR',
      'channel=pigeon',
      'riskSignal=bad_vibes',
      'state=completed',
      'escalated=yes',
      'limit=0',
      'limit=201',
      'cursor=',
      'cursor=not-a-cursor',
      `cursor=${Buffer.from('[0,"x","y","z"]').toString('base64url')}`,
      `cursor=${Buffer.from(JSON.stringify([1, -5, start.toISOString(), randomUUID()])).toString('base64url')}`,
      'sort=deadline',
    ]) {
      const response = await queue(query);
      assert.equal(response.status, 400, `${query}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.code, 'VALIDATION_FAILED', query);
      assert.equal(typeof response.body.error.message, 'string');
    }
    assert.equal((await queue('', await staffToken(harness, 'agent@demo.simexit.test'))).status, 403);
  });

  test('the clock pauses while the subscriber is asked, and resumes with the working time left (across a weekend)', async () => {
    const lines = await personaLines(harness);
    const { msisdn, iccid } = lines['uk-contact-change']![0]!;
    const token = await signInWithIccid(harness, msisdn, iccid);
    const created = await harness.request({ method: 'POST', url: '/v1/cancellations', token, payload: { msisdn } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id: string = created.body.id;
    await harness.drain();
    // The cooling-off timer is swept Tuesday 11:00; review is due two working days later, Thursday 11:00 GMT.
    await harness.advance(25 * HOUR);
    const row = async (query = 'market=UK&limit=200') =>
      ((await queue(query)).body.cases as { id: string; state: string; deadline: string | null; sla: unknown }[]).find(
        (c) => c.id === id,
      );
    const entered = await row();
    assert.ok(entered, 'the case is in the queue');
    assert.equal(entered.state, 'in_review');
    assert.equal(entered.deadline, '2026-11-26T11:00:00.000Z');
    assert.deepEqual(entered.sla, { status: 'ok', workingHoursLeft: 48 });

    // Wednesday 12:00: 23 working hours left, due soon; the clerk asks the subscriber.
    await harness.advance(25 * HOUR);
    assert.deepEqual((await row())?.sla, { status: 'due_soon', workingHoursLeft: 23 });
    const asked = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${id}/request-info`,
      token: await clerk(),
      payload: { message: 'Did you change the e-mail address on your account?' },
    });
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    const paused = await row('state=needs_info&limit=200');
    assert.equal(paused?.state, 'needs_info');
    assert.equal(paused?.deadline, null);
    assert.deepEqual(paused?.sla, { status: 'paused', workingHoursLeft: 23 });

    // Saturday 10:00 the subscriber answers: the clock restarts Monday 00:00 with 23 hours → Monday 23:00.
    await harness.advance(2 * DAY + 22 * HOUR);
    const again = await signInWithIccid(harness, msisdn, iccid);
    const answered = await harness.request({
      method: 'POST',
      url: `/v1/cases/${id}/info`,
      token: again,
      payload: { message: 'Yes, that was me.' },
    });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    const resumed = await row('state=in_review&limit=200');
    assert.equal(resumed?.deadline, '2026-11-30T23:00:00.000Z');
    assert.deepEqual(resumed?.sla, { status: 'due_soon', workingHoursLeft: 23 });
    // The timer that escalates agrees with the queue.
    const timers = await harness.system.context.db
      .selectFrom('timers')
      .select(['due_at'])
      .where('case_id', '=', id)
      .where('kind', '=', 'review_deadline')
      .where('cancelled_at', 'is', null)
      .execute();
    assert.deepEqual(
      timers.map((t) => new Date(t.due_at).toISOString()),
      ['2026-11-30T23:00:00.000Z'],
    );
    // Tuesday 00:00 it is overdue by one working hour and escalated.
    await harness.advance(2 * DAY + 14 * HOUR);
    const late = await row('escalated=true&limit=200');
    assert.deepEqual(late?.sla, { status: 'overdue', workingHoursLeft: -1 });
  });

  describe('bulk decisions', () => {
    const bulk = async (payload: object, token?: string) =>
      harness.request({ method: 'POST', url: '/v1/staff/cases/bulk', token: token ?? (await supervisor()), payload });
    const inReview = (values: Partial<NewCase> = {}) =>
      seedCase({ review_due_at: new Date(harness.clock.now().getTime() + DAY), ...values });

    test('approve: each case on its own, with the reason a case could not be decided', async () => {
      const manual = await inReview();
      const twoApprovers = await inReview({ review_route: 'second_approver', risk_signals: '["recent_sim_swap"]' });
      const coolingOff = await seedCase({ state: 'cooling_off' });
      const missing = randomUUID();
      const first = await bulk({ action: 'approve', caseIds: [manual.id, twoApprovers.id, coolingOff.id, missing] });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual(first.body.results, [
        { caseId: manual.id, ok: true, state: 'executing' },
        { caseId: twoApprovers.id, ok: true, state: 'in_review' },
        {
          caseId: coolingOff.id,
          ok: false,
          error: { code: 'ILLEGAL_TRANSITION', message: first.body.results[2].error.message },
        },
        { caseId: missing, ok: false, error: { code: 'CASE_NOT_FOUND', message: 'There is no case with this id.' } },
      ]);
      assert.match(first.body.results[2].error.message, /cooling off/);
      // The same supervisor cannot give the second approval too.
      const second = await bulk({ action: 'approve', caseIds: [twoApprovers.id], note: 'second look' });
      assert.equal(second.status, 200);
      assert.equal(second.body.results[0].ok, false);
      assert.equal(second.body.results[0].error.code, 'SAME_APPROVER');
      const queued = (await queue('limit=200')).body.cases as { id: string; approvals: number }[];
      assert.equal(queued.find((c) => c.id === twoApprovers.id)?.approvals, 1);
      assert.equal(
        queued.some((c) => c.id === manual.id),
        false,
        'an approved case leaves the queue',
      );
    });

    test('reject with a reason code; a case already decided is reported, the rest are rejected', async () => {
      const a = await inReview();
      const b = await inReview({ state: 'needs_info', resume_state: 'in_review', review_remaining_ms: HOUR });
      const done = await seedCase({ state: 'rejected' });
      const response = await bulk({
        action: 'reject',
        caseIds: [a.id, done.id, b.id],
        reason: 'suspected_fraud',
        note: 'ring of SIM swaps',
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const results = response.body.results as {
        caseId: string;
        ok: boolean;
        state?: string;
        error?: { code: string };
      }[];
      assert.deepEqual(
        results.map((r) => [r.caseId, r.ok, r.state ?? r.error?.code]),
        [
          [a.id, true, 'rejected'],
          [done.id, false, 'ILLEGAL_TRANSITION'],
          [b.id, false, 'ILLEGAL_TRANSITION'],
        ],
      );
      const row = await harness.system.context.db
        .selectFrom('cases')
        .select(['state', 'reason_code'])
        .where('id', '=', a.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { state: 'rejected', reason_code: 'suspected_fraud' });
    });

    test('a clerk may not decide in bulk; bad bodies are a 400', async () => {
      const someCase = await inReview();
      const refused = await bulk({ action: 'approve', caseIds: [someCase.id] }, await clerk());
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'FORBIDDEN');
      const ids = (n: number) => Array.from({ length: n }, () => randomUUID());
      for (const body of [
        {},
        { action: 'approve' },
        { action: 'approve', caseIds: [] },
        { action: 'approve', caseIds: ids(101) },
        { action: 'approve', caseIds: ['not-a-uuid'] },
        { action: 'approve', caseIds: [someCase.id, someCase.id] },
        { action: 'approve', caseIds: [someCase.id], reason: 'other' },
        { action: 'reject', caseIds: [someCase.id] },
        { action: 'reject', caseIds: [someCase.id], reason: 'dont_like_it' },
        { action: 'withdraw', caseIds: [someCase.id] },
        { action: 'approve', caseIds: [someCase.id], note: 'x'.repeat(2001) },
        { action: 'approve', caseIds: [someCase.id], force: true },
        [someCase.id],
      ]) {
        const response = await bulk(body);
        assert.equal(response.status, 400, `${JSON.stringify(body).slice(0, 80)}: ${JSON.stringify(response.body)}`);
        assert.equal(response.body.error.code, 'VALIDATION_FAILED');
      }
      // Nothing was decided by the refused requests.
      const queued = (await queue('limit=200')).body.cases as { id: string }[];
      assert.ok(queued.some((c) => c.id === someCase.id));
    });
  });
});
