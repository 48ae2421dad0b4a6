import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { recordOwnership } from '../src/services/number-ledger.service.js';
import type { DnsPort } from '../src/ports/ports.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ConfigError, loadConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { routeAccess, routesOf } from '../src/http/route-access.js';
import { demoStaff, disableDemoCredentials, openSystem } from '../src/system.js';
import {
  clientToken,
  createTestDatabase,
  latestCode,
  personaLines,
  signInWithIccid,
  staffToken,
  startHarness,
  type Harness,
} from './support/harness.js';

/**
 * The attacks of issue 10, tried as an attacker would, each asserting the exact refusal. Every
 * safeguard here is listed in docs/SECURITY.md with the file that enforces it.
 */

describe('webhook targets (SSRF)', () => {
  let harness: Harness;
  let receiver: Server;
  let port: number;
  const hits: { path: string; host: string }[] = [];
  /** The DNS as the attacker controls it: answers change between registration and delivery. */
  const dnsTable = new Map<string, string[]>();
  let bank: string;

  before(async () => {
    // Only a host *name* is allowlisted: reaching 127.0.0.1 through it proves the connection goes
    // to the address that was checked (the machine's resolver knows nothing of pinned.test).
    harness = await startHarness({ env: { WEBHOOK_ALLOWED_TARGETS: 'pinned.test' } });
    const tableDns: DnsPort = {
      async resolve(host) {
        const addresses = dnsTable.get(host);
        if (!addresses) return harness.system.context.ports.dns === tableDns ? realDns.resolve(host) : [];
        return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      },
    };
    const realDns = harness.system.context.ports.dns;
    harness.system.context.ports.dns = tableDns;
    receiver = createServer((request, response) => {
      hits.push({ path: String(request.url), host: String(request.headers.host) });
      request.resume();
      if (request.url === '/redirect') {
        response.writeHead(302, { location: `http://127.0.0.1:${port}/internal` }).end();
        return;
      }
      response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
    bank = await clientToken(harness, 'demo-bank', 'demo-bank-secret');
  });
  after(async () => {
    await harness.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  const register = (url: string) =>
    harness.request({
      method: 'POST',
      url: '/v1/relying-party/webhooks',
      token: bank,
      payload: { url, numbers: null },
    });

  /** A ledger fact that every subscription wants, delivered by the worker as in production. */
  async function deliverOneEvent(key: string) {
    const context = harness.system.context;
    await context.db.transaction().execute((tx) =>
      recordOwnership(context, tx, {
        msisdn: '+447700900199',
        subscriberId: null,
        event: 'deactivated',
        at: harness.clock.now(),
        source: 'simexit',
        dedupeKey: key,
      }),
    );
    await harness.drain();
    return context.db
      .selectFrom('webhook_deliveries')
      .innerJoin('webhook_subscriptions', 'webhook_subscriptions.id', 'webhook_deliveries.subscription_id')
      .select(['webhook_subscriptions.url', 'webhook_deliveries.last_error', 'webhook_deliveries.delivered_at'])
      .where('webhook_deliveries.event_key', '=', key)
      .execute();
  }

  test('registration refuses loopback, private, link-local, metadata, multicast, unspecified and IPv6 equivalents', async () => {
    dnsTable.set('internal.example', ['10.0.0.7']);
    dnsTable.set('half-internal.example', ['93.184.215.14', '192.168.1.1']);
    const attempts: [string, string][] = [
      [`http://127.0.0.1:${port}/`, 'loopback'],
      ['http://2130706433/', 'loopback'], // 127.0.0.1 written as one number
      ['http://0x7f.1/', 'loopback'],
      ['http://localhost:6379/', 'loopback'],
      ['http://169.254.169.254/latest/meta-data/', 'link_local'],
      ['http://10.1.2.3/', 'private'],
      ['http://172.16.5.4/', 'private'],
      ['http://192.168.0.1/', 'private'],
      ['http://100.64.1.1/', 'shared'],
      ['http://0.0.0.0:8080/', 'unspecified'],
      ['http://224.0.0.251/', 'multicast'],
      ['http://[::1]:6379/', 'loopback'],
      ['http://[::]/', 'unspecified'],
      ['http://[fc00::1]/', 'private'],
      ['http://[fd00:ec2::254]/', 'private'],
      ['http://[fe80::1]/', 'link_local'],
      ['http://[ff02::1]/', 'multicast'],
      ['http://[::ffff:127.0.0.1]/', 'ipv4_mapped'],
      ['http://[::ffff:169.254.169.254]/', 'ipv4_mapped'],
      ['https://internal.example/hook', 'private'],
      ['https://half-internal.example/hook', 'private'],
    ];
    for (const [url, reason] of attempts) {
      const response = await register(url);
      assert.equal(response.status, 422, `${url}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.code, 'WEBHOOK_TARGET_REFUSED', url);
      assert.equal(response.body.error.details.reason, reason, url);
      assert.match(response.body.error.message, /WEBHOOK_ALLOWED_TARGETS/);
    }
    const unresolvable = await register('https://no-such-host.invalid/hook');
    assert.equal(unresolvable.status, 422);
    assert.equal(unresolvable.body.error.details.reason, 'unresolvable');
    const withPassword = await register('https://user:pw@hooks.example/hook');
    assert.equal(withPassword.body.error.details.reason, 'credentials_in_url');
    const subscriptions = await harness.system.context.db.selectFrom('webhook_subscriptions').select('url').execute();
    assert.deepEqual(subscriptions, [], 'nothing refused was stored');
  });

  test('a name that rebinds to loopback after registration gets nothing: checked again at delivery', async () => {
    dnsTable.set('rebind.example', ['93.184.215.14']);
    const created = await register(`http://rebind.example:${port}/rebind`);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    dnsTable.set('rebind.example', ['127.0.0.1']);
    const deliveries = await deliverOneEvent('rebind-1');
    const rebound = deliveries.find((d) => d.url.includes('rebind.example'))!;
    assert.equal(rebound.delivered_at, null);
    assert.match(String(rebound.last_error), /resolves to 127\.0\.0\.1, a loopback address/);
    assert.equal(hits.filter((h) => h.path === '/rebind').length, 0, 'the receiver on loopback was never reached');
  });

  test('an allowlisted name is connected at its checked address, and a redirect is not followed', async () => {
    dnsTable.set('pinned.test', ['127.0.0.1']);
    assert.equal((await register(`http://pinned.test:${port}/pinned`)).status, 201);
    assert.equal((await register(`http://pinned.test:${port}/redirect`)).status, 201);
    const deliveries = await deliverOneEvent('pinned-1');
    const pinned = deliveries.find((d) => d.url.endsWith('/pinned'))!;
    assert.ok(pinned.delivered_at, String(pinned.last_error));
    assert.deepEqual(
      hits.filter((h) => h.path === '/pinned'),
      [{ path: '/pinned', host: `pinned.test:${port}` }],
    );
    const redirected = deliveries.find((d) => d.url.endsWith('/redirect'))!;
    assert.equal(redirected.delivered_at, null);
    assert.match(String(redirected.last_error), /HTTP 302 \(redirects are not followed\)/);
    assert.equal(hits.filter((h) => h.path === '/internal').length, 0);
  });
});

describe('production is production', () => {
  /** What an operator's production environment sets (the hosts are never contacted here). */
  const productionEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    INTEGRATIONS: 'http',
    BSS_URL: 'http://127.0.0.1:9/bss',
    BSS_TOKEN: 'a-real-bss-token-0f3c',
    SMTP_URL: 'smtp://mailer:s3cr3t-mail@127.0.0.1:9',
    SMPP_URL: 'smpp://simexit:s3cr3t-smpp@127.0.0.1:9',
    SIM_SWAP_URL: 'http://127.0.0.1:9/sim-swap/v0',
    SIM_SWAP_TOKEN: 'a-real-sim-swap-token',
    PUBLIC_URL: 'https://cancel.example-operator.test',
  };
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.problems;
    }
    return [];
  };

  test('start-up refuses the demo operator, demo fall-backs and published or unset secrets', () => {
    const bare = problemsOf({ NODE_ENV: 'production' });
    for (const variable of ['INTEGRATIONS', 'BSS_TOKEN', 'SMTP_URL', 'SMPP_URL', 'SIM_SWAP_URL', 'PUBLIC_URL'])
      assert.ok(
        bare.some((p) => p.startsWith(`${variable}:`)),
        `${variable} in ${JSON.stringify(bare)}`,
      );
    assert.ok(
      bare.some((p) => p.includes('DEMO_ENABLED=true')),
      'the message says how to run the demo on purpose',
    );
    assert.deepEqual(problemsOf({ ...productionEnv, BSS_TOKEN: 'demo-bss-secret' }), [
      'BSS_TOKEN: holds a published demo or placeholder secret; set the real one',
    ]);
    assert.deepEqual(problemsOf({ ...productionEnv, SMTP_URL: 'smtp://mailer:changeme@127.0.0.1:9' }), [
      'SMTP_URL: holds a published demo or placeholder secret; set the real one',
    ]);
    assert.deepEqual(problemsOf(productionEnv), []);
    assert.equal(loadConfig(productionEnv).demoEnabled, false);
    assert.equal(loadConfig({ NODE_ENV: 'production', DEMO_ENABLED: 'true' }).demoEnabled, true);
    assert.equal(loadConfig({}).demoEnabled, true, 'outside production the demo runs by default');
  });

  test('a database seeded for a trial is refused until its demo accounts are disabled; then no demo routes or accounts', async () => {
    const server = process.env.DATABASE_URL ? await createTestDatabase(process.env.DATABASE_URL) : null;
    const dataDir = server ? null : await mkdtemp(join(tmpdir(), 'simexit-production-'));
    const where = server ? { DATABASE_URL: server.url } : { DATA_DIR: dataDir! };
    const logger = pino({ level: 'silent' });
    try {
      const trial = await openSystem(loadConfig({ LOG_LEVEL: 'silent', ...where }), { logger });
      await trial.close();
      const config = loadConfig({ ...productionEnv, ...where });
      await assert.rejects(openSystem(config, { logger }), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.ok(error.problems.some((p) => p.startsWith('staff account admin@demo.simexit.test: a demo account')));
        assert.ok(error.problems.some((p) => p.startsWith('OAuth client demo-bank: a demo client')));
        return true;
      });
      const cleanup = await openSystem(config, { logger, allowDemoCredentials: true });
      try {
        assert.deepEqual(await disableDemoCredentials(cleanup.context), { staff: demoStaff.length, clients: 3 });
      } finally {
        // A failed assertion must not leave the system's queue running: the test file would never exit.
        await cleanup.close();
      }

      const system = await openSystem(config, { logger });
      assert.equal(system.demo, null);
      const app = await buildApp({ context: system.context, demo: system.demo });
      try {
        for (const url of ['/demo/inbox/%2B447700900101', '/demo/personas']) {
          const response = await app.inject({ method: 'GET', url });
          assert.equal(response.statusCode, 404, url);
          assert.equal(response.json().error.code, 'ROUTE_NOT_FOUND', url);
        }
        const demoSms = await app.inject({
          method: 'POST',
          url: '/demo/sms/inbound',
          payload: { from: '+447700900101', text: 'CANCEL' },
        });
        assert.equal(demoSms.statusCode, 404);
        const signIn = await app.inject({
          method: 'POST',
          url: '/v1/staff/sessions',
          payload: { email: 'admin@demo.simexit.test', password: 'simexit-demo' },
        });
        assert.equal(signIn.statusCode, 401);
        assert.equal(signIn.json().error.code, 'INVALID_CREDENTIALS');
        const token = await app.inject({
          method: 'POST',
          url: '/oauth/token',
          headers: {
            authorization: `Basic ${Buffer.from('demo-bank:demo-bank-secret').toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          payload: 'grant_type=client_credentials',
        });
        assert.equal(token.statusCode, 401);
        assert.equal(token.json().error, 'invalid_client');
      } finally {
        await app.close();
        await system.close();
      }
    } finally {
      await server?.drop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('uniform answers and lock-outs', () => {
  let harness: Harness;
  let lines: Record<string, { msisdn: string; iccid: string }[]>;
  const MINUTE = 60_000;

  let bank: string;

  before(async () => {
    harness = await startHarness({ env: { NUMBER_RANGES: '+4477009' } });
    lines = await personaLines(harness);
    // Before the token tests below lock the client and use up the address's rate limit.
    bank = await clientToken(harness, 'demo-bank', 'demo-bank-secret');
  });
  after(() => harness.close());

  const requestCode = (payload: Record<string, unknown>) =>
    harness.request({ method: 'POST', url: '/v1/auth/codes', payload });
  const enterCode = (challengeId: string, code: string) =>
    harness.request({ method: 'POST', url: '/v1/auth/sessions', payload: { challengeId, code } });

  test('three challenges give five guesses in all, and no session once the number is locked', async () => {
    const { msisdn, iccid } = lines['uk-contract']![0]!;
    const challenges: string[] = [];
    for (let i = 0; i < 3; i++) {
      const sent = await requestCode({ msisdn, iccid });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      challenges.push(sent.body.challengeId);
    }
    const right = await latestCode(harness, msisdn); // the third challenge's code
    const wrong = right === '000000' ? '111111' : '000000';
    const answers: { status: number; code: string; left?: number }[] = [];
    for (const challenge of [challenges[0]!, challenges[0]!, challenges[1]!, challenges[1]!, challenges[2]!]) {
      const response = await enterCode(challenge, wrong);
      answers.push({
        status: response.status,
        code: response.body.error.code,
        left: response.body.error.details?.attemptsLeft,
      });
    }
    assert.deepEqual(answers, [
      { status: 400, code: 'CODE_INVALID', left: 4 },
      { status: 400, code: 'CODE_INVALID', left: 3 },
      { status: 400, code: 'CODE_INVALID', left: 2 },
      { status: 400, code: 'CODE_INVALID', left: 1 },
      { status: 423, code: 'CODE_LOCKED', left: undefined },
    ]);
    const rightButLocked = await enterCode(challenges[2]!, right);
    assert.equal(rightButLocked.status, 423, 'the right code opens nothing while the number is locked');
    assert.equal(rightButLocked.body.error.code, 'CODE_LOCKED');
    assert.ok(rightButLocked.body.error.details.retryAt);
    const sessions = await harness.system.context.db
      .selectFrom('sessions')
      .select('token_hash')
      .where('kind', '=', 'subscriber')
      .execute();
    assert.equal(sessions.length, 0);
    const another = await requestCode({ msisdn, iccid });
    assert.equal(another.status, 423);
    assert.equal(another.body.error.code, 'CODE_LOCKED');
    await harness.advance(16 * MINUTE);
    const again = await requestCode({ msisdn, iccid });
    assert.equal(again.status, 201, 'the lock ends after its time');
    const session = await enterCode(again.body.challengeId, await latestCode(harness, msisdn));
    assert.equal(session.status, 201);
  });

  test('an unknown number and a known number with a wrong ICCID or login get the same status and body', async () => {
    const owner = lines['uk-prepaid-credit']![0]!;
    const stranger = lines['de-contract']![0]!;
    const unknown = await requestCode({ msisdn: '+447700900999', iccid: owner.iccid });
    const mismatch = await requestCode({ msisdn: owner.msisdn, iccid: stranger.iccid });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.error.code, 'IDENTITY_NOT_VERIFIED');
    assert.deepEqual(unknown.body, mismatch.body);
    const unknownLogin = await requestCode({ msisdn: '+447700900999', accountLogin: 'someone' });
    const wrongLogin = await requestCode({ msisdn: owner.msisdn, accountLogin: 'someone' });
    assert.equal(unknownLogin.status, 422);
    assert.deepEqual(unknownLogin.body, wrongLogin.body);
  });

  const staffSignIn = (email: string, password: string) =>
    harness.request({ method: 'POST', url: '/v1/staff/sessions', payload: { email, password } });

  test('staff sign-in: the same answer and about the same time for an unknown e-mail; a lock-out per e-mail', async () => {
    const timed = async (email: string) => {
      const started = process.hrtime.bigint();
      const response = await staffSignIn(email, 'not-the-password');
      return { response, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    await timed('nobody-warmup@demo.simexit.test'); // the dummy hash is made once per process
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      const k = await timed('clerk@demo.simexit.test');
      const u = await timed(`nobody${i}@demo.simexit.test`);
      assert.equal(k.response.status, 401);
      assert.deepEqual(u.response.body, k.response.body);
      known.push(k.ms);
      unknown.push(u.ms);
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[1]!;
    // Before: an unknown e-mail answered in about a millisecond, a known one after argon2. Now both run it.
    assert.ok(median(unknown) > median(known) * 0.3, `unknown ${median(unknown)} ms vs known ${median(known)} ms`);

    // clerk@ has 3 failures in this window; two more lock it. An unknown e-mail locks alike.
    assert.equal((await staffSignIn('clerk@demo.simexit.test', 'wrong')).status, 401);
    const fifth = await staffSignIn('clerk@demo.simexit.test', 'wrong');
    assert.equal(fifth.status, 423);
    assert.equal(fifth.body.error.code, 'SIGN_IN_LOCKED');
    const rightButLocked = await staffSignIn('clerk@demo.simexit.test', 'simexit-demo');
    assert.equal(rightButLocked.status, 423, 'the right password opens nothing while locked');
    for (let i = 0; i < 4; i++) await staffSignIn('ghost@demo.simexit.test', 'wrong');
    const ghost = await staffSignIn('ghost@demo.simexit.test', 'wrong');
    assert.equal(ghost.status, 423, 'an e-mail with no account locks the same way');
    await harness.advance(16 * MINUTE);
    assert.equal((await staffSignIn('clerk@demo.simexit.test', 'simexit-demo')).status, 201);
  });

  const token = (headers: Record<string, string>, body = 'grant_type=client_credentials') =>
    harness.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: body,
    });
  const basic = (raw: string) => ({ authorization: `Basic ${Buffer.from(raw).toString('base64')}` });

  test('/oauth/token: malformed credentials are a 400, bad secrets lock the client, the rate limit is a 429', async () => {
    for (const raw of ['demo-bank:%E0%A4%A', '%zz:secret', 'no-colon-here']) {
      const response = await token(basic(raw));
      assert.equal(response.statusCode, 400, raw);
      assert.equal(response.json().error, 'invalid_request', raw);
    }
    const both = await token(
      basic('demo-bank:demo-bank-secret'),
      'grant_type=client_credentials&client_id=demo-bank&client_secret=x',
    );
    assert.equal(both.statusCode, 400);

    for (let i = 1; i < 10; i++) {
      const bad = await token(basic(`demo-bank:guess-${i}`));
      assert.equal(bad.statusCode, 401);
      assert.deepEqual(bad.json(), { error: 'invalid_client' });
    }
    const tenth = await token(basic('demo-bank:guess-10'));
    assert.equal(tenth.statusCode, 401);
    assert.match(tenth.json().error_description, /Too many failed authentications/);
    const rightButLocked = await token(basic('demo-bank:demo-bank-secret'));
    assert.equal(rightButLocked.statusCode, 401, 'the right secret is refused while the client is locked');
    assert.ok(Number(rightButLocked.headers['retry-after']) > 0);
    await harness.advance(16 * MINUTE);
    assert.equal((await token(basic('demo-bank:demo-bank-secret'))).statusCode, 200);

    let limited = null;
    for (let i = 0; i < 70 && !limited; i++) {
      const response = await token(basic('demo-activation:demo-activation-secret'));
      if (response.statusCode !== 200) limited = response;
    }
    assert.ok(limited, 'the per-address limit answers at last');
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error, 'too_many_requests');
    assert.ok(limited.headers['retry-after']);
  });

  test('CAMARA check: numbers in the operator’s ranges answer alike whether in service or not; others are not found', async () => {
    const bearer = bank;
    const check = (phoneNumber: string) =>
      harness.request({
        method: 'POST',
        url: '/number-recycling/v0/check',
        token: bearer,
        payload: { phoneNumber, specifiedDate: '2026-01-01' },
      });
    const live = await check(lines['uk-contract']![0]!.msisdn);
    const spare = await check('+447700900999');
    assert.equal(live.status, 200);
    assert.deepEqual(spare.body, live.body, 'a spare number in range looks like a live one');
    // CAMARA Number Recycling v0.2.0 (Generic404): a number another operator holds is 404 IDENTIFIER_NOT_FOUND,
    // at the spec's path and at the earlier one alike.
    for (const url of ['/number-recycling/v0.2/check', '/number-recycling/v0/check']) {
      const foreign = await harness.request({
        method: 'POST',
        url,
        token: bearer,
        payload: { phoneNumber: '+33612345678', specifiedDate: '2026-01-01' },
      });
      assert.equal(foreign.status, 404, url);
      assert.deepEqual(foreign.body, { status: 404, code: 'IDENTIFIER_NOT_FOUND', message: 'Phone number not found.' });
    }
  });
});

describe("every route: no session, the wrong kind of session, other holders' ids; headers and logs", () => {
  let harness: Harness;
  let holder: string;
  let otherHolder: string;
  let otherCase: string;
  let staff: string;
  let bank: string;
  const logLines: string[] = [];

  before(async () => {
    harness = await startHarness();
    const lines = await personaLines(harness);
    const mine = lines['uk-prepaid-credit']![0]!;
    const theirs = lines['uk-debt-arrangement']![0]!;
    holder = await signInWithIccid(harness, mine.msisdn, mine.iccid);
    otherHolder = await signInWithIccid(harness, theirs.msisdn, theirs.iccid);
    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token: otherHolder,
      payload: { msisdn: theirs.msisdn },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    otherCase = created.body.id;
    staff = await staffToken(harness, 'admin@demo.simexit.test');
    bank = await clientToken(harness, 'demo-bank', 'demo-bank-secret');
  });
  after(() => harness.close());

  const concrete = (pattern: string, id = '00000000-0000-4000-8000-000000000000') =>
    pattern
      .replace(':msisdn', '%2B447700900101')
      .replace(':market', 'UK')
      .replace(':address', 'someone%40example.com')
      .replace(/:[a-zA-Z]+/g, id);
  const call = (method: string, url: string, token?: string) =>
    harness.request({
      method: method as 'GET',
      url,
      token,
      ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
    });
  const protectedRoutes = () =>
    routesOf(harness.app)
      .map((route) => ({ ...route, access: routeAccess(route.url) }))
      .filter((route) => route.access !== 'public');

  test('every API route declares who may call it', () => {
    const routes = routesOf(harness.app);
    assert.ok(routes.length > 50, `walked ${routes.length} routes`);
    const undeclared = routes.filter((route) => routeAccess(route.url) === null);
    assert.deepEqual(undeclared, []);
  });

  test('no session: 401 with the route family’s code, before the body is even validated', async () => {
    const routes = protectedRoutes();
    assert.ok(routes.length > 40);
    for (const route of routes) {
      const response = await call(route.method, concrete(route.url));
      const where = `${route.method} ${route.url}`;
      assert.equal(response.status, 401, `${where}: ${JSON.stringify(response.body)}`);
      if (route.url.startsWith('/number-recycling/')) assert.equal(response.body.code, 'UNAUTHENTICATED', where);
      else if (route.url.startsWith('/tmf-api/')) assert.equal(response.body.code, 'UNAUTHENTICATED', where);
      else assert.equal(response.body.error.code, 'UNAUTHENTICATED', where);
    }
  });

  test('the wrong kind of session: 403 FORBIDDEN; an OAuth client token is no session (401) and a session is no client token', async () => {
    for (const route of protectedRoutes()) {
      const where = `${route.method} ${route.url}`;
      const url = concrete(route.url);
      if (route.access === 'staff') {
        const response = await call(route.method, url, holder);
        assert.equal(response.status, 403, `${where}: ${JSON.stringify(response.body)}`);
        assert.deepEqual(response.body.error, { code: 'FORBIDDEN', message: 'Staff only.' }, where);
      }
      if (route.access === 'subscriber') {
        const response = await call(route.method, url, staff);
        assert.equal(response.status, 403, `${where}: ${JSON.stringify(response.body)}`);
        assert.equal(response.body.error.code, 'FORBIDDEN', where);
      }
      if (route.access === 'staff' || route.access === 'subscriber') {
        const response = await call(route.method, url, bank);
        assert.equal(response.status, 401, where);
        assert.equal(response.body.error.code, 'UNAUTHENTICATED', where);
      }
      if (route.access === 'client') {
        const response = await call(route.method, url, staff);
        assert.equal(response.status, 401, `${where}: ${JSON.stringify(response.body)}`);
      }
    }
  });

  test('another holder’s case id is not found on every case route', async () => {
    const caseRoutes = protectedRoutes().filter((r) => r.access === 'subscriber' && r.url.includes('/v1/cases/:id'));
    assert.ok(caseRoutes.length >= 5, JSON.stringify(caseRoutes));
    const bodies: Record<string, unknown> = {
      '/v1/cases/:id/withdraw': {},
      '/v1/cases/:id/info': { message: 'hello' },
      '/v1/cases/:id/leaving-reason': { reason: 'price' },
    };
    for (const route of caseRoutes) {
      const response = await harness.request({
        method: route.method as 'GET',
        url: concrete(route.url, otherCase),
        token: holder,
        ...(route.method === 'GET' ? {} : { payload: bodies[route.url] as Record<string, unknown> }),
      });
      assert.equal(response.status, 404, `${route.method} ${route.url}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.code, 'CASE_NOT_FOUND', route.url);
    }
    const own = await harness.request({ method: 'GET', url: `/v1/cases/${otherCase}`, token: otherHolder });
    assert.equal(own.status, 200, 'the holder sees it');
  });

  test('answers carry nosniff, no-store and a CSP; the API docs get their own CSP', async () => {
    const own = await harness.request({ method: 'GET', url: `/v1/cases/${otherCase}`, token: otherHolder });
    assert.equal(own.headers['x-content-type-options'], 'nosniff');
    assert.equal(own.headers['cache-control'], 'no-store');
    assert.match(String(own.headers['content-security-policy']), /default-src 'none'.*frame-ancestors 'none'/);
    const receipt = await harness.request({
      method: 'GET',
      url: `/v1/cases/${otherCase}/receipt.pdf`,
      token: otherHolder,
    });
    assert.equal(receipt.status, 200);
    assert.equal(receipt.headers['cache-control'], 'no-store');
    const docs = await harness.request({ method: 'GET', url: '/docs/' });
    assert.equal(docs.status, 200);
    assert.equal(docs.headers['x-content-type-options'], 'nosniff');
    assert.match(String(docs.headers['content-security-policy']), /script-src 'self'/);
    assert.match(String(docs.headers['content-security-policy']), /object-src 'none'/);
  });

  test('request logs carry the route pattern, never the number, ICCID or search term', async () => {
    const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    const app = await buildApp({ context: harness.system.context, demo: harness.system.demo, logger });
    try {
      const lines = await personaLines(harness);
      const { msisdn, iccid } = lines['uk-contract']![0]!;
      const agent = await staffToken(harness, 'agent@demo.simexit.test');
      const search = await app.inject({
        method: 'GET',
        url: `/v1/staff/search?q=${iccid}`,
        headers: { authorization: `Bearer ${agent}` },
      });
      assert.equal(search.statusCode, 200, search.body);
      await app.inject({
        method: 'GET',
        url: `/v1/staff/lines/${encodeURIComponent(msisdn)}`,
        headers: { authorization: `Bearer ${agent}` },
      });
      await app.inject({ method: 'GET', url: `/v1/no-such-route/${encodeURIComponent(msisdn)}` });
    } finally {
      await app.close();
    }
    const requests = logLines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request completed');
    assert.deepEqual(
      requests.map((entry) => entry.route),
      ['/v1/staff/search', '/v1/staff/lines/:msisdn', null],
    );
    const everything = logLines.join('\n');
    const { msisdn, iccid } = (await personaLines(harness))['uk-contract']![0]!;
    for (const secret of [iccid, msisdn, msisdn.slice(1), encodeURIComponent(msisdn)])
      assert.ok(!everything.includes(secret), `${secret} is not in the logs`);
  });
});
