import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { startOfLocalDate } from '../src/domain/working-days.js';
import { fireDueTimers } from '../src/services/timers.service.js';
import {
  fileOnline,
  personaLines,
  signInWithIccid,
  staffToken,
  startHarness,
  type Harness,
} from './support/harness.js';

const MINUTE = 60_000;

/**
 * Execution waits for the line's end date. A contract case approved before the date the holder was
 * told ("Your line ends on …") waits in `scheduled`, still withdrawable, and is carried out once, when
 * the demo clock passes 00:00 of that date in the market's time zone; a prepaid line ends at once.
 * The harness starts Monday 23 November 2026, 10:00 UTC; its time is moved with the demo clock here,
 * as someone trying the demo would (sessions keep the wall clock, so the holder stays signed in).
 */
describe('execution waits for the line’s end date', () => {
  const clerk = (harness: Harness) => staffToken(harness, 'clerk@demo.simexit.test');
  const staffView = async (harness: Harness, id: string) =>
    (await harness.request({ method: 'GET', url: `/v1/staff/cases/${id}`, token: await clerk(harness) })).body;
  const holderView = async (harness: Harness, id: string, token: string) =>
    (await harness.request({ method: 'GET', url: `/v1/cases/${id}`, token })).body;
  /** Moves the demo clock (as the banner does), then lets the worker run what the fired timers started. */
  const moveClock = async (harness: Harness, by: string) => {
    const moved = await harness.request({ method: 'POST', url: '/demo/clock/advance', payload: { by } });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    await harness.drain();
    return moved.body as { now: string; timersFired: number };
  };
  const demoNow = async (harness: Harness) =>
    new Date((await harness.request({ method: 'GET', url: '/demo/clock' })).body.now as string);
  /** The demo network's line: its status, and how many times it was asked to deactivate it. */
  const network = async (harness: Harness, msisdn: string) => {
    const { rows } = await sql<{ status: string; deactivations: number }>`
      select l.status,
             (select count(*)::int from demo.operations o where o.msisdn = l.msisdn and o.operation = 'deactivate')
               as deactivations
      from demo.lines l where l.msisdn = ${msisdn}`.execute(harness.system.context.db);
    return { status: rows[0]!.status, deactivations: Number(rows[0]!.deactivations) };
  };
  const eventsOf = (view: { timeline: { type: string }[] }, type: string) =>
    view.timeline.filter((event) => event.type === type).length;
  const lineEndTimers = (harness: Harness, caseId: string) =>
    harness.system.context.db
      .selectFrom('timers')
      .select(['due_at', 'fired_at', 'cancelled_at'])
      .where('case_id', '=', caseId)
      .where('kind', '=', 'line_end')
      .execute();

  test('a contract approved before its end date stays scheduled, then executes exactly once when the clock passes it', async (t) => {
    const harness = await startHarness();
    t.after(() => harness.close());
    // A UK post-paid line without a minimum term: 30 days' notice. Its e-mail changed: a person reviews it.
    const filed = await fileOnline(harness, 'uk-contact-change');
    const told = (await holderView(harness, filed.id, filed.token)).lineEndsOn as string;
    assert.equal(told, '2026-12-23', 'the receipt said: 30 days after receipt');
    const endsAt = startOfLocalDate(told, 'Europe/London');
    assert.equal(endsAt.toISOString(), '2026-12-23T00:00:00.000Z', 'midnight in London (GMT)');

    await moveClock(harness, '25h');
    assert.equal((await staffView(harness, filed.id)).state, 'in_review');
    const approved = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${filed.id}/approve`,
      token: await clerk(harness),
      payload: {},
    });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.state, 'scheduled', 'approved a month before the end date: not executed');
    await harness.drain();

    let staff = await staffView(harness, filed.id);
    assert.equal(staff.state, 'scheduled');
    assert.deepEqual(staff.waitingFor, [{ what: 'line_end', until: endsAt.toISOString() }]);
    assert.deepEqual(staff.execution, [], 'no step of execution has run');
    assert.ok(staff.allowedActions.includes('withdraw'));
    const holder = await holderView(harness, filed.id, filed.token);
    assert.equal(holder.state, 'scheduled');
    assert.equal(holder.lineEndsOn, told);
    assert.deepEqual(holder.allowedActions, ['withdraw'], 'the holder may still withdraw');
    assert.deepEqual(holder.waitingFor, [{ what: 'line_end', until: endsAt.toISOString() }]);
    assert.deepEqual(
      await network(harness, filed.msisdn),
      { status: 'active', deactivations: 0 },
      'it works until then',
    );

    // A minute before midnight on the end date: still waiting.
    const untilEnd = Math.round((endsAt.getTime() - (await demoNow(harness)).getTime()) / MINUTE);
    await moveClock(harness, `${untilEnd - 1}m`);
    staff = await staffView(harness, filed.id);
    assert.equal(staff.state, 'scheduled');
    assert.deepEqual(staff.execution, []);
    assert.equal((await network(harness, filed.msisdn)).status, 'active');

    // The clock passes the date: the line_end timer fires and the case is carried out.
    const passed = await moveClock(harness, '2m');
    assert.ok(passed.timersFired >= 1);
    staff = await staffView(harness, filed.id);
    assert.equal(staff.state, 'completed', JSON.stringify(staff.timeline));
    const reached = staff.timeline.find((event: { type: string }) => event.type === 'line_end_reached');
    assert.deepEqual([reached.from, reached.to], ['scheduled', 'executing']);
    assert.ok(new Date(reached.at).getTime() >= endsAt.getTime(), 'never before the end date');
    assert.equal(staff.execution.length, 6);
    assert.deepEqual(await network(harness, filed.msisdn), { status: 'deactivated', deactivations: 1 });

    // Exactly once: more time, another sweep, nothing happens twice.
    const completedMessages = staff.communications.filter(
      (m: { template: string | null }) => m.template === 'completed',
    );
    await moveClock(harness, '3d');
    assert.equal(await fireDueTimers(harness.system.context), 0);
    await harness.drain();
    staff = await staffView(harness, filed.id);
    for (const type of ['line_end_reached', 'execution_completed']) assert.equal(eventsOf(staff, type), 1, type);
    assert.equal(staff.execution.length, 6);
    assert.equal((await network(harness, filed.msisdn)).deactivations, 1, 'the network was asked once');
    assert.equal(
      staff.communications.filter((m: { template: string | null }) => m.template === 'completed').length,
      completedMessages.length,
    );
    const timers = await lineEndTimers(harness, filed.id);
    assert.equal(timers.length, 1);
    assert.equal(new Date(timers[0]!.due_at).toISOString(), endsAt.toISOString());
    assert.ok(timers[0]!.fired_at !== null && timers[0]!.cancelled_at === null);
  });

  test('a scheduled case is withdrawn ("not you? stop it") and its timer cancelled: the end date passes, the line stays', async (t) => {
    const harness = await startHarness();
    t.after(() => harness.close());
    // A German contract whose minimum term runs 120 days: approved automatically after cooling-off.
    const filed = await fileOnline(harness, 'de-contract');
    await moveClock(harness, '25h');
    const waiting = await holderView(harness, filed.id, filed.token);
    assert.equal(waiting.state, 'scheduled', JSON.stringify(waiting.timeline));
    const endsAt = startOfLocalDate(waiting.lineEndsOn, 'Europe/Berlin');
    assert.deepEqual(waiting.waitingFor, [{ what: 'line_end', until: endsAt.toISOString() }]);

    const stopped = await harness.request({
      method: 'POST',
      url: `/v1/cases/${filed.id}/withdraw`,
      token: filed.token,
      payload: { reason: 'holder_disputed' },
    });
    assert.equal(stopped.status, 200, JSON.stringify(stopped.body));
    assert.equal(stopped.body.state, 'withdrawn');
    assert.deepEqual(stopped.body.waitingFor, []);
    const timers = await lineEndTimers(harness, filed.id);
    assert.equal(timers.length, 1);
    assert.ok(timers[0]!.cancelled_at !== null && timers[0]!.fired_at === null, 'the line_end timer is cancelled');

    await moveClock(harness, '130d');
    const after = await staffView(harness, filed.id);
    assert.equal(after.state, 'withdrawn');
    assert.deepEqual(after.execution, []);
    assert.equal(eventsOf(after, 'line_end_reached'), 0);
    assert.deepEqual(
      await network(harness, filed.msisdn),
      { status: 'active', deactivations: 0 },
      'never switched off',
    );
  });

  test('a prepaid line still ends at once: executed as soon as cooling-off ends, never scheduled', async (t) => {
    const harness = await startHarness();
    t.after(() => harness.close());
    const line = (await personaLines(harness))['uk-prepaid-credit']![0]!;
    const token = await signInWithIccid(harness, line.msisdn, line.iccid);
    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token,
      headers: { 'idempotency-key': 'prepaid-at-once' },
      payload: { msisdn: line.msisdn, decisions: { balance: { option: 'forfeit', acknowledged: true } } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    // Prepaid ends the day cooling-off ends: 24 November.
    assert.equal(created.body.lineEndsOn, '2026-11-24');
    await harness.drain();
    await moveClock(harness, '25h');
    const view = await holderView(harness, created.body.id, token);
    assert.equal(view.state, 'completed', JSON.stringify(view.timeline));
    assert.ok(!view.timeline.some((event: { to: string }) => event.to === 'scheduled'));
    assert.deepEqual(await lineEndTimers(harness, created.body.id), []);
  });
});
