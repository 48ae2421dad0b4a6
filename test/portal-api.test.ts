import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../src/http/app.js';
import {
  HOUR,
  latestCode,
  passLineEnd,
  personaLines,
  signInWithIccid,
  staffToken,
  startHarness,
  type Harness,
} from './support/harness.js';

/**
 * What the web portal relies on from the API: cookie sessions with CSRF protection, the confirmation
 * letter, the reason-for-leaving survey, answers with a file, extraordinary termination, and the
 * portal's pages served with a strict Content-Security-Policy.
 */
describe('the API behind the portal', () => {
  let harness: Harness;
  let lines: Awaited<ReturnType<typeof personaLines>>;
  const line = (persona: string, index = 0) => lines[persona]![index]!;

  before(async () => {
    harness = await startHarness();
    lines = await personaLines(harness);
  });
  after(() => harness.close());

  /** Signs in as a browser does: the session comes back as a cookie, with its CSRF token in the body. */
  async function browserSignIn(msisdn: string, iccid: string) {
    const sent = await harness.request({ method: 'POST', url: '/v1/auth/codes', payload: { msisdn, iccid } });
    assert.equal(sent.status, 201);
    const response = await harness.app.inject({
      method: 'POST',
      url: '/v1/auth/sessions',
      payload: { challengeId: sent.body.challengeId, code: await latestCode(harness, msisdn) },
    });
    assert.equal(response.statusCode, 201);
    const cookie = response.cookies.find((c) => c.name === 'simexit_session');
    assert.ok(cookie, 'a session cookie is set');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.expires, undefined, 'a browser-session cookie: the server enforces the lifetime');
    return { cookie: `simexit_session=${cookie.value}`, csrfToken: response.json().csrfToken as string };
  }

  // First: the persona's contact change must still be recent when the case is assessed.
  test('an answer to a request for information may carry a file; a bad file is refused and nothing changes', async () => {
    const { msisdn, iccid } = line('uk-contact-change');
    const token = await signInWithIccid(harness, msisdn, iccid);
    const created = await harness.request({ method: 'POST', url: '/v1/cancellations', token, payload: { msisdn } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    await harness.drain();
    await harness.advance(25 * HOUR);
    const clerk = await staffToken(harness, 'clerk@demo.simexit.test');
    const asked = await harness.request({
      method: 'POST',
      url: `/v1/staff/cases/${id}/request-info`,
      token: clerk,
      payload: { message: 'Please send a photo of your ID.' },
    });
    assert.equal(asked.body.state, 'needs_info', JSON.stringify(asked.body));
    const holder = await signInWithIccid(harness, msisdn, iccid);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const refusals: [unknown, number][] = [
      [{ filename: 'id.exe', contentType: 'application/x-msdownload', contentBase64: png.toString('base64') }, 400],
      [{ filename: '../id.png', contentType: 'image/png', contentBase64: png.toString('base64') }, 400],
      [{ filename: 'id.png', contentType: 'image/png', contentBase64: 'not base64!' }, 400],
      // A PNG sent as a PDF, and a script sent as a PNG: the bytes decide, not the label.
      [{ filename: 'id.pdf', contentType: 'application/pdf', contentBase64: png.toString('base64') }, 400],
      [
        {
          filename: 'x.png',
          contentType: 'image/png',
          contentBase64: Buffer.from('<svg onload=alert(1)>').toString('base64'),
        },
        400,
      ],
    ];
    for (const [attachment, status] of refusals) {
      const refused = await harness.request({
        method: 'POST',
        url: `/v1/cases/${id}/info`,
        token: holder,
        payload: { message: 'Here it is', attachment },
      });
      assert.equal(refused.status, status, JSON.stringify(refused.body));
    }
    const stillWaiting = await harness.request({ method: 'GET', url: `/v1/cases/${id}`, token: holder });
    assert.equal(stillWaiting.body.state, 'needs_info');

    const answered = await harness.request({
      method: 'POST',
      url: `/v1/cases/${id}/info`,
      token: holder,
      payload: {
        message: 'Here it is',
        attachment: { filename: 'id.png', contentType: 'image/png', contentBase64: png.toString('base64') },
      },
    });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    assert.equal(answered.body.state, 'in_review');
    const staffView = await harness.request({ method: 'GET', url: `/v1/staff/cases/${id}`, token: clerk });
    const documents = staffView.body.staff.documents as { kind: string; filename: string; size: number }[];
    assert.deepEqual(
      documents.map((d) => [d.kind, d.filename, d.size]),
      [['info_attachment', 'id.png', png.length]],
    );
    // The API answers camelCase, not the table's columns (content_type, created_at).
    assert.deepEqual(Object.keys(staffView.body.staff.documents[0]).sort(), [
      'contentType',
      'createdAt',
      'filename',
      'id',
      'kind',
      'sha256',
      'size',
    ]);
    assert.equal(staffView.body.staff.documents[0].contentType, 'image/png');
  });

  test('a cookie session reads freely but changes nothing without its CSRF token', async () => {
    const { msisdn, iccid } = line('uk-two-lines');
    const { cookie, csrfToken } = await browserSignIn(msisdn, iccid);

    const current = await harness.request({ method: 'GET', url: '/v1/auth/sessions/current', headers: { cookie } });
    assert.equal(current.status, 200);
    assert.equal(current.body.session.kind, 'subscriber');
    assert.equal(current.body.session.csrfToken, csrfToken);
    assert.deepEqual(current.body.session.msisdns, [msisdn]);
    const anonymous = await harness.request({ method: 'GET', url: '/v1/auth/sessions/current' });
    assert.deepEqual(anonymous.body, { session: null });
    const lines = await harness.request({ method: 'GET', url: '/v1/lines', headers: { cookie } });
    assert.equal(lines.status, 200);

    const payload = { msisdn, decisions: { balance: { option: 'forfeit', acknowledged: true } } };
    for (const headers of [{ cookie }, { cookie, 'x-csrf-token': 'not-the-token' }, { cookie, 'x-csrf-token': '' }]) {
      const refused = await harness.request({ method: 'POST', url: '/v1/cancellations', headers, payload });
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal(refused.body.error.code, 'CSRF_TOKEN_INVALID');
    }
    const cases = await harness.request({ method: 'GET', url: '/v1/cases', headers: { cookie } });
    assert.deepEqual(cases.body.cases, [], 'nothing was filed by the refused requests');

    const accepted = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      headers: { cookie, 'x-csrf-token': csrfToken },
      payload,
    });
    assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
    const withdrawn = await harness.request({
      method: 'POST',
      url: `/v1/cases/${accepted.body.id}/withdraw`,
      headers: { cookie, 'x-csrf-token': csrfToken },
      payload: {},
    });
    assert.equal(withdrawn.status, 200);

    // Signing out needs the token too, then revokes the session and clears the cookie.
    const notOut = await harness.request({ method: 'DELETE', url: '/v1/auth/sessions/current', headers: { cookie } });
    assert.equal(notOut.status, 403);
    const out = await harness.app.inject({
      method: 'DELETE',
      url: '/v1/auth/sessions/current',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    assert.equal(out.statusCode, 204);
    assert.equal(out.cookies.find((c) => c.name === 'simexit_session')?.value, '');
    const after = await harness.request({ method: 'GET', url: '/v1/lines', headers: { cookie } });
    assert.equal(after.status, 401);
  });

  test('a staff cookie is not a subscriber session, and a bearer token needs no CSRF token', async () => {
    const staff = await harness.app.inject({
      method: 'POST',
      url: '/v1/staff/sessions',
      payload: { email: 'clerk@demo.simexit.test', password: 'simexit-demo' },
    });
    const staffCookie = staff.cookies.find((c) => c.name === 'simexit_staff_session');
    assert.ok(staffCookie);
    const asSubscriber = await harness.request({
      method: 'GET',
      url: '/v1/lines',
      headers: { cookie: `simexit_session=${staffCookie.value}` },
    });
    assert.equal(asSubscriber.status, 403);
    const current = await harness.request({
      method: 'GET',
      url: '/v1/auth/sessions/current?kind=staff',
      headers: { cookie: `simexit_staff_session=${staffCookie.value}` },
    });
    assert.equal(current.body.session.role, 'clerk');

    const { msisdn, iccid } = line('uk-two-lines', 1);
    const token = await signInWithIccid(harness, msisdn, iccid);
    const preview = await harness.request({
      method: 'POST',
      url: `/v1/lines/${encodeURIComponent(msisdn)}/checklist`,
      token,
      payload: { decisions: {} },
    });
    assert.equal(preview.status, 200);
  });

  test('the confirmation letter exists once the case is completed; the survey answer is only recorded', async () => {
    const { msisdn, iccid } = line('uk-debt-arrangement');
    let token = await signInWithIccid(harness, msisdn, iccid);
    const created = await harness.request({ method: 'POST', url: '/v1/cancellations', token, payload: { msisdn } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;

    const early = await harness.request({ method: 'GET', url: `/v1/cases/${id}/confirmation.pdf`, token });
    assert.equal(early.status, 409);
    assert.equal(early.body.error.code, 'CASE_NOT_COMPLETED');

    const bad = await harness.request({
      method: 'PUT',
      url: `/v1/cases/${id}/leaving-reason`,
      token,
      payload: { reason: 'because' },
    });
    assert.equal(bad.status, 400);
    const survey = await harness.request({
      method: 'PUT',
      url: `/v1/cases/${id}/leaving-reason`,
      token,
      payload: { reason: 'price', comment: 'Found a cheaper plan' },
    });
    assert.equal(survey.status, 204);
    const view = await harness.request({ method: 'GET', url: `/v1/cases/${id}`, token });
    assert.equal(view.body.leavingReason, 'price: Found a cheaper plan');
    assert.equal(view.body.state, 'submitted', 'the survey changes nothing about the case');
    assert.equal(view.body.timeZone, 'Europe/London');

    await harness.drain();
    await harness.advance(25 * HOUR);
    // Approved, but a post-paid line ends on its date (30 days' notice): still no letter until then.
    const waiting = await harness.request({
      method: 'GET',
      url: `/v1/staff/cases/${id}`,
      token: await staffToken(harness, 'clerk@demo.simexit.test'),
    });
    assert.equal(waiting.body.state, 'scheduled');
    await passLineEnd(harness, id);
    const account = await harness.request({
      method: 'POST',
      url: '/v1/auth/codes',
      payload: { msisdn, accountLogin: 'grace.patel' },
    });
    assert.equal(account.status, 201, JSON.stringify(account.body));
    const session = await harness.request({
      method: 'POST',
      url: '/v1/auth/sessions',
      payload: { challengeId: account.body.challengeId, code: await latestCode(harness, 'grace.patel@example.co.uk') },
    });
    token = session.body.token;
    const done = await harness.request({ method: 'GET', url: `/v1/cases/${id}`, token });
    assert.equal(done.body.state, 'completed');
    const letter = await harness.request({ method: 'GET', url: `/v1/cases/${id}/confirmation.pdf`, token });
    assert.equal(letter.status, 200);
    assert.equal(letter.headers['content-type'], 'application/pdf');
    assert.match(String(letter.headers['content-disposition']), /simexit-confirmation-SX-[0-9A-F]{8}\.pdf/);
    assert.equal(letter.raw.subarray(0, 5).toString(), '%PDF-');
  });

  test('an extraordinary termination needs a reason and goes to a person', async () => {
    const { msisdn, iccid } = line('uk-bound-services');
    const token = await signInWithIccid(harness, msisdn, iccid);
    const payload = {
      msisdn,
      decisions: { acknowledgedServiceIds: ['447700900105-1', '447700900105-2'] },
      terminationKind: 'extraordinary',
    };
    const missing = await harness.request({ method: 'POST', url: '/v1/cancellations', token, payload });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.details.field, 'extraordinaryReason');
    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token,
      payload: { ...payload, extraordinaryReason: 'No signal at my new address.' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.termination, { kind: 'extraordinary', reason: 'No signal at my new address.' });
    await harness.drain();
    await harness.advance(25 * HOUR);
    const view = await harness.request({
      method: 'GET',
      url: `/v1/staff/cases/${created.body.id}`,
      token: await staffToken(harness, 'clerk@demo.simexit.test'),
    });
    assert.equal(view.body.state, 'in_review', 'a clean line, but the reason is for a person to judge');
    assert.equal(view.body.staff.reviewRoute, 'manual');
  });

  test('the case view dates what happens next, and drops it all once the case is withdrawn', async () => {
    const { msisdn, iccid } = line('uk-new-contact-number');
    let token = await signInWithIccid(harness, msisdn, iccid);
    // Extraordinary, so a person reviews it whatever the clock has done to the line's risk signals.
    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token,
      payload: { msisdn, terminationKind: 'extraordinary', extraordinaryReason: 'I am moving abroad for good.' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    type Step = { kind: string; status: string; at: string | null; date: string | null; afterEarlierSteps: boolean };
    const kinds = (steps: Step[]) => steps.map((step) => `${step.kind}:${step.status}`);
    // Received: cooling-off (24 h in the UK) and the decision are forecasts; the line (no contract, no
    // credit) ends when its 30 days' notice runs out, after them.
    const coolingOffEnd = new Date(Date.parse(created.body.receivedAt) + 24 * HOUR).toISOString();
    assert.deepEqual(kinds(created.body.nextSteps), [
      'cooling_off_end:expected',
      'review_due:expected',
      'line_end:due',
      'number_release:expected',
    ]);
    assert.equal(created.body.nextSteps[0].at, coolingOffEnd);
    assert.equal(created.body.nextSteps[2].date, created.body.lineEndsOn);
    assert.equal(created.body.nextSteps[2].afterEarlierSteps, false);

    // In review: the stored deadline, the same one staff work to.
    await harness.drain();
    await harness.advance(25 * HOUR);
    token = await signInWithIccid(harness, msisdn, iccid);
    const inReview = await harness.request({ method: 'GET', url: `/v1/cases/${id}`, token });
    assert.equal(inReview.body.state, 'in_review');
    assert.deepEqual(kinds(inReview.body.nextSteps), ['review_due:due', 'line_end:due', 'number_release:expected']);
    const staffView = await harness.request({
      method: 'GET',
      url: `/v1/staff/cases/${id}`,
      token: await staffToken(harness, 'clerk@demo.simexit.test'),
    });
    const deadline = staffView.body.waitingFor.find((w: { what: string }) => w.what === 'review_deadline');
    assert.equal(inReview.body.nextSteps[0].at, deadline.until);

    const withdrawn = await harness.request({
      method: 'POST',
      url: `/v1/cases/${id}/withdraw`,
      token,
      payload: { reason: 'holder_request' },
    });
    assert.equal(withdrawn.body.state, 'withdrawn');
    assert.deepEqual(withdrawn.body.nextSteps, []);
  });
});

describe('the portal pages', () => {
  let harness: Harness;
  let webDir: string;
  before(async () => {
    harness = await startHarness({ seedDemo: false });
    webDir = mkdtempSync(join(tmpdir(), 'simexit-web-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(
      join(webDir, 'index.html'),
      '<!doctype html><title>portal</title><script src="/assets/app-1.js"></script>',
    );
    writeFileSync(join(webDir, 'assets', 'app-1.js'), 'console.log(1)');
  });
  after(async () => {
    await harness.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  test('every portal path is the app, with a strict CSP and no caching; assets are cached for good', async () => {
    const app = await buildApp({ context: harness.system.context, demo: null, webDir });
    try {
      for (const url of [
        '/',
        '/identify',
        '/cases/7f9a0b52-3f0e-4a51-9b1e-0f3c8c0e9d11',
        '/lines/+447700900101/cancel',
      ]) {
        const page = await app.inject({ method: 'GET', url });
        assert.equal(page.statusCode, 200, url);
        assert.match(String(page.headers['content-type']), /^text\/html/);
        assert.equal(page.headers['cache-control'], 'no-cache');
        assert.match(String(page.headers['content-security-policy']), /script-src 'self'; style-src 'self'/);
        assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
        assert.match(page.body, /<title>portal<\/title>/);
      }
      const asset = await app.inject({ method: 'GET', url: '/assets/app-1.js' });
      assert.equal(asset.statusCode, 200);
      assert.match(String(asset.headers['cache-control']), /max-age=31536000.*immutable/);
      const unknown = await app.inject({ method: 'GET', url: '/casez' });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error.code, 'ROUTE_NOT_FOUND');
      // A person's browser gets the app, which says the page does not exist; an API path stays JSON.
      const html = { accept: 'text/html,application/xhtml+xml' };
      const lost = await app.inject({ method: 'GET', url: '/casez', headers: html });
      assert.equal(lost.statusCode, 404);
      assert.match(lost.body, /<title>portal<\/title>/);
      const api = await app.inject({ method: 'GET', url: '/v1/nope', headers: html });
      assert.equal(api.json().error.code, 'ROUTE_NOT_FOUND');
      const settings = await app.inject({ method: 'GET', url: '/v1/portal/settings' });
      assert.deepEqual(settings.json(), { demo: false });
    } finally {
      await app.close();
    }
  });

  test('without a build, the pages say how to build the portal', async () => {
    const app = await buildApp({ context: harness.system.context, demo: null, webDir: join(webDir, 'missing') });
    try {
      const page = await app.inject({ method: 'GET', url: '/' });
      assert.equal(page.statusCode, 503);
      assert.match(page.body, /npm run build/);
    } finally {
      await app.close();
    }
  });
});
