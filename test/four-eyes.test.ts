import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HOUR, personaLines, signInWithIccid, staffToken, startHarness, type Harness } from './support/harness.js';

/**
 * Four eyes (issue 10): nobody approves a case they filed or verified, a second approval comes from a
 * third person, and a policy change that weakens a safeguard takes effect only when a second admin
 * approves it, with both names in the history.
 */
describe('four eyes', () => {
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;
  const line = (persona: string, index = 0) => lines[persona]![index]!;
  const as = (account: string) => staffToken(harness, `${account}@demo.simexit.test`);
  const staffId = async (account: string) => {
    const users = (await harness.request({ method: 'GET', url: '/v1/admin/staff-users', token: await as('admin') }))
      .body.staffUsers as { id: string; email: string }[];
    return users.find((u) => u.email === `${account}@demo.simexit.test`)!.id;
  };
  const approve = async (caseId: string, account: string) =>
    harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${caseId}/approve`,
      token: await as(account),
      payload: {},
    });
  const scan = {
    filename: 'letter.pdf',
    contentType: 'application/pdf',
    contentBase64: Buffer.from('%PDF-1.4 scanned letter').toString('base64'),
  };

  before(async () => {
    harness = await startHarness();
    lines = await personaLines(harness);
  });
  after(() => harness.close());

  describe('approving cases', () => {
    test('whoever verified the holder cannot approve, even when the case names no filer (first: the contact change is recent)', async () => {
      const { msisdn, iccid } = line('uk-contact-change');
      const token = await signInWithIccid(harness, msisdn, iccid);
      const created = await harness.request({ method: 'POST', url: '/v1/cancellations', token, payload: { msisdn } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      // A case whose identity check a clerk did (e.g. a call-back on the number on file) without filing it.
      const clerkId = await staffId('clerk');
      await harness.system.context.db
        .updateTable('cases')
        .set({ verification: JSON.stringify({ method: 'call_back', staffId: clerkId }) })
        .where('id', '=', created.body.id)
        .execute();
      await harness.drain();
      await harness.advance(25 * HOUR);
      const own = await approve(created.body.id, 'clerk');
      assert.equal(own.status, 403, JSON.stringify(own.body));
      assert.equal(own.body.error.code, 'APPROVER_VERIFIED_CASE');
      assert.equal((await approve(created.body.id, 'supervisor')).status, 200);
    });
    test('a supervisor who filed a case with an override cannot approve it; another supervisor can', async () => {
      const filed = await harness.request({
        method: 'POST',
        url: '/v1/staff/cases',
        token: await as('supervisor'),
        payload: {
          channel: 'store',
          msisdn: line('uk-prepaid-credit').msisdn,
          decisions: { balance: { option: 'refund' } },
          verification: {
            method: 'id_document',
            documentType: 'passport',
            documentNumber: '502135467',
            holderName: 'Amelia Hughes',
          },
          agentOverride: true,
          overrideNote: 'caller sounded unsure',
        },
      });
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      await harness.drain();
      await harness.advance(25 * HOUR);
      const own = await approve(filed.body.id, 'supervisor');
      assert.equal(own.status, 403, JSON.stringify(own.body));
      assert.equal(own.body.error.code, 'APPROVER_FILED_CASE');
      assert.match(own.body.error.message, /someone else must approve it/);
      // In a supervisor's bulk decision too, reported on the case.
      const bulk = await harness.request({
        method: 'POST',
        url: '/v1/staff/cases/bulk',
        token: await as('supervisor'),
        payload: { action: 'approve', caseIds: [filed.body.id] },
      });
      assert.equal(bulk.status, 200, JSON.stringify(bulk.body));
      assert.equal(bulk.body.results[0].error.code, 'APPROVER_FILED_CASE');
      const still = await harness.request({
        method: 'GET',
        url: `/v1/staff/cases/${filed.body.id}`,
        token: await as('clerk'),
      });
      assert.equal(still.body.state, 'in_review');
      assert.deepEqual(still.body.staff.approvals, []);

      const other = await approve(filed.body.id, 'supervisor2');
      assert.equal(other.status, 200, JSON.stringify(other.body));
    });

    test('two approvals for a letter after a SIM swap: the filing clerk is neither; the second differs from the first', async () => {
      const { msisdn } = line('uk-sim-swap');
      // The network reports the SIM swapped an hour ago (the test clock has moved since the demo was seeded).
      await harness.system
        .demo!.ddb.updateTable('lines')
        .set({ sim_changed_at: new Date(harness.clock.now().getTime() - HOUR) })
        .where('msisdn', '=', msisdn)
        .execute();
      const filed = await harness.request({
        method: 'POST',
        url: '/v1/staff/cases',
        token: await as('clerk'),
        payload: {
          channel: 'mail',
          msisdn,
          verification: {
            method: 'mailed_letter',
            holderName: 'Emily Clarke',
            address: '18 Park Avenue, Glasgow G3 6BY',
            dateOfBirth: '1996-12-24',
            letterDate: '2026-11-20',
            scan,
          },
        },
      });
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      await harness.drain();
      await harness.advance(25 * HOUR);
      const id = filed.body.id as string;
      assert.equal((await approve(id, 'clerk')).body.error.code, 'APPROVER_FILED_CASE');
      const first = await approve(id, 'supervisor');
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.state, 'in_review');
      const twice = await approve(id, 'supervisor');
      assert.equal(twice.status, 409);
      assert.equal(twice.body.error.code, 'SAME_APPROVER');
      const filer = await approve(id, 'clerk');
      assert.equal(filer.status, 403);
      assert.equal(filer.body.error.code, 'APPROVER_FILED_CASE');
      const second = await approve(id, 'supervisor2');
      assert.equal(second.status, 200, JSON.stringify(second.body));
      assert.notEqual(second.body.state, 'in_review');
    });
  });

  describe('policy changes that weaken a safeguard', () => {
    const put = async (body: Record<string, unknown>, account = 'admin', market = 'UK') =>
      harness.request({ method: 'PUT', url: `/v1/admin/policies/${market}`, token: await as(account), payload: body });
    const decide = async (id: string, action: 'approve' | 'reject', account: string, market = 'UK') =>
      harness.request({
        method: 'POST',
        url: `/v1/admin/policies/${market}/proposals/${id}/${action}`,
        token: await as(account),
        payload: {},
      });
    const current = async (market = 'UK') =>
      (
        await harness.request({ method: 'GET', url: '/v1/admin/policies', token: await as('admin') })
      ).body.policies.find((p: { market: string }) => p.market === market);

    test('cooling-off to 0 hours is stored as pending, applies nothing, and its proposer cannot approve it', async () => {
      const proposed = await put({ changes: { coolingOffHours: 0 }, note: 'Faster exits', expectedVersion: 1 });
      assert.equal(proposed.status, 202, JSON.stringify(proposed.body));
      const proposal = proposed.body.proposal;
      assert.equal(proposal.state, 'pending');
      assert.deepEqual(
        proposal.weakened.map((w: { field: string; from: number; to: number }) => [w.field, w.from, w.to]),
        [['coolingOffHours', 24, 0]],
      );
      assert.equal((await current()).version, 1);
      assert.equal((await current()).policy.coolingOffHours, 24);
      const listed = await harness.request({
        method: 'GET',
        url: '/v1/admin/policies/UK/proposals',
        token: await as('admin2'),
      });
      assert.deepEqual(
        listed.body.proposals.map((p: { id: string }) => p.id),
        [proposal.id],
      );

      const own = await decide(proposal.id, 'approve', 'admin');
      assert.equal(own.status, 403, JSON.stringify(own.body));
      assert.equal(own.body.error.code, 'POLICY_APPROVER_IS_PROPOSER');
      assert.equal((await current()).version, 1);

      const approved = await decide(proposal.id, 'approve', 'admin2');
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      assert.equal(approved.body.version, 2);
      assert.equal(approved.body.policy.coolingOffHours, 0);
      assert.equal((await current()).policy.coolingOffHours, 0);

      const history = (
        await harness.request({ method: 'GET', url: '/v1/admin/policies/UK/versions', token: await as('admin') })
      ).body.versions;
      assert.equal(history[0].version, 2);
      assert.equal(history[0].changedBy.id, await staffId('admin'));
      assert.equal(history[0].approvedBy.id, await staffId('admin2'));
      assert.equal(history[0].note, 'Faster exits');
      const audit = await harness.system.context.db
        .selectFrom('audit_log')
        .select(['action', 'actor_id'])
        .where('target', '=', 'policy:UK')
        .orderBy('at')
        .orderBy('action')
        .execute();
      assert.deepEqual(audit.map((a) => a.action).sort(), [
        'policy.change_approved',
        'policy.change_proposed',
        'policy.changed',
      ]);
      const again = await decide(proposal.id, 'approve', 'admin2');
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'POLICY_PROPOSAL_CLOSED');
    });

    test('strengthening applies at once, with no second admin', async () => {
      const applied = await put({
        changes: { coolingOffHours: 36 },
        note: 'Back to a safe window',
        expectedVersion: 2,
      });
      assert.equal(applied.status, 200, JSON.stringify(applied.body));
      assert.equal(applied.body.version, 3);
      assert.equal(applied.body.approvedBy, null);
      const more = await put({
        changes: { risk: { secondApproverSignals: ['recent_sim_swap', 'recent_contact_change'] } },
        note: 'Two people for contact changes',
        expectedVersion: 3,
      });
      assert.equal(more.status, 200, JSON.stringify(more.body));
    });

    test('fewer risk signals and a shorter quarantine wait for a second admin; one overtaken by another change cannot be approved', async () => {
      const fewer = await put({
        changes: {
          risk: {
            manualReviewSignals: ['recent_sim_swap', 'recent_contact_change', 'agent_override'],
            secondApproverSignals: ['recent_sim_swap'],
          },
        },
        note: 'Fewer reviews',
        expectedVersion: 4,
      });
      assert.equal(fewer.status, 202, JSON.stringify(fewer.body));
      assert.deepEqual(
        fewer.body.proposal.weakened.map((w: { field: string }) => w.field),
        ['risk.secondApproverSignals', 'risk.manualReviewSignals'],
      );
      const aging = await put({ changes: { agingDays: 30 }, note: 'Reuse numbers sooner', expectedVersion: 4 });
      assert.equal(aging.status, 202, JSON.stringify(aging.body));
      assert.equal(aging.body.proposal.weakened[0].field, 'agingDays');

      // Another change lands first: the proposals were made against version 4 and are now stale.
      assert.equal(
        (await put({ changes: { reviewSlaWorkingDays: 3 }, note: 'Faster reviews', expectedVersion: 4 })).status,
        200,
      );
      const listed = await harness.request({
        method: 'GET',
        url: '/v1/admin/policies/UK/proposals',
        token: await as('admin2'),
      });
      assert.deepEqual(
        listed.body.proposals.map((p: { stale: boolean }) => p.stale),
        [true, true],
      );
      const stale = await decide(fewer.body.proposal.id, 'approve', 'admin2');
      assert.equal(stale.status, 409, JSON.stringify(stale.body));
      assert.equal(stale.body.error.code, 'CONCURRENT_UPDATE');
      assert.match(stale.body.error.message, /propose it again/);
      assert.equal((await current()).version, 5);

      // The proposer withdraws one; the other admin rejects the other.
      const withdrawn = await decide(fewer.body.proposal.id, 'reject', 'admin');
      assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
      assert.equal(withdrawn.body.state, 'rejected');
      const rejected = await decide(aging.body.proposal.id, 'reject', 'admin2');
      assert.equal(rejected.body.state, 'rejected');
      assert.equal(rejected.body.decidedBy.id, await staffId('admin2'));
      const none = await harness.request({
        method: 'GET',
        url: '/v1/admin/policies/UK/proposals',
        token: await as('admin'),
      });
      assert.deepEqual(none.body.proposals, []);
    });

    test('an unknown proposal, or one of another market, is a 404', async () => {
      const unknown = await decide('00000000-0000-4000-8000-000000000000', 'approve', 'admin2');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error.code, 'POLICY_PROPOSAL_NOT_FOUND');
      const proposed = await put(
        { changes: { coolingOffHours: 12 }, note: 'Shorter', expectedVersion: 1 },
        'admin',
        'DE',
      );
      assert.equal(proposed.status, 202, JSON.stringify(proposed.body));
      const elsewhere = await decide(proposed.body.proposal.id, 'approve', 'admin2', 'UK');
      assert.equal(elsewhere.status, 404);
      assert.equal(elsewhere.body.error.code, 'POLICY_PROPOSAL_NOT_FOUND');
    });
  });
});
