import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { ManualClock } from '../src/clock.js';
import { loadConfig, type Config } from '../src/config.js';
import { submitCancellation } from '../src/services/intake.service.js';
import { fireDueTimers } from '../src/services/timers.service.js';
import { openSystem } from '../src/system.js';
import { HOUR, simexitCommand } from './support/harness.js';
import { privatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';

/**
 * The database goes away under running API and worker processes — terminated backends, a fast
 * restart, a clean stop, a postmaster crash — and comes back. Both processes stay up, the API
 * answers 503 with Retry-After meanwhile (never 500), work resumes by itself, and every case
 * completes exactly once. Then SIGTERM with requests in flight on keep-alive connections.
 *
 * The cluster is this file's own (test/support/private-postgres.ts), whatever engine the rest of
 * the suite runs on: the machine's cluster is never restarted.
 */
const CASES = 12;
/** TMF622 orders filed while the faults happen; their lines follow the executing cases' lines. */
const ORDERS = 6;
const BSS = '/tmf-api/productOrderingManagement/v4';

const skip = privatePostgresAvailable() ? false : 'no PostgreSQL binaries to run a private cluster';

describe('the database goes away and comes back', { skip }, () => {
  let server: PrivatePostgres;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];

  const config = (): Config => loadConfig({ ...env, LOG_LEVEL: 'silent' });
  const msisdnOf = (n: number) => `+4478${String(n).padStart(8, '0')}`;

  before(async () => {
    server = await startPrivatePostgres();
    env = {
      DATABASE_URL: server.url,
      DATABASE_POOL_SIZE: '4',
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      DEMO_LATENCY_MS: '20',
      JOB_EXPIRE_SECONDS: '2',
      JOB_MAINTENANCE_SECONDS: '1',
      // Attempts that fail because the database is down count as attempts: leave room for them.
      JOB_RETRY_LIMIT: '100',
      TIMER_SWEEP_SECONDS: '0.5',
      AUTH_RATE_LIMIT_PER_MINUTE: '10000',
      PUBLIC_URL: 'http://simexit.test',
      HOST: '127.0.0.1',
      PORT: '0',
    };
    // Bring CASES cases to `executing`, as test/crash.test.ts does, then leave the database to the processes.
    const clock = new ManualClock(new Date());
    const system = await openSystem(
      { ...config(), INTEGRATIONS: 'demo' },
      { clock, logger: pino({ level: 'silent' }), seedDemo: true },
    );
    await system.demo!.seedSyntheticLines(CASES + ORDERS + 2);
    for (let n = 1; n <= CASES; n++) {
      await submitCancellation(
        system.context,
        { kind: 'subscriber', id: `synthetic-${String(n).padStart(7, '0')}`, scope: null },
        {
          msisdn: msisdnOf(n),
          decisions: {
            acceptEarlyTerminationCharge: false,
            balance: { option: 'forfeit' },
            acknowledgedServiceIds: [],
          },
          requestedEndDate: null,
          confirmationEmail: null,
          leavingReason: null,
        },
        `faults-${n}`,
      );
    }
    await system.context.queue.drain(system.handlers);
    clock.advance(25 * HOUR);
    await fireDueTimers(system.context);
    const executing = await system.context.db
      .selectFrom('cases')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('state', '=', 'executing')
      .executeTakeFirstOrThrow();
    assert.equal(executing.n, CASES);
    await system.close();
  });

  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await server?.destroy();
  });

  /** Starts `simexit serve --roles …` as its own process; resolves with its API port once it is ready. */
  function startProcess(roles: string, extraEnv: Record<string, string> = {}) {
    const child = spawn(process.execPath, [...simexitCommand, 'serve', '--roles', roles], {
      env: { ...process.env, ...env, ...extraEnv, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const output = { stdout: '', stderr: '' };
    child.stderr!.on('data', (chunk) => (output.stderr += chunk));
    const ready = new Promise<number | null>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output.stdout += chunk;
        const listening = /Listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output.stdout);
        const api = roles.includes('api');
        const worker = !roles.includes('worker') || output.stdout.includes('worker started');
        if (worker && (!api || listening)) resolve(listening ? Number(listening[1]) : null);
      });
      child.on('exit', (code, signal) =>
        reject(new Error(`${roles} exited (${code ?? signal}) before it started: ${output.stderr}`)),
      );
    });
    return { child, ready, output };
  }

  async function query<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  }

  test('API and worker survive terminated backends, a restart, a stop and a crash; every case completes once', async () => {
    const worker = startProcess('worker,scheduler');
    const api = startProcess('api');
    await worker.ready;
    const port = (await api.ready)!;
    const base = `http://127.0.0.1:${port}`;
    const bssToken = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'demo-bss',
        client_secret: 'demo-bss-secret',
      }),
    }).then(async (response) => ((await response.json()) as { access_token: string }).access_token);

    // The BSS keeps filing orders through every fault, resending on 503 as Retry-After asks.
    const answers: { n: number; status: number; code?: string; retryAfter: string | null; id?: string }[] = [];
    const order = async (n: number) => {
      for (;;) {
        const response = await fetch(`${base}${BSS}/productOrder`, {
          method: 'POST',
          headers: { authorization: `Bearer ${bssToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            externalId: `fault-order-${n}`,
            productOrderItem: [
              {
                id: '1',
                action: 'delete',
                product: {
                  productCharacteristic: [
                    { name: 'MSISDN', value: msisdnOf(n) },
                    { name: 'balanceDisposition', value: 'forfeit' },
                  ],
                },
              },
            ],
          }),
        }).catch(() => null);
        if (!response) continue;
        const body = (await response.json()) as { id?: string; code?: string };
        answers.push({
          n,
          status: response.status,
          code: body.code,
          id: body.id,
          retryAfter: response.headers.get('retry-after'),
        });
        if (response.status !== 503) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const filer = (async () => {
      for (let n = CASES + 1; n <= CASES + ORDERS; n++) {
        await order(n);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();

    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const whileDown: {
      readyz: number;
      readyzRetryAfter: string | null;
      codes: number;
      code: string;
      healthz: number;
    }[] = [];
    const probeWhileDown = async () => {
      const readyz = await fetch(`${base}/readyz`);
      const codes = await fetch(`${base}/v1/auth/codes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msisdn: '+447700900101', iccid: '8944100000000000018' }),
      });
      const healthz = await fetch(`${base}/healthz`);
      whileDown.push({
        readyz: readyz.status,
        readyzRetryAfter: readyz.headers.get('retry-after'),
        codes: codes.status,
        code: ((await codes.json()) as { error?: { code?: string } }).error?.code ?? '',
        healthz: healthz.status,
      });
      assert.equal(codes.headers.get('retry-after'), '5');
    };

    const faultsStarted = Date.now();
    await pause(300);
    const terminated = await server.terminateBackends();
    assert.ok(terminated > 0, 'the processes had connections to terminate');
    await pause(400);
    await server.restart();
    await pause(400);
    await server.stop();
    await probeWhileDown();
    await server.start();
    await pause(400);
    await server.crash();
    await probeWhileDown();
    await server.start();
    const faultsEnded = Date.now();
    // The BSS stops filing first: an order accepted after the wait below would leave its messages
    // out of the count.
    await filer;

    // Work resumes by itself: wait (bounded) for every case and message.
    let states: Record<string, number> = {};
    for (const started = Date.now(); Date.now() - started < 60_000; await pause(500)) {
      const rows = await query<{ state: string; n: number }>(
        `select state, count(*)::int as n from cases where msisdn <= '${msisdnOf(CASES)}' group by state`,
      );
      const [undelivered] = await query<{ n: number }>(
        'select count(*)::int as n from outbox_messages where delivered_at is null',
      );
      states = { ...Object.fromEntries(rows.map((row) => [row.state, row.n])), undelivered: undelivered!.n };
      // The orders' cases go on after the first CASES complete, queueing messages of their own: the
      // count below is taken once no job is running or due, so none is still on its way.
      const [busy] = await query<{ n: number }>(
        `select count(*)::int as n from pgboss.job
          where state = 'active' or (state in ('created', 'retry') and start_after <= now())`,
      );
      if (states.completed === CASES && states.undelivered === 0 && busy!.n === 0) break;
    }
    const resumed = Date.now();
    console.log(
      `# faults for ${faultsEnded - faultsStarted} ms; every case completed and message delivered ${resumed - faultsEnded} ms after the database came back`,
    );
    assert.deepEqual(states, { completed: CASES, undelivered: 0 }, `all cases completed: ${JSON.stringify(states)}`);

    assert.equal(worker.child.exitCode, null, `the worker is still running: ${worker.output.stderr}`);
    assert.equal(api.child.exitCode, null, `the API is still running: ${api.output.stderr}`);
    assert.doesNotMatch(worker.output.stderr + api.output.stderr, /Unhandled|uncaught/i);

    // While the database was down: 503 with Retry-After and the stable code, never a 500; alive meanwhile.
    assert.equal(whileDown.length, 2);
    for (const probe of whileDown) {
      assert.deepEqual(probe, {
        readyz: 503,
        readyzRetryAfter: '5',
        codes: 503,
        code: 'SERVICE_UNAVAILABLE',
        healthz: 200,
      });
    }
    assert.equal((await fetch(`${base}/readyz`)).status, 200, 'ready again');

    // Every order got 201 once (or a replay), the rest 503 with Retry-After; each line has one case.
    assert.ok(
      answers.every((a) => [200, 201, 503].includes(a.status)),
      JSON.stringify(answers.filter((a) => ![200, 201, 503].includes(a.status))),
    );
    assert.ok(answers.filter((a) => a.status === 503).every((a) => a.code === 'SERVICE_UNAVAILABLE' && a.retryAfter));
    const orderCases = await query<{ msisdn: string; n: number }>(
      `select msisdn, count(*)::int as n from cases where msisdn > '${msisdnOf(CASES)}' group by msisdn`,
    );
    assert.equal(
      orderCases.length,
      ORDERS,
      `every order accepted became a case: ${JSON.stringify({ orderCases, answers })}`,
    );
    assert.ok(
      orderCases.every((row) => row.n === 1),
      'one case per order',
    );
    for (let n = CASES + 1; n <= CASES + ORDERS; n++) {
      assert.ok(answers.filter((a) => a.n === n && a.status === 201).length <= 1, `order ${n} created once`);
    }

    // Exactly once at the outside systems, despite every interrupted attempt.
    const operations = await query<{ operation: string; msisdn: string; n: number }>(
      'select operation, msisdn, count(*)::int as n from demo.operations group by operation, msisdn',
    );
    for (const name of ['deactivate', 'final_bill', 'balance_forfeit']) {
      const rows = operations.filter((o) => o.operation === name);
      assert.equal(rows.length, CASES, `${name} for every line`);
      assert.ok(
        rows.every((o) => o.n === 1),
        `${name} once per line`,
      );
    }
    const [outbox] = await query<{ n: number }>('select count(*)::int as n from outbox_messages');
    const [inbox] = await query<{ n: number; ids: number }>(
      'select count(*)::int as n, count(distinct message_id)::int as ids from demo.inbox',
    );
    assert.equal(inbox!.n, outbox!.n, 'every message arrived once');
    assert.equal(inbox!.ids, outbox!.n);

    // One-time codes flow again: the API files the request, the worker delivers it.
    const codes = await fetch(`${base}/v1/auth/codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msisdn: msisdnOf(CASES + ORDERS + 1), iccid: await iccidOf(CASES + ORDERS + 1) }),
    });
    assert.equal(codes.status, 201, await codes.text());
    let delivered = false;
    for (const started = Date.now(); !delivered && Date.now() - started < 10_000; await pause(200)) {
      const rows = await query<{ n: number }>(
        `select count(*)::int as n from outbox_messages where template = 'one_time_code' and delivered_at is not null
           and recipient = '${msisdnOf(CASES + ORDERS + 1)}'`,
      );
      delivered = rows[0]!.n > 0;
    }
    assert.ok(delivered, 'the one-time code was delivered after the outage');

    worker.child.kill('SIGTERM');
    api.child.kill('SIGTERM');
    await Promise.all([exited(worker.child), exited(api.child)]);
    assert.equal(worker.child.exitCode, 0, worker.output.stderr);
    assert.equal(api.child.exitCode, 0, api.output.stderr);
  });

  async function iccidOf(n: number): Promise<string> {
    const [line] = await query<{ iccid: string }>(`select iccid from demo.lines where msisdn = '${msisdnOf(n)}'`);
    return line!.iccid;
  }

  test('SIGTERM with requests in flight on keep-alive connections: answered, jobs in hand finished, exit 0 within 5 s', async () => {
    const [{ now: startedAt }] = (await query<{ now: Date }>('select now()')) as [{ now: Date }];
    // Slow outside systems keep the requests in flight when the signal comes.
    const serving = startProcess('api,worker,scheduler', { DEMO_LATENCY_MS: '400' });
    const port = (await serving.ready)!;
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const get = (path: string, method = 'GET', body?: string) =>
      new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
        const request = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path,
            method,
            agent,
            headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {},
          },
          (response) => {
            let text = '';
            response.on('data', (chunk) => (text += chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode!, connection: response.headers.connection, body: text }),
            );
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    // Open several keep-alive connections; they stay idle in the agent.
    const warm = await Promise.all(Array.from({ length: 6 }, () => get('/healthz')));
    assert.ok(warm.every((r) => r.status === 200 && r.connection === 'keep-alive'));

    const inFlight = [CASES + ORDERS + 1, CASES + 1, CASES + 2].map(async (n) =>
      get('/v1/auth/codes', 'POST', JSON.stringify({ msisdn: msisdnOf(n), iccid: await iccidOf(n) })),
    );
    await new Promise((resolve) => setTimeout(resolve, 250));
    const signalled = Date.now();
    serving.child.kill('SIGTERM');
    const answered = await Promise.all(inFlight);
    await exited(serving.child);
    const took = Date.now() - signalled;
    agent.destroy();

    assert.deepEqual(
      answered.map((r) => r.status),
      [201, 201, 201],
      answered.map((r) => r.body).join('\n'),
    );
    assert.ok(
      answered.every((r) => r.connection === 'close'),
      'answers after the signal end their connection',
    );
    assert.equal(serving.child.exitCode, 0, serving.output.stderr);
    assert.ok(took < 5000, `stopped in ${took} ms`);
    console.log(`# SIGTERM with 3 requests in flight and idle keep-alive connections: exit 0 after ${took} ms`);
    // The worker took no job it then abandoned: nothing is left active for expiry to rescue.
    const [active] = await query<{ n: number }>(
      `select count(*)::int as n from pgboss.job where state = 'active' and started_on >= '${startedAt.toISOString()}'`,
    );
    assert.equal(active!.n, 0, 'no job abandoned to expiry');
  });
});

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );
}
