import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { DemoClock, ManualClock } from '../src/clock.js';
import { addDemoClockOffset } from '../src/db/repositories/demo-clock.repository.js';
import { startTimerSweep } from '../src/jobs/timers.sweep.js';
import { syncDemoClock } from '../src/services/demo-clock.service.js';
import { createStaffUser } from '../src/services/staff-users.service.js';
import { openSystem } from '../src/system.js';
import { DAY, fileOnline, HOUR, simexitCommand, staffToken, startHarness, type Harness } from './support/harness.js';

/**
 * The demo clock: time moved forward over the API (or the CLI) for every process of a demo, so a
 * case goes from filing to number release in minutes; timers fire through the same transitions, and
 * each move is audited. Outside the demo it refuses. The harness starts Monday 23 November 2026,
 * 10:00 UTC; its ManualClock is the wall clock under the demo clock and is never moved here.
 */
describe('demo clock', () => {
  let harness: Harness;
  const admin = () => staffToken(harness, 'admin@demo.simexit.test');
  const clerk = () => staffToken(harness, 'clerk@demo.simexit.test');

  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());

  const staffView = async (id: string) =>
    (await harness.request({ method: 'GET', url: `/v1/staff/cases/${id}`, token: await clerk() })).body;

  test('a demo process runs on the demo clock, starting at the wall clock', async () => {
    assert.ok(harness.system.context.clock instanceof DemoClock);
    const shown = await harness.request({ method: 'GET', url: '/demo/clock' });
    assert.equal(shown.status, 200);
    assert.deepEqual(shown.body, { now: '2026-11-23T10:00:00.000Z', offsetMs: 0 });
  });

  test('moving the clock past cooling-off fires the timer at once; the holder stays signed in', async () => {
    const filed = await fileOnline(harness, 'uk-contact-change');
    assert.equal((await staffView(filed.id)).state, 'cooling_off');

    const moved = await harness.request({
      method: 'POST',
      url: '/demo/clock/advance',
      token: filed.token,
      payload: { by: '25h' },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.advancedByMs, 25 * HOUR);
    assert.equal(moved.body.offsetMs, 25 * HOUR);
    assert.equal(moved.body.now, '2026-11-24T11:00:00.000Z');
    assert.ok(moved.body.timersFired >= 1);

    const view = await staffView(filed.id);
    assert.equal(view.state, 'in_review', 'cooling-off ended on the moved clock');
    const entered = view.timeline.find((e: { type: string }) => e.type === 'cooling_off_ended');
    assert.equal(entered.at, '2026-11-24T11:00:00.000Z', 'the transition is dated on the demo clock');
    // The review deadline counts from the moved "now": two working days later.
    assert.deepEqual(
      view.waitingFor.map((w: { what: string; until: string }) => [w.what, w.until]),
      [['review_deadline', '2026-11-26T11:00:00.000Z']],
    );

    // Sessions run on the wall clock: 25 hours of demo time sign nobody out.
    const own = await harness.request({ method: 'GET', url: `/v1/cases/${filed.id}`, token: filed.token });
    assert.equal(own.status, 200);

    // Audited, naming who moved it.
    const audit = await harness.system.context.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'demo.clock_advanced')
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_kind, 'subscriber');
    assert.equal(audit[0]!.target, 'demo:clock');
    assert.deepEqual(audit[0]!.data, {
      byMs: 25 * HOUR,
      offsetBeforeMs: 0,
      offsetAfterMs: 25 * HOUR,
      from: '2026-11-23T10:00:00.000Z',
    });
  });

  test('safeguards still hold: a step inside cooling-off fires nothing early', async () => {
    const filed = await fileOnline(harness, 'uk-new-contact-number');
    const moved = await harness.request({
      method: 'POST',
      url: '/v1/admin/demo-clock/advance',
      token: await admin(),
      payload: { by: '23h' },
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal((await staffView(filed.id)).state, 'cooling_off', '23 of 24 hours: still cooling off');
    const audit = await harness.system.context.db
      .selectFrom('audit_log')
      .select(['actor_kind'])
      .where('action', '=', 'demo.clock_advanced')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(audit.actor_kind, 'staff');
    await harness.request({ method: 'POST', url: '/demo/clock/advance', payload: { by: '1h' } });
    assert.equal((await staffView(filed.id)).state, 'in_review');
  });

  test(
    'a second process on the same PostgreSQL follows a move made through the first',
    { skip: process.env.DATABASE_URL ? false : 'needs a PostgreSQL server (DATABASE_URL): PGlite is one process' },
    async () => {
      const other = await openSystem(harness.system.context.config, {
        clock: new ManualClock(harness.clock.now()),
        logger: pino({ level: 'silent' }),
        seedDemo: false,
      });
      try {
        const filed = await fileOnline(harness, 'uk-debt-arrangement');
        const moved = await harness.request({ method: 'POST', url: '/demo/clock/advance', payload: { by: '30m' } });
        assert.equal(moved.status, 200);
        const otherClock = other.context.clock as DemoClock;
        assert.ok(otherClock.offsetMs < moved.body.offsetMs, 'the other process has not looked yet');
        // Its next job takes the new offset first: it decides on the moved time.
        await syncDemoClock(other.context);
        assert.equal(otherClock.offsetMs, moved.body.offsetMs);
        assert.equal(otherClock.now().toISOString(), moved.body.now);
        // Its scheduler fires what comes due on the shared clock.
        await other.context.db.transaction().execute((tx) => addDemoClockOffset(tx, DAY, 'system:test'));
        const sweep = startTimerSweep(other.context);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await sweep.stop();
        const view = await staffView(filed.id);
        assert.ok(view.timeline.some((e: { type: string }) => e.type === 'cooling_off_ended'));
      } finally {
        await other.close();
      }
    },
  );

  test('an offset moved by another process is taken by requests and by the timer sweep', async () => {
    const before = (await harness.request({ method: 'GET', url: '/demo/clock' })).body;
    const filed = await fileOnline(harness, 'uk-sim-swap');
    assert.equal((await staffView(filed.id)).state, 'cooling_off');
    // Another process of the demo moved the clock: only the shared row changes.
    await harness.system.context.db
      .transaction()
      .execute((tx) => addDemoClockOffset(tx, 2 * DAY, 'system:another-process'));
    const seen = (await harness.request({ method: 'GET', url: '/demo/clock' })).body;
    assert.equal(seen.offsetMs, before.offsetMs + 2 * DAY);
    // This process's scheduler fires what came due on the moved clock at its next sweep.
    await harness.system.context.db.transaction().execute((tx) => addDemoClockOffset(tx, HOUR, 'system:another'));
    const sweep = startTimerSweep(harness.system.context);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await sweep.stop();
    assert.equal((harness.system.context.clock as DemoClock).offsetMs, before.offsetMs + 2 * DAY + HOUR);
    const view = await staffView(filed.id);
    assert.ok(
      view.timeline.some((e: { type: string }) => e.type === 'cooling_off_ended'),
      `cooling-off ended: ${view.state}`,
    );
  });

  test('refuses a step it cannot read, and anyone but an admin on the admin route', async () => {
    for (const by of ['24', '1y', '-3d', '401d', '0h']) {
      const refused = await harness.request({ method: 'POST', url: '/demo/clock/advance', payload: { by } });
      assert.equal(refused.status, 400, by);
      assert.equal(refused.body.error.code, 'VALIDATION_FAILED');
      assert.match(refused.body.error.message, /30m, 24h, 3d or 2w/);
    }
    const clerkTry = await harness.request({
      method: 'POST',
      url: '/v1/admin/demo-clock/advance',
      token: await clerk(),
      payload: { by: '1h' },
    });
    assert.equal(clerkTry.status, 403);
    const unsigned = await harness.request({
      method: 'POST',
      url: '/v1/admin/demo-clock/advance',
      payload: { by: '1h' },
    });
    assert.equal(unsigned.status, 401);
  });
});

