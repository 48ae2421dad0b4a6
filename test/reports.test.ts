import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DAY,
  HOUR,
  confirmedCall,
  passLineEnd,
  personaLines,
  signInWithIccid,
  staffToken,
  startHarness,
  type Harness,
} from './support/harness.js';

/** Splits RFC 4180 CSV (quoted cells may hold commas, quotes and line breaks) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += char;
  }
  assert.equal(cell, '', 'the CSV ends with a line break');
  return rows;
}

/**
 * The staff console's management summary. Six cases over four markets and five channels, filed at
 * known instants and moved on by the test clock, so every figure is known in advance; the CSV must
 * carry exactly the same figures as the JSON.
 */
describe('staff reports: summary and CSV export', () => {
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;
  const line = (persona: string, index = 0) => lines[persona]![index]!;
  const ids: Record<string, string> = {};

  const online = async (persona: string, decisions: unknown, leavingReason: string | null) => {
    const { msisdn, iccid } = line(persona);
    const token = await signInWithIccid(harness, msisdn, iccid);
    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token,
      payload: { msisdn, decisions, leavingReason },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body.id as string;
  };

  const summary = async (query: string, as = 'supervisor') =>
    harness.request({
      method: 'GET',
      url: `/v1/staff/reports/summary?${query}`,
      token: await staffToken(harness, `${as}@demo.simexit.test`),
    });

  before(async () => {
    // Monday 23 November 2026, 10:00 UTC.
    harness = await startHarness({ start: '2026-11-23T10:00:00Z' });
    lines = await personaLines(harness);
    ids.ukOnline = await online('uk-prepaid-credit', { balance: { option: 'refund' } }, 'price: too dear, "really"');
    // An ordinary German cancellation: the line ends with its minimum term, on 23 March 2027.
    ids.deOnline = await online('de-contract', {}, 'coverage');
    ids.usOnline = await online('us-postpaid', { acknowledgedServiceIds: ['12015550123-1'] }, null);

    // A store agent files with an override: the case goes to a person (review deadline 2 working days).
    const store = await harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: await staffToken(harness, 'store@demo.simexit.test'),
      payload: {
        channel: 'store',
        msisdn: line('uk-contract').msisdn,
        // An early exit on the day cooling-off ends, with its charge: nothing to wait for once approved.
        requestedEndDate: '2026-11-24',
        decisions: { acceptEarlyTerminationCharge: true },
        verification: {
          method: 'id_document',
          documentType: 'passport',
          documentNumber: '512876930',
          holderName: 'Harry Walker',
        },
        agentOverride: true,
        leavingReason: 'price',
      },
    });
    assert.equal(store.status, 201, JSON.stringify(store.body));
    ids.ukStore = store.body.id;

    // A phone agent files with an override too; nobody decides it in time.
    const agent = await staffToken(harness, 'agent@demo.simexit.test');
    const { msisdn } = line('uk-debt-arrangement');
    const confirmationId = await confirmedCall(harness, agent, msisdn);
    const phone = await harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: agent,
      payload: {
        channel: 'phone',
        msisdn,
        verification: { method: 'line_confirmation', confirmationId },
        agentOverride: true,
      },
    });
    assert.equal(phone.status, 201, JSON.stringify(phone.body));
    ids.ukPhone = phone.body.id;
    await harness.drain();

    // Tuesday 11:00: cooling-off (24 h) is over; the UK and US online cases completed at receipt + 25 h;
    // the German one is approved and waits for its end date (scheduled).
    await harness.advance(25 * HOUR);
    // Tuesday 12:00: a clerk approves the store case, which completes at receipt + 26 h.
    harness.clock.advance(HOUR);
    const approved = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${ids.ukStore}/approve`,
      token: await staffToken(harness, 'clerk@demo.simexit.test'),
      payload: {},
    });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    await harness.drain();

    // Wednesday 12:00: a CN case (48 h cooling-off, card to post back) comes in, with a reason that
    // looks like a spreadsheet formula: free text, so the report counts it as "other", never as a key.
    await harness.advance(DAY);
    ids.cnOnline = await online(
      'cn-prepaid',
      { balance: { option: 'transfer', toMsisdn: line('cn-prepaid', 1).msisdn } },
      '=cmd|calc',
    );
    await harness.drain();

    // Saturday 12:00: the phone case's review deadline (Thursday) has passed and it was escalated.
    await harness.advance(3 * DAY);
  });
  after(() => harness.close());

  test('the states the figures below rely on', async () => {
    const states = Object.fromEntries(
      await Promise.all(
        Object.entries(ids).map(async ([name, id]) => {
          const row = await harness.system.context.db
            .selectFrom('cases')
            .select(['state', 'escalated'])
            .where('id', '=', id)
            .executeTakeFirstOrThrow();
          return [name, `${row.state}${row.escalated ? ' (escalated)' : ''}`];
        }),
      ),
    );
    assert.deepEqual(states, {
      ukOnline: 'completed',
      deOnline: 'scheduled',
      usOnline: 'completed',
      ukStore: 'completed',
      ukPhone: 'in_review (escalated)',
      cnOnline: 'awaiting_card_return',
    });
  });

  test('the summary over the whole week', async () => {
    const response = await summary('from=2026-11-23&to=2026-11-29');
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepEqual(response.body, {
      from: '2026-11-23',
      to: '2026-11-29',
      market: null,
      volumes: [
        { market: 'CN', channel: 'online', count: 1 },
        { market: 'DE', channel: 'online', count: 1 },
        { market: 'UK', channel: 'online', count: 1 },
        { market: 'UK', channel: 'phone', count: 1 },
        { market: 'UK', channel: 'store', count: 1 },
        { market: 'US', channel: 'online', count: 1 },
      ],
      leavingReasons: [
        { reason: 'not_given', count: 2 },
        { reason: 'price', count: 2 },
        { reason: 'coverage', count: 1 },
        { reason: 'other', count: 1 },
      ],
      // Completed after 25, 25 and 26 hours: continuous percentiles.
      timeToComplete: { completed: 3, p50Hours: 25, p90Hours: 25.8 },
      // The store case was decided in time; the phone case was escalated.
      sla: { met: 1, missed: 1, open: 0 },
      // At Saturday 12:00: the phone case is 5 days old, the CN case 3 days. The German case waits
      // for its end date, which nobody needs to act on: not backlog.
      backlogAge: [
        { bucket: '<1d', count: 0 },
        { bucket: '1-3d', count: 0 },
        { bucket: '3-7d', count: 2 },
        { bucket: '>7d', count: 0 },
      ],
    });
  });

  test('a market and a narrower range select the cases received there and then', async () => {
    const uk = await summary('from=2026-11-23&to=2026-11-29&market=UK');
    assert.equal(uk.status, 200, JSON.stringify(uk.body));
    assert.deepEqual(
      uk.body.volumes.map((v: { channel: string; count: number }) => `${v.channel}:${v.count}`),
      ['online:1', 'phone:1', 'store:1'],
    );
    assert.deepEqual(uk.body.timeToComplete, { completed: 2, p50Hours: 25.5, p90Hours: 25.9 });
    const monday = await summary('from=2026-11-23&to=2026-11-23');
    assert.equal(monday.body.volumes.length, 5, 'the CN case came in on Wednesday');
    const later = await summary('from=2026-11-30&to=2026-12-31');
    assert.deepEqual(later.body.volumes, []);
    assert.deepEqual(later.body.timeToComplete, { completed: 0, p50Hours: null, p90Hours: null });
    assert.deepEqual(later.body.sla, { met: 0, missed: 0, open: 0 });
  });

  test('the CSV carries exactly the figures of the JSON, escaped for spreadsheets', async () => {
    const query = 'from=2026-11-23&to=2026-11-29';
    const json = (await summary(query)).body;
    const csv = await harness.request({
      method: 'GET',
      url: `/v1/staff/reports/summary.csv?${query}`,
      token: await staffToken(harness, 'admin@demo.simexit.test'),
    });
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /filename="simexit-report-2026-11-23-2026-11-29\.csv"/);
    const [header, ...rows] = parseCsv(csv.body as string);
    assert.deepEqual(header, ['section', 'market', 'channel', 'key', 'value']);
    const expected = [
      ['range', '', '', 'from', json.from],
      ['range', '', '', 'to', json.to],
      ...json.volumes.map((v: { market: string; channel: string; count: number }) => [
        'volume',
        v.market,
        v.channel,
        'cases',
        String(v.count),
      ]),
      ...json.leavingReasons.map((r: { reason: string; count: number }) => [
        'leaving_reason',
        '',
        '',
        // A cell that a spreadsheet would run as a formula is kept as text.
        /^[=+\-@]/.test(r.reason) ? `'${r.reason}` : r.reason,
        String(r.count),
      ]),
      ['time_to_complete', '', '', 'completed', String(json.timeToComplete.completed)],
      ['time_to_complete', '', '', 'p50_hours', String(json.timeToComplete.p50Hours)],
      ['time_to_complete', '', '', 'p90_hours', String(json.timeToComplete.p90Hours)],
      ['sla', '', '', 'met', String(json.sla.met)],
      ['sla', '', '', 'missed', String(json.sla.missed)],
      ['sla', '', '', 'open', String(json.sla.open)],
      ...json.backlogAge.map((b: { bucket: string; count: number }) => [
        'backlog_age',
        '',
        '',
        b.bucket,
        String(b.count),
      ]),
    ];
    assert.deepEqual(rows, expected);
    assert.ok(!(csv.body as string).includes('cmd|calc'), 'free text never reaches the report');
    // The number of cases in the CSV is the number of cases created.
    const total = rows.filter((r) => r[0] === 'volume').reduce((sum, r) => sum + Number(r[4]), 0);
    assert.equal(total, Object.keys(ids).length);
  });

  test('bad ranges are a 400 that says what to fix', async () => {
    for (const query of [
      'from=2026-11-29&to=2026-11-23',
      'from=2025-11-01&to=2026-11-29',
      'from=2026-02-30&to=2026-03-01',
      'from=2026-11-23',
      'from=23.11.2026&to=2026-11-29',
      'from=2026-11-23&to=2026-11-29&market=FR',
      'from=2026-11-23&to=2026-11-29&extra=1',
    ]) {
      const response = await summary(query);
      assert.equal(response.status, 400, `${query}: ${JSON.stringify(response.body)}`);
      assert.ok(['VALIDATION_FAILED', 'INVALID_DATE'].includes(response.body.error.code), query);
      assert.ok(response.body.error.message.length > 0);
    }
    const leapYear = await summary('from=2027-01-01&to=2028-01-01');
    assert.equal(leapYear.status, 200, '366 days is the longest range');
  });

  test('a contract’s wait for its end date counts neither as backlog nor in the time to complete', async () => {
    // Past 23 March 2027 (00:00 in Berlin): the German case is carried out, a month short of four after receipt.
    const deOnline = ids.deOnline!;
    await passLineEnd(harness, deOnline);
    const de = await harness.system.context.db
      .selectFrom('cases')
      .select('state')
      .where('id', '=', deOnline)
      .executeTakeFirstOrThrow();
    assert.equal(de.state, 'completed');
    const week = (await summary('from=2026-11-23&to=2026-11-29')).body;
    // Received Monday 10:00, approved at receipt + 25 h, then carried out on its end date: 25 hours of handling.
    assert.deepEqual(week.timeToComplete, { completed: 4, p50Hours: 25, p90Hours: 25.7 });
    const germany = (await summary('from=2026-11-23&to=2026-11-29&market=DE')).body;
    assert.deepEqual(germany.timeToComplete, { completed: 1, p50Hours: 25, p90Hours: 25 });
    assert.deepEqual(
      germany.backlogAge.map((b: { count: number }) => b.count),
      [0, 0, 0, 0],
    );
  });

  test('clerks, agents and anonymous callers may not see it', async () => {
    for (const role of ['clerk', 'agent', 'store']) {
      const response = await summary('from=2026-11-23&to=2026-11-29', role);
      assert.equal(response.status, 403, role);
      assert.equal(response.body.error.code, 'FORBIDDEN');
    }
    const csv = await harness.request({
      method: 'GET',
      url: '/v1/staff/reports/summary.csv?from=2026-11-23&to=2026-11-29',
      token: await staffToken(harness, 'clerk@demo.simexit.test'),
    });
    assert.equal(csv.status, 403);
    const anonymous = await harness.request({
      method: 'GET',
      url: '/v1/staff/reports/summary?from=2026-11-23&to=2026-11-29',
    });
    assert.equal(anonymous.status, 401);
  });
});
