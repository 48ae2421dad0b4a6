import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { currentPolicy } from '../src/services/policies.service.js';
import { HOUR, personaLines, signInWithIccid, staffToken, startHarness, type Harness } from './support/harness.js';

/** Admin configuration: versioned market policies and staff accounts. */
describe('admin: market policies and staff users', () => {
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;
  const line = (persona: string, index = 0) => lines[persona]![index]!;
  const as = (role: string) => staffToken(harness, `${role}@demo.simexit.test`);

  before(async () => {
    harness = await startHarness();
    lines = await personaLines(harness);
  });
  after(() => harness.close());

  const fileOnline = async (persona: string, decisions: unknown) => {
    const { msisdn, iccid } = line(persona);
    const token = await signInWithIccid(harness, msisdn, iccid);
    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token,
      payload: { msisdn, decisions },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body.id as string;
  };
  const coolingOff = async (caseId: string) => {
    const row = await harness.system.context.db
      .selectFrom('cases')
      .innerJoin('timers', 'timers.case_id', 'cases.id')
      .select(['cases.policy_version', 'cases.received_at', 'timers.due_at'])
      .where('cases.id', '=', caseId)
      .where('timers.kind', '=', 'cooling_off_end')
      .executeTakeFirstOrThrow();
    return {
      version: row.policy_version,
      hours: (new Date(row.due_at).getTime() - new Date(row.received_at).getTime()) / HOUR,
    };
  };
  const putPolicy = async (market: string, body: Record<string, unknown>, role = 'admin') =>
    harness.request({ method: 'PUT', url: `/v1/admin/policies/${market}`, token: await as(role), payload: body });

  describe('market policies', () => {
    test('an edit makes a new version that new cases use, while an existing case keeps its own', async () => {
      const listed = await harness.request({ method: 'GET', url: '/v1/admin/policies', token: await as('admin') });
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      const uk = listed.body.policies.find((p: { market: string }) => p.market === 'UK');
      assert.equal(uk.version, 1);
      assert.equal(uk.policy.coolingOffHours, 24);
      assert.deepEqual(uk.limits.coolingOffHours.min, 0);

      // Filed under version 1, assessed (and its cooling-off set) only after the edit.
      const existing = await fileOnline('uk-prepaid-credit', { balance: { option: 'refund' } });
      const changed = await putPolicy('UK', {
        changes: { coolingOffHours: 48, cardReturn: { deadlineDays: 21 } },
        note: 'Longer cooling-off after a wave of account takeovers',
        expectedVersion: 1,
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal(changed.body.version, 2);
      assert.deepEqual(changed.body.changedFields, ['coolingOffHours', 'cardReturn.deadlineDays']);
      assert.equal(changed.body.policy.coolingOffHours, 48);
      await harness.drain();
      assert.deepEqual(await coolingOff(existing), { version: 1, hours: 24 });

      const fresh = await fileOnline('uk-contract', { acceptEarlyTerminationCharge: true });
      await harness.drain();
      assert.deepEqual(await coolingOff(fresh), { version: 2, hours: 48 });
      // Another process (another context over the same database) sees the new version for its next case.
      assert.equal((await currentPolicy({ ...harness.system.context }, 'UK', harness.system.context.db)).version, 2);
      // Other markets are untouched.
      const de = await fileOnline('de-contract', { acceptEarlyTerminationCharge: true });
      await harness.drain();
      assert.deepEqual(await coolingOff(de), { version: 1, hours: 24 });
    });

    test('the history says who changed which fields, when and why; the change is audited', async () => {
      const history = await harness.request({
        method: 'GET',
        url: '/v1/admin/policies/UK/versions',
        token: await as('admin'),
      });
      assert.equal(history.status, 200, JSON.stringify(history.body));
      const [latest, first] = history.body.versions;
      assert.equal(history.body.versions.length, 2);
      assert.equal(latest.version, 2);
      assert.equal(latest.changedBy.name.length > 0, true);
      assert.equal(latest.changedAt, harness.clock.now().toISOString());
      assert.equal(latest.note, 'Longer cooling-off after a wave of account takeovers');
      assert.deepEqual(latest.changedFields, ['coolingOffHours', 'cardReturn.deadlineDays']);
      assert.deepEqual([first.version, first.changedBy, first.changedAt], [1, null, null]);
      const admins = (await harness.request({ method: 'GET', url: '/v1/admin/staff-users', token: await as('admin') }))
        .body.staffUsers as { id: string; email: string }[];
      assert.equal(latest.changedBy.id, admins.find((u) => u.email === 'admin@demo.simexit.test')!.id);
      const audit = await harness.system.context.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'policy.changed')
        .executeTakeFirstOrThrow();
      assert.equal(audit.target, 'policy:UK');
      assert.equal(audit.actor_id, latest.changedBy.id);
      assert.deepEqual(audit.data.changedFields, ['coolingOffHours', 'cardReturn.deadlineDays']);
    });

    test('an edit against a stale version is a 409, and nothing is written', async () => {
      const stale = await putPolicy('UK', {
        changes: { coolingOffHours: 12 },
        note: 'Based on what I saw this morning',
        expectedVersion: 1,
      });
      assert.equal(stale.status, 409, JSON.stringify(stale.body));
      assert.equal(stale.body.error.code, 'CONCURRENT_UPDATE');
      assert.equal(stale.body.error.details.currentVersion, 2);
      const listed = await harness.request({ method: 'GET', url: '/v1/admin/policies', token: await as('admin') });
      assert.equal(listed.body.policies.find((p: { market: string }) => p.market === 'UK').policy.coolingOffHours, 48);
    });

    test('values outside the law or the guard rails are a 400 naming the field', async () => {
      const table: { market: string; changes: unknown; field: RegExp }[] = [
        { market: 'US', changes: { agingDays: 30 }, field: /agingDays/ },
        { market: 'US', changes: { agingDays: 120 }, field: /agingDays/ },
        { market: 'CN', changes: { agingDays: 30 }, field: /agingDays/ },
        { market: 'UK', changes: { coolingOffHours: -1 }, field: /coolingOffHours/ },
        { market: 'UK', changes: { coolingOffHours: 2.5 }, field: /coolingOffHours/ },
        { market: 'DE', changes: { balance: { refundFeeMinor: 50 } }, field: /refundFeeMinor/ },
        { market: 'UK', changes: { risk: { manualReviewSignals: ['recent_sim_swap'] } }, field: /manualReviewSignals/ },
        { market: 'UK', changes: { risk: { secondApproverSignals: ['telepathy'] } }, field: /secondApproverSignals/ },
        { market: 'UK', changes: { currency: 'EUR' }, field: /changes/ },
        { market: 'UK', changes: { cardReturn: { address: 'elsewhere' } }, field: /cardReturn/ },
      ];
      for (const row of table) {
        const response = await putPolicy(row.market, {
          changes: row.changes,
          note: 'Testing limits',
          expectedVersion: row.market === 'UK' ? 2 : 1,
        });
        const label = `${row.market} ${JSON.stringify(row.changes)}: ${JSON.stringify(response.body)}`;
        assert.equal(response.status, 400, label);
        assert.equal(response.body.error.code, 'VALIDATION_FAILED', label);
        assert.match(`${response.body.error.message} ${JSON.stringify(response.body.error.details)}`, row.field, label);
      }
      const us = await putPolicy('US', { changes: { agingDays: 30 }, note: 'Shorter aging', expectedVersion: 1 });
      assert.match(us.body.error.message, /agingDays must be a whole number from 45 to 90/);
      assert.equal(us.body.error.details.field, 'changes.agingDays');
      for (const note of ['', 'ab', 'x'.repeat(501)]) {
        const response = await putPolicy('US', { changes: { agingDays: 60 }, note, expectedVersion: 1 });
        assert.equal(response.status, 400, `note of ${note.length}`);
      }
      const missing = await putPolicy('US', { changes: { agingDays: 60 }, note: 'No version given' });
      assert.equal(missing.status, 400);
      const unknownMarket = await putPolicy('FR', { changes: { agingDays: 60 }, note: 'France', expectedVersion: 1 });
      assert.equal(unknownMarket.status, 400);
      const us2 = await putPolicy('US', { changes: { agingDays: 60 }, note: 'Sixty days', expectedVersion: 1 });
      assert.equal(us2.status, 200, JSON.stringify(us2.body));
    });

    test('only admins see or change policies', async () => {
      for (const role of ['agent', 'store', 'clerk', 'supervisor']) {
        const token = await as(role);
        const list = await harness.request({ method: 'GET', url: '/v1/admin/policies', token });
        const history = await harness.request({ method: 'GET', url: '/v1/admin/policies/UK/versions', token });
        const put = await putPolicy(
          'UK',
          { changes: { coolingOffHours: 1 }, note: 'Sneaky', expectedVersion: 2 },
          role,
        );
        assert.deepEqual([list.status, history.status, put.status], [403, 403, 403], role);
      }
    });
  });

  describe('staff users', () => {
    const email = 'nadia.clerk@demo.simexit.test';
    const password = 'a long enough password';
    let newId: string;
    let newToken: string;
    const patch = async (id: string, body: Record<string, unknown>, role = 'admin') =>
      harness.request({ method: 'PATCH', url: `/v1/admin/staff-users/${id}`, token: await as(role), payload: body });
    const signIn = (password: string) =>
      harness.request({ method: 'POST', url: '/v1/staff/sessions', payload: { email, password } });
    const adminId = async () =>
      (
        (await harness.request({ method: 'GET', url: '/v1/admin/staff-users', token: await as('admin') })).body
          .staffUsers as { id: string; email: string }[]
      ).find((u) => u.email === 'admin@demo.simexit.test')!.id;

    test('an admin adds an account, which can sign in; the e-mail cannot be used twice', async () => {
      const created = await harness.request({
        method: 'POST',
        url: '/v1/admin/staff-users',
        token: await as('admin'),
        payload: { email, name: 'Nadia Clerk', role: 'clerk', password },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.role, 'clerk');
      assert.equal(created.body.disabledAt, null);
      assert.equal(created.body.passwordHash, undefined);
      newId = created.body.id;
      const session = await signIn(password);
      assert.equal(session.status, 201, JSON.stringify(session.body));
      newToken = session.body.token;

      const again = await harness.request({
        method: 'POST',
        url: '/v1/admin/staff-users',
        token: await as('admin'),
        payload: { email: email.toUpperCase(), name: 'Someone Else', role: 'admin', password },
      });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'STAFF_EMAIL_TAKEN');
      const short = await harness.request({
        method: 'POST',
        url: '/v1/admin/staff-users',
        token: await as('admin'),
        payload: { email: 'short@demo.simexit.test', name: 'Short', role: 'clerk', password: 'elevenchars' },
      });
      assert.equal(short.status, 400);
      const list = await harness.request({ method: 'GET', url: '/v1/admin/staff-users', token: await as('admin') });
      assert.equal(list.status, 200);
      const listed = list.body.staffUsers.find((u: { id: string }) => u.id === newId);
      assert.deepEqual(Object.keys(listed).sort(), ['createdAt', 'disabledAt', 'email', 'id', 'name', 'role']);
    });

    test('a role change applies to live sessions; disabling signs the person out everywhere', async () => {
      const before = await harness.request({
        method: 'GET',
        url: '/v1/staff/reports/summary?from=2026-11-01&to=2026-11-30',
        token: newToken,
      });
      assert.equal(before.status, 403);
      const promoted = await patch(newId, { role: 'supervisor' });
      assert.equal(promoted.status, 200, JSON.stringify(promoted.body));
      assert.equal(promoted.body.role, 'supervisor');
      const nowAllowed = await harness.request({
        method: 'GET',
        url: '/v1/staff/reports/summary?from=2026-11-01&to=2026-11-30',
        token: newToken,
      });
      assert.equal(nowAllowed.status, 200);

      const disabled = await patch(newId, { disabled: true });
      assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
      assert.equal(disabled.body.disabledAt, harness.clock.now().toISOString());
      const after = await harness.request({ method: 'GET', url: `/v1/staff/review-queue`, token: newToken });
      assert.equal(after.status, 401);
      assert.equal((await signIn(password)).status, 401);
      const sessions = await harness.system.context.db
        .selectFrom('sessions')
        .select('revoked_at')
        .where('staff_id', '=', newId)
        .execute();
      assert.ok(sessions.length > 0 && sessions.every((s) => s.revoked_at !== null));

      const enabled = await patch(newId, { disabled: false });
      assert.equal(enabled.body.disabledAt, null);
      assert.equal((await signIn(password)).status, 201);
      const audit = await harness.system.context.db
        .selectFrom('audit_log')
        .select(['action', 'actor_id', 'data'])
        .where('target', '=', `staff:${newId}`)
        .where('action', 'in', ['staff.created', 'staff.updated'])
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['staff.created', 'staff.updated', 'staff.updated', 'staff.updated'],
      );
      assert.ok(audit.every((a) => a.actor_id === audit[0]!.actor_id && a.actor_id !== null));
      assert.equal(audit[2]!.data.revokedSessions, 1);
    });

    test('an admin cannot demote or disable themselves', async () => {
      const self = await adminId();
      for (const body of [{ role: 'supervisor' }, { disabled: true }]) {
        const response = await patch(self, body);
        assert.equal(response.status, 409, JSON.stringify(response.body));
        assert.equal(response.body.error.code, 'OWN_ACCOUNT_CHANGE');
        assert.match(response.body.error.message, /own account/);
      }
      const unchanged = await patch(self, { role: 'admin' });
      assert.equal(unchanged.status, 200, 'keeping one’s own role is not a demotion');
      assert.equal((await patch(crypto.randomUUID(), { role: 'clerk' })).status, 404);
      assert.equal((await patch(newId, {})).status, 400);
      assert.equal((await patch(newId, { role: 'root' })).status, 400);
    });

    test('only admins manage staff', async () => {
      for (const role of ['agent', 'store', 'clerk', 'supervisor']) {
        const token = await as(role);
        const list = await harness.request({ method: 'GET', url: '/v1/admin/staff-users', token });
        const create = await harness.request({
          method: 'POST',
          url: '/v1/admin/staff-users',
          token,
          payload: { email: `${role}.x@demo.simexit.test`, name: 'X', role: 'admin', password },
        });
        const change = await patch(newId, { role: 'admin' }, role);
        assert.deepEqual([list.status, create.status, change.status], [403, 403, 403], role);
      }
    });
  });
});