describe('demo clock outside the demo', () => {
  test('a server with real integrations has no demo clock and refuses to move time', async (t) => {
    const harness = await startHarness({
      env: { INTEGRATIONS: 'http', BSS_URL: 'http://bss.invalid' },
      seedDemo: false,
    });
    t.after(() => harness.close());
    assert.ok(!(harness.system.context.clock instanceof DemoClock));
    await createStaffUser(harness.system.context, {
      email: 'admin@operator.test',
      name: 'Operator Admin',
      role: 'admin',
      password: 'a long operator password',
    });
    const token = await (async () => {
      const response = await harness.request({
        method: 'POST',
        url: '/v1/staff/sessions',
        payload: { email: 'admin@operator.test', password: 'a long operator password' },
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body.token as string;
    })();
    const refused = await harness.request({
      method: 'POST',
      url: '/v1/admin/demo-clock/advance',
      token,
      payload: { by: '24h' },
    });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'DEMO_CLOCK_UNAVAILABLE');
    assert.match(refused.body.error.message, /only be moved in the demo/);
    assert.equal((await harness.request({ method: 'GET', url: '/v1/admin/demo-clock', token })).status, 409);
    assert.equal(
      (await harness.request({ method: 'POST', url: '/demo/clock/advance', payload: { by: '1h' } })).status,
      404,
    );
    const audit = await harness.system.context.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'demo.clock_advanced')
      .execute();
    assert.equal(audit.length, 0);
  });

  test('the CLI refuses outside the demo', () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      INTEGRATIONS: 'http',
      BSS_URL: 'http://bss.invalid',
      LOG_LEVEL: 'silent',
    };
    delete env.DATABASE_URL;
    const result = spawnSync(process.execPath, [...simexitCommand, 'demo-clock', 'advance', '24h'], {
      env,
      encoding: 'utf8',
    });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /demo clock moves only with the demo operator/);
  });
});
