import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { advanceRun } from '../src/services/bulk-runs.service.js';
import { DAY, HOUR, staffToken, startHarness, type Harness } from './support/harness.js';

/**
 * Bulk deactivation runs end to end over the API, on the engine under test: synthetic UK prepaid lines
 * of the demo operator (never registered, dormant) are noticed, barred, fully barred and deactivated,
 * with holders reinstated when they fix the cause or an agent decides so.
 */
const synthetic = (n: number) => `+4478${String(n).padStart(8, '0')}`;
const delays = { bar_outgoing: DAY / 1000, bar_full: DAY / 1000, deactivate: DAY / 1000 };

describe('bulk deactivation runs', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness();
    await harness.system.demo!.seedSyntheticLines(40);
  });
  after(() => harness.close());

  // Sessions end after hours and the test clock moves by days: a fresh token per request.
  const admin = () => staffToken(harness, 'admin@demo.simexit.test');
  const agent = () => staffToken(harness, 'agent@demo.simexit.test');
  const ddb = () => harness.system.demo!.ddb;
  const demoLine = (msisdn: string) =>
    ddb().selectFrom('lines').select(['status', 'barring']).where('msisdn', '=', msisdn).executeTakeFirstOrThrow();
  const run = async (id: string) =>
    (await harness.request({ method: 'GET', url: `/v1/admin/bulk-runs/${id}`, token: await admin() })).body;
  const lineOf = (runId: string, msisdn: string) =>
    harness.system.context.db
      .selectFrom('bulk_run_lines')
      .selectAll()
      .where('run_id', '=', runId)
      .where('msisdn', '=', msisdn)
      .executeTakeFirstOrThrow();
  const csvRun = async (csv: string, extra: Record<string, unknown> = {}) =>
    harness.request({
      method: 'POST',
      url: '/v1/admin/bulk-runs',
      token: await admin(),
      payload: { market: 'UK', name: 'Test run', linesPerSecond: 10_000, delaySeconds: delays, csv, ...extra },
    });

  test('a selector run notices, bars and deactivates; a holder who registers and one an agent helps are reinstated', async () => {
    // The synthetic lines 0..39 are unregistered; this run picks them all (personas are registered).
    const created = await harness.request({
      method: 'POST',
      url: '/v1/admin/bulk-runs',
      token: await admin(),
      payload: {
        market: 'UK',
        name: 'Unregistered SIMs, deadline 2026-12-01',
        linesPerSecond: 10_000,
        delaySeconds: delays,
        selector: { kind: 'unregistered', registeredBefore: '2026-12-01' },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.run.id;
    assert.equal(created.body.run.state, 'preparing');
    await harness.advance(0);
    let view = await run(id);
    assert.equal(view.state, 'running');
    assert.equal(view.progress.lines, 40);
    assert.equal(view.progress.atStage.notice, 40);

    const fixer = synthetic(3);
    const helped = synthetic(4);
    const noticed = await lineOf(id, fixer);
    const caseView = await harness.request({
      method: 'GET',
      url: `/v1/staff/cases/${noticed.case_id}`,
      token: await agent(),
    });
    assert.equal(caseView.status, 200);
    assert.equal(caseView.body.state, 'grace_period');
    assert.equal(caseView.body.channel, 'bulk');
    const inbox = await harness.request({ method: 'GET', url: `/demo/inbox/${encodeURIComponent(fixer)}` });
    assert.match(inbox.body.messages.at(-1).body, /register the SIM in your name/);

    // The holder registers during the grace period: before the outgoing bar the selector no longer picks the line.
    await harness.request({ method: 'POST', url: `/demo/lines/${encodeURIComponent(fixer)}/register` });
    await harness.advance(DAY);
    view = await run(id);
    assert.equal(view.progress.ended.reinstated, 1);
    assert.equal(view.progress.atStage.bar_outgoing, 39);
    assert.equal((await lineOf(id, fixer)).status, 'reinstated');
    assert.deepEqual(await demoLine(fixer), { status: 'active', barring: 'none' });
    assert.deepEqual(await demoLine(helped), { status: 'active', barring: 'outgoing' });

    // An agent gives another line back (the holder called); the run's worker lifts the bar.
    const helpedLine = await lineOf(id, helped);
    const refused = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${helpedLine.case_id}/reinstate`,
      token: await agent(),
      payload: { note: 'x' },
    });
    assert.equal(refused.status, 400);
    const asked = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${helpedLine.case_id}/reinstate`,
      token: await agent(),
      payload: { note: 'Holder registered in store, receipt seen' },
    });
    assert.equal(asked.status, 202, JSON.stringify(asked.body));
    await harness.advance(0);
    assert.deepEqual(await demoLine(helped), { status: 'active', barring: 'none' });
    const helpedCase = await harness.request({
      method: 'GET',
      url: `/v1/staff/cases/${helpedLine.case_id}`,
      token: await agent(),
    });
    assert.equal(helpedCase.body.state, 'withdrawn');
    const again = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${helpedLine.case_id}/reinstate`,
      token: await agent(),
      payload: { note: 'Second time' },
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'ILLEGAL_TRANSITION');
    const helpedInbox = await harness.request({ method: 'GET', url: `/demo/inbox/${encodeURIComponent(helped)}` });
    assert.match(helpedInbox.body.messages.at(-1).body, /stays active and any bar has been lifted/);

    await harness.advance(DAY);
    assert.deepEqual(await demoLine(synthetic(5)), { status: 'active', barring: 'full' });
    await harness.advance(DAY);
    view = await run(id);
    assert.equal(view.state, 'completed');
    assert.deepEqual(view.progress.ended, { deactivated: 38, reinstated: 2, failed: 0, cancelled: 0 });
    assert.deepEqual(await demoLine(synthetic(5)), { status: 'deactivated', barring: 'none' });

    // Every deactivated line is an ordinary completed case: its timeline, quarantine and ledger.
    const done = await lineOf(id, synthetic(5));
    const timeline = await harness.system.context.db
      .selectFrom('case_events')
      .select(['type', 'from_state', 'to_state', 'channel'])
      .where('case_id', '=', done.case_id!)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      timeline.map((e) => `${e.type}:${e.from_state}>${e.to_state}`),
      [
        'bulk_notice:draft>grace_period',
        'bar_outgoing:grace_period>grace_period',
        'bar_full:grace_period>grace_period',
        'bulk_deactivate:grace_period>completed',
      ],
    );
    const audits = await harness.system.context.db
      .selectFrom('audit_log')
      .select('action')
      .where('target', '=', `case:${done.case_id}`)
      .execute();
    assert.equal(audits.length, 4);
    const quarantine = await ddb()
      .selectFrom('number_inventory')
      .selectAll()
      .where('msisdn', '=', synthetic(5))
      .executeTakeFirstOrThrow();
    assert.equal(quarantine.status, 'quarantined');
    const ledger = await harness.system.context.db
      .selectFrom('number_ownership_events')
      .select('event')
      .where('case_id', '=', done.case_id!)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      ledger.map((e) => e.event),
      ['deactivated', 'quarantined'],
    );
    const messages = await harness.system.context.db
      .selectFrom('outbox_messages')
      .select(['template', 'channel', 'delivered_at'])
      .where('case_id', '=', done.case_id!)
      .orderBy('created_at')
      .execute();
    // Notice and outgoing bar by SMS and e-mail; a fully barred or closed line gets e-mail only.
    assert.deepEqual(messages.map((m) => `${m.template}:${m.channel}`).sort(), [
      'bulk_barred_full:email',
      'bulk_barred_outgoing:email',
      'bulk_barred_outgoing:sms',
      'bulk_notice:email',
      'bulk_notice:sms',
      'completed:email',
    ]);
    assert.ok(
      messages.every((m) => m.delivered_at !== null),
      'every message was delivered',
    );

    const report = await harness.request({
      method: 'GET',
      url: `/v1/admin/bulk-runs/${id}/report.csv`,
      token: await admin(),
    });
    assert.equal(report.status, 200);
    const rows = (report.body as string).trim().split('\n');
    assert.equal(rows.length, 41);
    assert.ok(rows.some((r) => r.startsWith(`${fixer},,reinstated,,cause_fixed,`)));
    assert.ok(rows.some((r) => r.startsWith(`${helped},,reinstated,,agent_decision,`)));
    assert.equal(rows.filter((r) => r.includes(',deactivated,deactivate,')).length, 38);
  });

  test('an uploaded list reports bad rows one by one and runs the good ones', async () => {
    // Fresh lines: the first run deactivated the first forty.
    await harness.system.demo!.seedSyntheticLines(100);
    const csv = [
      'msisdn',
      synthetic(50),
      '07800000051', // national form of a UK number: taken
      `${synthetic(52)},extra`,
      'not a number',
      synthetic(50),
      '+4915112345678',
      '+447700900999',
      '',
      synthetic(53),
    ].join('\n');
    const created = await csvRun(csv);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.accepted, 3);
    assert.deepEqual(
      created.body.rejected.rows.map((r: { row: number; reason: string }) => `${r.row}:${r.reason}`),
      ['4:malformed_row', '5:invalid_number', '6:duplicate', '7:other_market', '8:unknown_number'],
    );
    assert.equal(created.body.rejected.rows[2].value, synthetic(50));
    const listed = await harness.request({
      method: 'GET',
      url: `/v1/admin/bulk-runs/${created.body.run.id}/rejections`,
      token: await admin(),
    });
    assert.equal(listed.body.rejections.length, 5);
    await harness.advance(0);
    const view = await run(created.body.run.id);
    assert.equal(view.progress.atStage.notice, 3);
    assert.equal(view.progress.rejectedRows, 5);
    // Nothing was applied to the bad rows: the malformed row's number has no case.
    const untouched = await harness.system.context.db
      .selectFrom('cases')
      .select('id')
      .where('msisdn', '=', synthetic(52))
      .execute();
    assert.equal(untouched.length, 0);

    // A number already in a run's grace period cannot be taken twice: listed as a failed line with the reason.
    const second = await csvRun(synthetic(50));
    assert.equal(second.status, 201);
    await harness.advance(0);
    const failed = await lineOf(second.body.run.id, synthetic(50));
    assert.equal(failed.status, 'failed');
    assert.equal(failed.reason, 'case_already_open');
    // The run's page lists it with the reason (and its progress counts it, from the kept counts).
    const failedLines = await harness.request({
      method: 'GET',
      url: `/v1/admin/bulk-runs/${second.body.run.id}/lines?status=failed`,
      token: await admin(),
    });
    assert.equal(failedLines.status, 200, JSON.stringify(failedLines.body));
    assert.deepEqual(failedLines.body, {
      lines: [
        {
          msisdn: synthetic(50),
          row: 1,
          status: 'failed',
          lastStage: null,
          reason: 'case_already_open',
          caseId: null,
          endedAt: failedLines.body.lines[0].endedAt,
        },
      ],
      next: null,
    });
    assert.match(String(failedLines.body.lines[0]?.endedAt), /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual((await run(second.body.run.id)).progress.ended, {
      deactivated: 0,
      reinstated: 0,
      failed: 1,
      cancelled: 0,
    });
    const wrongStatus = await harness.request({
      method: 'GET',
      url: `/v1/admin/bulk-runs/${second.body.run.id}/lines?status=broken`,
      token: await admin(),
    });
    assert.equal(wrongStatus.status, 400);
    assert.equal(wrongStatus.body.error.code, 'VALIDATION_FAILED');

    const none = await csvRun('msisdn\nhello\n+4915112345678\n');
    assert.equal(none.status, 422);
    assert.equal(none.body.error.code, 'BULK_RUN_NO_VALID_LINES');
    assert.equal(none.body.error.details.rejected.length, 2);
    const bad = await csvRun('x', { stages: ['bar_full', 'notice'] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
    const forbidden = await harness.request({
      method: 'POST',
      url: '/v1/admin/bulk-runs',
      token: await agent(),
      payload: { market: 'UK', name: 'Test run', linesPerSecond: 10, csv: synthetic(60) },
    });
    assert.equal(forbidden.status, 403);
  });

  test('a paused run does nothing until resumed; a cancelled run gives its lines back', async () => {
    const created = await csvRun([61, 62, 63].map(synthetic).join('\n'));
    const id = created.body.run.id;
    const paused = await harness.request({
      method: 'POST',
      url: `/v1/admin/bulk-runs/${id}/pause`,
      token: await admin(),
    });
    assert.equal(paused.body.state, 'paused');
    await harness.advance(2 * DAY);
    assert.equal((await run(id)).progress.atStage.pending, 3);
    const pausedAgain = await harness.request({
      method: 'POST',
      url: `/v1/admin/bulk-runs/${id}/pause`,
      token: await admin(),
    });
    assert.equal(pausedAgain.status, 409);
    await harness.request({ method: 'POST', url: `/v1/admin/bulk-runs/${id}/resume`, token: await admin() });
    await harness.advance(0);
    assert.equal((await run(id)).progress.atStage.notice, 3);
    await harness.advance(DAY);
    assert.equal((await run(id)).progress.atStage.bar_outgoing, 3);
    assert.equal((await demoLine(synthetic(61))).barring, 'outgoing');

    const cancelled = await harness.request({
      method: 'POST',
      url: `/v1/admin/bulk-runs/${id}/cancel`,
      token: await admin(),
    });
    assert.equal(cancelled.body.state, 'cancelling');
    await harness.advance(0);
    const view = await run(id);
    assert.equal(view.state, 'cancelled');
    assert.deepEqual(view.progress.ended, { deactivated: 0, reinstated: 3, failed: 0, cancelled: 0 });
    assert.deepEqual(await demoLine(synthetic(61)), { status: 'active', barring: 'none' });
    const line = await lineOf(id, synthetic(61));
    assert.equal(line.reason, 'run_cancelled');
    const state = await harness.system.context.db
      .selectFrom('cases')
      .select('state')
      .where('id', '=', line.case_id!)
      .executeTakeFirstOrThrow();
    assert.equal(state.state, 'withdrawn');
    const resume = await harness.request({
      method: 'POST',
      url: `/v1/admin/bulk-runs/${id}/resume`,
      token: await admin(),
    });
    assert.equal(resume.status, 409);

    // Cancelled before any notice: the lines end `cancelled`, with no case.
    const early = await csvRun(synthetic(64));
    await harness.request({
      method: 'POST',
      url: `/v1/admin/bulk-runs/${early.body.run.id}/cancel`,
      token: await admin(),
    });
    await harness.advance(0);
    const earlyView = await run(early.body.run.id);
    assert.equal(earlyView.state, 'cancelled');
    assert.equal(earlyView.progress.ended.cancelled, 1);
  });

  test('exactly once: a batch that dies after the network acted, and a batch run twice, do nothing twice', async () => {
    const numbers = [70, 71, 72, 73].map(synthetic);
    const created = await csvRun(numbers.join('\n'), { delaySeconds: { bar_outgoing: 0, bar_full: 0, deactivate: 0 } });
    const id = created.body.run.id;
    const provisioning = harness.system.context.ports.provisioning;
    const original = provisioning.applyLineActions;
    let crashes = 0;
    // The process "dies" after the network confirmed the outgoing bar, before anything was recorded.
    provisioning.applyLineActions = async (actions) => {
      const results = await original(actions);
      if (actions[0]?.action === 'bar_outgoing' && crashes === 0) {
        crashes++;
        throw new Error('process killed');
      }
      return results;
    };
    try {
      await assert.rejects(advanceRun(harness.system.context, id), /process killed/);
    } finally {
      provisioning.applyLineActions = original;
    }
    assert.equal(crashes, 1);
    // Two workers on the same run at once (an expired job handed out again while the first still runs).
    await Promise.all([advanceRun(harness.system.context, id), advanceRun(harness.system.context, id)]);
    await harness.advance(0);
    assert.equal((await run(id)).state, 'completed');
    for (const msisdn of numbers) {
      const line = await lineOf(id, msisdn);
      assert.equal(line.status, 'deactivated');
      const events = await harness.system.context.db
        .selectFrom('case_events')
        .select('type')
        .where('case_id', '=', line.case_id!)
        .execute();
      assert.equal(events.length, 4, `${msisdn}: one event per stage`);
      const outbox = await harness.system.context.db
        .selectFrom('outbox_messages')
        .select('id')
        .where('case_id', '=', line.case_id!)
        .execute();
      assert.equal(outbox.length, 6);
      const cases = await harness.system.context.db
        .selectFrom('cases')
        .select('id')
        .where('msisdn', '=', msisdn)
        .execute();
      assert.equal(cases.length, 1);
      const ops = await ddb()
        .selectFrom('operations')
        .select(['operation', 'replays'])
        .where('idempotency_key', '=', `bulk:bar_outgoing:${line.id}`)
        .executeTakeFirstOrThrow();
      // The bar went to the network once; the retry after the "crash" was answered from its key.
      assert.ok(ops.replays >= 1, `${msisdn}: the retried bar was a replay`);
    }
    const quarantines = await sql<{ n: string }>`
      select count(*) as n from number_quarantines where msisdn = any(${numbers}::text[])`.execute(
      harness.system.context.db,
    );
    assert.equal(Number(quarantines.rows[0]!.n), 4);
  });

  test('progress says lines per second and when the run should end', async () => {
    const created = await csvRun(synthetic(75), {
      delaySeconds: { bar_outgoing: 3600, bar_full: 3600, deactivate: 3600 },
    });
    await harness.advance(0);
    const view = await run(created.body.run.id);
    assert.equal(view.progress.atStage.notice, 1);
    assert.ok(view.progress.linesPerSecond > 0);
    const end = new Date(view.progress.expectedEndAt).getTime();
    // Three more stages an hour apart: not before the schedule allows.
    assert.ok(end >= harness.clock.now().getTime() + 3 * HOUR - 1000, view.progress.expectedEndAt);
  });
});
