import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { roleMay, type Permission } from '../src/domain/permissions.js';
import { staffRoles, type StaffRole } from '../src/domain/actors.js';
import { personaLines, signInWithIccid, staffToken, startHarness, type Harness } from './support/harness.js';

/**
 * Every staff and admin route tried with every staff role, with no session and with a subscriber's
 * session. What a role may do comes from domain/permissions.ts (roleMay), so this test follows the
 * table rather than restating it: a role with the permission must get past authorisation (and get
 * the answer the row expects), a role without it must get 403 FORBIDDEN.
 *
 * Zod validates params, query and body before a handler authorises, so every request here is
 * well-formed; otherwise a 400 would come back before the role is ever looked at.
 *
 * No request changes anything that a later row depends on: decisions go to a case that is already
 * rejected (409), admin writes are refused by the service after authorisation (a stale policy
 * version, an e-mail already taken, an unknown account id), filing and verification codes name a
 * number the operator does not have (404). The last test checks that this held.
 *
 * Rate limits: route limits are per IP and run before the handler, so a 429 would prove nothing
 * about roles. The defaults are kept and every limited route stays well under its limit: staff
 * sign-in (2 × AUTH_RATE_LIMIT_PER_MINUTE = 20/min) is used once per role, subscriber codes and
 * sessions once, POST /v1/staff/call-confirmations (30/min) seven times. Each allowed request must
 * get its row's exact status, so a 429 would fail the test rather than pass it.
 */

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

interface Row {
  method: Method;
  /** The route as registered (fastify's pattern). */
  route: string;
  /** For routes whose permission depends on the request: which variant this row is. */
  variant?: string;
  permission: Permission;
  /** A request that passes validation; built when the test runs, after `before`. */
  request: () => { url: string; payload?: object };
  /** What a role with the permission gets: proof the request went past authorisation as intended. */
  allowedStatus: number;
}

/** One demo account per role (src/system.ts); typed by StaffRole so a new role needs an account here. */
const accounts: Record<StaffRole, string> = {
  agent: 'agent@demo.simexit.test',
  store_agent: 'store@demo.simexit.test',
  clerk: 'clerk@demo.simexit.test',
  supervisor: 'supervisor@demo.simexit.test',
  admin: 'admin@demo.simexit.test',
};

/** /v1/staff routes that are not behind a staff session, with why. */
const publicRoutes = new Map([['POST /v1/staff/sessions', 'staff sign-in: it creates the session']]);

/** A number in the demo operator's format that no demo line has. */
const UNKNOWN_MSISDN = '+447700900999';
const scan = {
  filename: 'letter.pdf',
  contentType: 'application/pdf',
  contentBase64: Buffer.from('%PDF-1.4 scanned letter').toString('base64'),
};

describe('staff roles: every staff and admin route, every role', () => {
  let harness: Harness;
  const tokens = {} as Record<StaffRole, string>;
  let subscriberToken: string;
  /**
   * A case that is already rejected, with its scanned letter and card (decisions on it are refused
   * with 409), and a demo line to look up.
   */
  const fixture = { caseId: '', documentId: '', iccid: '', lookupMsisdn: '' };
  /** What the admin writes must leave unchanged, read in `before`. */
  const baseline = { ukPolicyVersions: 0, staffUsers: '' };
  const enc = encodeURIComponent;

  const rows: Row[] = [
    // Reads first.
    {
      method: 'GET',
      route: '/v1/staff/lines/:msisdn',
      permission: 'line.lookup',
      request: () => ({ url: `/v1/staff/lines/${enc(fixture.lookupMsisdn)}` }),
      allowedStatus: 200,
    },
    {
      method: 'GET',
      route: '/v1/staff/search',
      permission: 'line.lookup',
      request: () => ({ url: `/v1/staff/search?q=${enc(fixture.lookupMsisdn)}` }),
      allowedStatus: 200,
    },
    ...(['failed', 'waiting'] as const).map((list): Row => ({
      method: 'GET',
      route: '/v1/staff/work',
      variant: `list=${list}`,
      permission: 'case.read',
      request: () => ({ url: `/v1/staff/work?list=${list}` }),
      allowedStatus: 200,
    })),
    {
      method: 'GET',
      route: '/v1/staff/work',
      variant: 'list=card_returns',
      permission: 'card_return.record',
      request: () => ({ url: '/v1/staff/work?list=card_returns' }),
      allowedStatus: 200,
    },
    {
      method: 'GET',
      route: '/v1/staff/review-queue',
      permission: 'review.queue',
      request: () => ({ url: '/v1/staff/review-queue' }),
      allowedStatus: 200,
    },
    {
      method: 'GET',
      route: '/v1/staff/cases/:id',
      permission: 'case.read',
      request: () => ({ url: `/v1/staff/cases/${fixture.caseId}` }),
      allowedStatus: 200,
    },
    {
      method: 'GET',
      route: '/v1/staff/cases/:id/documents/:documentId',
      permission: 'case.read',
      request: () => ({ url: `/v1/staff/cases/${fixture.caseId}/documents/${fixture.documentId}` }),
      allowedStatus: 200,
    },
    {
      method: 'GET',
      route: '/v1/staff/cases/:id/receipt.pdf',
      permission: 'case.read',
      request: () => ({ url: `/v1/staff/cases/${fixture.caseId}/receipt.pdf` }),
      allowedStatus: 200,
    },
    {
      method: 'GET',
      route: '/v1/staff/reports/summary',
      permission: 'reports.view',
      request: () => ({ url: '/v1/staff/reports/summary?from=2026-11-01&to=2026-11-30' }),
      allowedStatus: 200,
    },
    {
      method: 'GET',
      route: '/v1/staff/reports/summary.csv',
      permission: 'reports.view',
      request: () => ({ url: '/v1/staff/reports/summary.csv?from=2026-11-01&to=2026-11-30&market=UK' }),
      allowedStatus: 200,
    },
    {
      method: 'GET',
      route: '/v1/admin/reports',
      permission: 'reports.download',
      request: () => ({ url: '/v1/admin/reports' }),
      allowedStatus: 200,
    },
    {
      method: 'GET',
      route: '/v1/admin/reports/:id',
      permission: 'reports.download',
      request: () => ({ url: `/v1/admin/reports/${randomUUID()}` }),
      allowedStatus: 404,
    },
    {
      method: 'GET',
      route: '/v1/admin/webhook-deliveries',
      permission: 'webhooks.admin',
      request: () => ({ url: '/v1/admin/webhook-deliveries?state=dead' }),
      allowedStatus: 200,
    },
    {
      method: 'GET',
      route: '/v1/admin/policies',
      permission: 'policy.admin',
      request: () => ({ url: '/v1/admin/policies' }),
      allowedStatus: 200,
    },
    {
      method: 'GET',
      route: '/v1/admin/policies/:market/versions',
      permission: 'policy.admin',
      request: () => ({ url: '/v1/admin/policies/UK/versions' }),
      allowedStatus: 200,
    },
    {
      method: 'GET',
      route: '/v1/admin/policies/:market/proposals',
      permission: 'policy.admin',
      request: () => ({ url: '/v1/admin/policies/UK/proposals' }),
      allowedStatus: 200,
    },
    {
      method: 'GET',
      route: '/v1/admin/demo-clock',
      permission: 'policy.admin',
      request: () => ({ url: '/v1/admin/demo-clock' }),
      allowedStatus: 200,
    },
    {
      method: 'GET',
      route: '/v1/admin/staff-users',
      permission: 'staff.admin',
      request: () => ({ url: '/v1/admin/staff-users' }),
      allowedStatus: 200,
    },
    // Then writes, each aimed so that the service refuses it after authorisation.
    {
      method: 'POST',
      route: '/v1/admin/demo-clock/advance',
      permission: 'policy.admin',
      request: () => ({ url: '/v1/admin/demo-clock/advance', payload: { by: 'soon' } }),
      allowedStatus: 400,
    },
    {
      method: 'POST',
      route: '/v1/staff/call-confirmations',
      permission: 'case.file.remote',
      request: () => ({ url: '/v1/staff/call-confirmations', payload: { msisdn: UNKNOWN_MSISDN } }),
      allowedStatus: 404,
    },
    {
      method: 'GET',
      route: '/v1/staff/call-confirmations/:id',
      permission: 'case.file.remote',
      request: () => ({ url: `/v1/staff/call-confirmations/${randomUUID()}` }),
      allowedStatus: 404,
    },
    ...(['phone', 'chat', 'email', 'social'] as const).map((channel): Row => ({
      method: 'POST',
      route: '/v1/staff/cases',
      variant: `channel=${channel}`,
      permission: 'case.file.remote',
      request: () => ({
        url: '/v1/staff/cases',
        payload: {
          channel,
          msisdn: UNKNOWN_MSISDN,
          verification: { method: 'line_confirmation', confirmationId: randomUUID() },
        },
      }),
      allowedStatus: 404,
    })),
    {
      method: 'POST',
      route: '/v1/staff/cases',
      variant: 'channel=store',
      permission: 'case.file.store',
      request: () => ({
        url: '/v1/staff/cases',
        payload: {
          channel: 'store',
          msisdn: UNKNOWN_MSISDN,
          verification: {
            method: 'id_document',
            documentType: 'passport',
            documentNumber: '512876930',
            holderName: 'Nobody Known',
          },
        },
      }),
      allowedStatus: 404,
    },
    {
      method: 'POST',
      route: '/v1/staff/cases',
      variant: 'channel=mail',
      permission: 'case.file.mail',
      request: () => ({
        url: '/v1/staff/cases',
        payload: {
          channel: 'mail',
          msisdn: UNKNOWN_MSISDN,
          verification: { method: 'mailed_letter', holderName: 'Nobody Known', letterDate: '2026-11-20', scan },
        },
      }),
      allowedStatus: 404,
    },
    {
      method: 'POST',
      route: '/v1/staff/cases/bulk',
      permission: 'review.bulk',
      request: () => ({ url: '/v1/staff/cases/bulk', payload: { action: 'approve', caseIds: [fixture.caseId] } }),
      // Each case is reported on its own: the rejected case is refused inside a 200.
      allowedStatus: 200,
    },
    {
      method: 'POST',
      route: '/v1/staff/cases/:id/approve',
      permission: 'review.decide',
      request: () => ({ url: `/v1/staff/cases/${fixture.caseId}/approve`, payload: {} }),
      allowedStatus: 409,
    },
    {
      method: 'POST',
      route: '/v1/staff/cases/:id/reject',
      permission: 'review.decide',
      request: () => ({ url: `/v1/staff/cases/${fixture.caseId}/reject`, payload: { reason: 'suspected_fraud' } }),
      allowedStatus: 409,
    },
    {
      method: 'POST',
      route: '/v1/staff/cases/:id/request-info',
      permission: 'review.decide',
      request: () => ({
        url: `/v1/staff/cases/${fixture.caseId}/request-info`,
        payload: { message: 'Please confirm.' },
      }),
      allowedStatus: 409,
    },
    {
      method: 'POST',
      route: '/v1/staff/cases/:id/card-return',
      permission: 'card_return.record',
      request: () => ({ url: `/v1/staff/cases/${fixture.caseId}/card-return`, payload: { iccid: fixture.iccid } }),
      allowedStatus: 409,
    },
    {
      method: 'POST',
      route: '/v1/staff/cases/:id/retry',
      permission: 'execution.retry',
      request: () => ({ url: `/v1/staff/cases/${fixture.caseId}/retry`, payload: {} }),
      allowedStatus: 409,
    },
    {
      method: 'POST',
      route: '/v1/staff/cases/:id/notes',
      permission: 'case.read',
      // An internal note changes no state; the one write here that succeeds.
      request: () => ({
        url: `/v1/staff/cases/${fixture.caseId}/notes`,
        payload: { body: 'Role check.', visibility: 'internal' },
      }),
      allowedStatus: 201,
    },
    {
      method: 'POST',
      route: '/v1/staff/cases/:id/notes',
      permission: 'case.message',
      // A message the holder reads: only the roles that talk to subscribers.
      request: () => ({
        url: `/v1/staff/cases/${fixture.caseId}/notes`,
        payload: { body: 'We have your request.', visibility: 'subscriber' },
      }),
      allowedStatus: 201,
    },
    {
      method: 'POST',
      route: '/v1/admin/webhook-deliveries/:id/redeliver',
      permission: 'webhooks.admin',
      request: () => ({ url: `/v1/admin/webhook-deliveries/${randomUUID()}/redeliver` }),
      allowedStatus: 404,
    },
    {
      method: 'PUT',
      route: '/v1/admin/policies/:market',
      permission: 'policy.admin',
      // A stale expectedVersion: refused as a concurrent update, so the policy stays as shipped.
      request: () => ({
        url: '/v1/admin/policies/UK',
        payload: { changes: { coolingOffHours: 24 }, note: 'role check, never saved', expectedVersion: 999 },
      }),
      allowedStatus: 409,
    },
    {
      method: 'POST',
      route: '/v1/admin/policies/:market/proposals/:id/approve',
      permission: 'policy.admin',
      // No such proposal: refused, so no policy changes.
      request: () => ({ url: `/v1/admin/policies/UK/proposals/${randomUUID()}/approve`, payload: {} }),
      allowedStatus: 404,
    },
    {
      method: 'POST',
      route: '/v1/admin/policies/:market/proposals/:id/reject',
      permission: 'policy.admin',
      request: () => ({ url: `/v1/admin/policies/UK/proposals/${randomUUID()}/reject`, payload: {} }),
      allowedStatus: 404,
    },
    {
      method: 'POST',
      route: '/v1/admin/staff-users',
      permission: 'staff.admin',
      // An e-mail already taken: refused, so no account is added.
      request: () => ({
        url: '/v1/admin/staff-users',
        payload: { email: accounts.agent, name: 'Second Agent', role: 'agent', password: 'a-long-password-1' },
      }),
      allowedStatus: 409,
    },
    {
      method: 'PATCH',
      route: '/v1/admin/staff-users/:id',
      permission: 'staff.admin',
      request: () => ({ url: `/v1/admin/staff-users/${randomUUID()}`, payload: { disabled: false } }),
      allowedStatus: 404,
    },
    {
      method: 'GET',
      route: '/v1/admin/bulk-runs',
      permission: 'bulk.admin',
      request: () => ({ url: '/v1/admin/bulk-runs' }),
      allowedStatus: 200,
    },
    ...(['', '/rejections', '/report.csv'] as const).map((suffix): Row => ({
      method: 'GET',
      route: `/v1/admin/bulk-runs/:id${suffix}`,
      permission: 'bulk.admin',
      request: () => ({ url: `/v1/admin/bulk-runs/${randomUUID()}${suffix}` }),
      allowedStatus: 404,
    })),
    {
      method: 'GET',
      route: '/v1/admin/bulk-runs/:id/lines',
      permission: 'bulk.admin',
      request: () => ({ url: `/v1/admin/bulk-runs/${randomUUID()}/lines?status=failed` }),
      allowedStatus: 404,
    },
    {
      method: 'POST',
      route: '/v1/admin/bulk-runs',
      permission: 'bulk.admin',
      // A list with no line the run could take: refused as a whole, so no run starts.
      request: () => ({
        url: '/v1/admin/bulk-runs',
        payload: { market: 'UK', name: 'Nothing to do', linesPerSecond: 10, csv: UNKNOWN_MSISDN },
      }),
      allowedStatus: 422,
    },
    ...(['pause', 'resume', 'cancel'] as const).map((command): Row => ({
      method: 'POST',
      route: `/v1/admin/bulk-runs/:id/${command}`,
      permission: 'bulk.admin',
      request: () => ({ url: `/v1/admin/bulk-runs/${randomUUID()}/${command}` }),
      allowedStatus: 404,
    })),
    {
      method: 'POST',
      route: '/v1/staff/cases/:id/reinstate',
      permission: 'bulk.reinstate',
      request: () => ({ url: `/v1/staff/cases/${randomUUID()}/reinstate`, payload: { note: 'The holder called' } }),
      allowedStatus: 404,
    },
  ];

  const nameOf = (row: Row) =>
    `${row.method} ${row.route}${row.variant ? ` [${row.variant}]` : ''} (${row.permission})`;

  before(async () => {
    harness = await startHarness();
    const lines = await personaLines(harness);
    for (const role of staffRoles) tokens[role] = await staffToken(harness, accounts[role]);
    const subscriberLine = lines['uk-contract']![0]!;
    subscriberToken = await signInWithIccid(harness, subscriberLine.msisdn, subscriberLine.iccid);
    fixture.lookupMsisdn = subscriberLine.msisdn;

    // A letter whose name does not match the account: filed, and rejected at once by the clerk.
    const letterLine = lines['uk-bound-services']![0]!;
    const filed = await harness.request({
      method: 'POST',
      url: '/v1/staff/cases',
      token: tokens.clerk,
      payload: {
        channel: 'mail',
        msisdn: letterLine.msisdn,
        verification: {
          method: 'mailed_letter',
          holderName: 'Sophie Taylor',
          letterDate: '2026-11-19',
          scan,
          onMismatch: { outcome: 'reject', reason: 'identity_mismatch', note: null },
        },
      },
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.equal(filed.body.state, 'rejected');
    fixture.caseId = filed.body.id;
    fixture.documentId = filed.body.staff.documents[0].id;
    fixture.iccid = letterLine.iccid;

    const versions = await harness.request({
      method: 'GET',
      url: '/v1/admin/policies/UK/versions',
      token: tokens.admin,
    });
    baseline.ukPolicyVersions = versions.body.versions.length;
    const users = await harness.request({ method: 'GET', url: '/v1/admin/staff-users', token: tokens.admin });
    baseline.staffUsers = JSON.stringify(users.body.staffUsers);
  });
  after(() => harness.close());

  test('every registered /v1/staff and /v1/admin route has a row, and every row a route', async () => {
    const registered = new Set<string>();
    // The router's own list, which includes routes hidden from OpenAPI. Each line of the tree is
    // "<indent>├── <segment> (METHODS)"; a route's path is its ancestors' segments joined.
    const stack: string[] = [];
    for (const line of harness.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const match = /^(.*?)[└├]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
      if (!match) continue;
      const depth = match[1]!.length / 4;
      stack.length = depth;
      stack.push(match[2]!);
      const path = stack.join('');
      for (const method of match[3]?.split(', ') ?? []) registered.add(`${method} ${path}`);
    }
    // And the OpenAPI document, as a second source.
    const openapi = await harness.request({ method: 'GET', url: '/openapi.json' });
    for (const [path, operations] of Object.entries(openapi.body.paths as Record<string, object>)) {
      for (const method of Object.keys(operations)) {
        registered.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
      }
    }
    assert.ok(registered.has('GET /v1/staff/cases/:id'), 'the route list was read');
    const staffRoutes = [...registered]
      // HEAD is fastify's automatic twin of each GET: same handler, same authorisation.
      .filter((key) => /^(?!HEAD )\S+ \/v1\/(staff|admin)\//.test(key) && !publicRoutes.has(key))
      .sort();
    const covered = [...new Set(rows.map((row) => `${row.method} ${row.route}`))].sort();
    assert.deepEqual(covered, staffRoutes, 'rows of this test versus registered staff/admin routes');
    for (const key of publicRoutes.keys()) assert.ok(registered.has(key), `${key} is still registered`);
  });

  for (const row of rows) {
    test(nameOf(row), async () => {
      const send = (token?: string) => harness.request({ method: row.method, ...row.request(), token });

      for (const role of staffRoles) {
        const response = await send(tokens[role]);
        const seen = `${role} got ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
        if (roleMay(role, row.permission)) {
          assert.ok(![401, 403].includes(response.status), `${role} has ${row.permission} but was refused: ${seen}`);
          assert.equal(response.status, row.allowedStatus, `${role} has ${row.permission}: ${seen}`);
        } else {
          assert.equal(response.status, 403, `${role} lacks ${row.permission}: ${seen}`);
          assert.equal(response.body.error.code, 'FORBIDDEN', seen);
        }
      }

      const anonymous = await send();
      assert.equal(anonymous.status, 401, `no session: ${JSON.stringify(anonymous.body)}`);
      assert.equal(anonymous.body.error.code, 'UNAUTHENTICATED');

      const subscriber = await send(subscriberToken);
      assert.equal(subscriber.status, 403, `subscriber session: ${JSON.stringify(subscriber.body)}`);
      assert.equal(subscriber.body.error.code, 'FORBIDDEN');
    });
  }

  test('the checks changed nothing: the case, the policies and the staff accounts are as they were', async () => {
    const view = await harness.request({
      method: 'GET',
      url: `/v1/staff/cases/${fixture.caseId}`,
      token: tokens.supervisor,
    });
    assert.equal(view.body.state, 'rejected');
    const versions = await harness.request({
      method: 'GET',
      url: '/v1/admin/policies/UK/versions',
      token: tokens.admin,
    });
    assert.equal(versions.body.versions.length, baseline.ukPolicyVersions);
    const users = await harness.request({ method: 'GET', url: '/v1/admin/staff-users', token: tokens.admin });
    assert.equal(JSON.stringify(users.body.staffUsers), baseline.staffUsers);
    const unknown = await harness.request({
      method: 'GET',
      url: `/v1/staff/lines/${enc(UNKNOWN_MSISDN)}`,
      token: tokens.agent,
    });
    assert.equal(unknown.status, 404, 'the number used for filing is unknown to the operator');
  });
});
