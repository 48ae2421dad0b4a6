import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { deleteExpiredRateLimits, hitRateLimit } from '../src/db/repositories/rate-limits.repository.js';
import type { DB } from '../src/db/schema.js';
import { buildApp } from '../src/http/app.js';
import { postgresRateLimitStore } from '../src/http/rate-limit-store.js';
import { smppSms, type SmppSms } from '../src/ports/adapters/smpp/sms.js';
import { recordDeliveryReceipt, sharedSubmittedParts } from '../src/services/notifications.service.js';
import { openSystem, type System } from '../src/system.js';
import { personaLines, simexitCommand, startHarness, type Harness } from './support/harness.js';
import { startSmsc, type FakeSmsc } from './support/smsc.js';

/**
 * Several API and worker processes on one database behave as one: what they must agree on (rate
 * limits, SMS parts for delivery receipts) lives in PostgreSQL, not in any process's memory.
 *
 * "Another process" is, on a PostgreSQL server, a real child process (`simexit serve --roles api`)
 * or a second openSystem with its own pool; on PGlite, which one process owns, a second app or
 * adapter with nothing in memory in common with the first, on the same database.
 */
const PER_MINUTE = 3;
const STAFF_SIGN_IN_LIMIT = 2 * PER_MINUTE;
const onServer = Boolean(process.env.DATABASE_URL);

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `simexit serve --roles api` in its own Node process, on the test database. */
async function startApiProcess(env: Record<string, string>): Promise<{ base: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...simexitCommand, 'serve', '--roles', 'api'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('simexit is running')) resolve();
    });
    child.once('exit', (code, signal) => reject(new Error(`API process exited (${code ?? signal}): ${output}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

async function post(base: string, path: string, body: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  // Each assertion states the shape it expects, as in the harness.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe('rate limits are shared by every API process', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness({ env: { AUTH_RATE_LIMIT_PER_MINUTE: String(PER_MINUTE) } });
  });
  after(async () => {
    await harness.close();
  });

  test('concurrent hits on one key each count exactly once', async () => {
    const key = `test:concurrent:${Math.random()}`;
    const hits = await Promise.all(
      Array.from({ length: 40 }, () => hitRateLimit(harness.system.context.db, key, 60_000)),
    );
    assert.deepEqual(
      hits.map((hit) => hit.count).sort((a, b) => a - b),
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    for (const hit of hits) assert.ok(hit.ttlMs > 0 && hit.ttlMs <= 60_000, `ttl ${hit.ttlMs}`);
  });

  test('a window that has passed starts again at 1, and only passed windows are deleted', async () => {
    const { db } = harness.system.context;
    const short = `test:short:${Math.random()}`;
    const long = `test:long:${Math.random()}`;
    assert.equal((await hitRateLimit(db, short, 100)).count, 1);
    assert.equal((await hitRateLimit(db, short, 100)).count, 2);
    await hitRateLimit(db, long, 60_000);
    await delay(150);
    const again = await hitRateLimit(db, short, 100);
    assert.equal(again.count, 1, 'a new window');
    assert.ok(again.ttlMs > 0 && again.ttlMs <= 100);
    await delay(150);
    assert.ok((await deleteExpiredRateLimits(db)) >= 1);
    const left = await db.selectFrom('rate_limit_buckets').select('key').where('key', 'in', [short, long]).execute();
    assert.deepEqual(
      left.map((row) => row.key),
      [long],
    );
  });

  test(`staff password guesses spread over two API processes: guess ${STAFF_SIGN_IN_LIMIT + 1} gets 429 with Retry-After on both`, async () => {
    const first = await listen(harness.app);
    let second: { base: string; stop(): Promise<void> };
    if (onServer) {
      second = await startApiProcess({
        DATABASE_URL: harness.system.context.config.DATABASE_URL!,
        AUTH_RATE_LIMIT_PER_MINUTE: String(PER_MINUTE),
      });
    } else {
      const app = await buildApp({ context: harness.system.context, demo: harness.system.demo });
      second = { base: await listen(app), stop: () => app.close() };
    }
    try {
      // Each guess names another e-mail, so the per-e-mail lock-out (5 failures) never answers first:
      // what stops them is the per-address limit shared by both processes.
      const guess = (n: number) => ({ email: `guess-${n}@demo.simexit.test`, password: 'not-the-password' });
      const bases = [first, second.base];
      for (let n = 1; n <= STAFF_SIGN_IN_LIMIT; n++) {
        const answer = await post(bases[n % 2]!, '/v1/staff/sessions', guess(n));
        assert.equal(answer.status, 401, `guess ${n}`);
        assert.equal(answer.body.error.code, 'INVALID_CREDENTIALS');
      }
      for (const base of bases) {
        const limited = await post(base, '/v1/staff/sessions', guess(STAFF_SIGN_IN_LIMIT + 1));
        assert.equal(limited.status, 429, `past the limit at ${base}`);
        assert.deepEqual(limited.body, {
          error: { code: 'RATE_LIMITED', message: 'Too many requests. Wait a moment and try again.' },
        });
        const retryAfter = Number(limited.headers.get('retry-after'));
        assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      }
      // The right password is refused too while the window lasts: the limit is per address, not per guess.
      const right = await post(second.base, '/v1/staff/sessions', {
        email: 'agent@demo.simexit.test',
        password: 'simexit-demo',
      });
      assert.equal(right.status, 429);
      // Each route counts on its own.
      const otherRoute = await post(first, '/v1/auth/codes', { msisdn: 'abc' });
      assert.equal(otherRoute.status, 400, 'the code route has its own window');
    } finally {
      await second.stop();
    }
  });

  test('with the database down, a limited route fails instead of going through unlimited', async () => {
    // Port 1 on loopback: nothing listens, so every connection is refused at once.
    const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', max: 1 });
    const deadDb = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    try {
      const Store = postgresRateLimitStore(deadDb);
      const store = new Store({}).child({ routeInfo: { method: 'POST', url: '/v1/staff/sessions' } } as never);
      const error = await new Promise<Error | null>((resolve) => store.incr('127.0.0.1', resolve, 60_000, 5));
      assert.equal((error as NodeJS.ErrnoException | null)?.code, 'ECONNREFUSED');

      const app = await buildApp({ context: { ...harness.system.context, db: deadDb }, demo: null });
      try {
        const response = await app.inject({
          method: 'POST',
          url: '/v1/staff/sessions',
          payload: { email: 'agent@demo.simexit.test', password: 'simexit-demo' },
        });
        assert.equal(response.statusCode, 503);
        assert.equal(response.json().error.code, 'SERVICE_UNAVAILABLE');
        assert.ok(response.headers['retry-after'], 'Retry-After says when to try again');
      } finally {
        await app.close();
      }
    } finally {
      await deadDb.destroy();
    }
  });
});

describe('an SMPP delivery receipt reaching another worker is recorded', () => {
  let smsc: FakeSmsc;
  let harness: Harness;
  before(async () => {
    smsc = await startSmsc();
    harness = await startHarness({ env: { SMPP_URL: smsc.url, SMS_SOURCE_ADDRESS: 'simexit' } });
  });
  after(async () => {
    await harness.close();
    await smsc.close();
  });

  test('the code SMS is sent by one worker; its receipt arrives at another and lands on the outbox message', async () => {
    const line = (await personaLines(harness))['uk-contract']![0]!;
    const sent = await harness.request({
      method: 'POST',
      url: '/v1/auth/codes',
      payload: { msisdn: line.msisdn, iccid: line.iccid },
    });
    assert.equal(sent.status, 201);
    await harness.drain();
    const submitted = smsc.messages.find((m) => m.to === line.msisdn);
    assert.ok(submitted, 'the first worker sent the code over SMPP');

    // The other worker: its own process (own pool) on a server; on PGlite an adapter with nothing in
    // common with the first but the database. Binding last, it is where the SMSC sends receipts.
    let other: System | SmppSms;
    if (onServer) {
      const config = loadConfig({
        LOG_LEVEL: 'silent',
        PUBLIC_URL: 'http://simexit.test',
        DATABASE_POOL_SIZE: '2',
        DATABASE_URL: harness.system.context.config.DATABASE_URL,
        SMPP_URL: smsc.url,
        SMS_SOURCE_ADDRESS: 'simexit',
      });
      const system = await openSystem(config, { seedDemo: false, logger: pino({ level: 'silent' }) });
      await system.startInbound();
      other = system;
    } else {
      const { context } = harness.system;
      const adapter = smppSms({
        url: smsc.url,
        sourceAddress: 'simexit',
        timeoutMs: 5_000,
        submittedParts: sharedSubmittedParts(context.db, context.clock),
        onDeliveryReceipt: (receipt) => recordDeliveryReceipt(context, receipt),
      });
      await adapter.start();
      other = adapter;
    }
    try {
      smsc.sendReceipt(submitted.smscIds[0]!, 'DELIVRD');
      const receipt = () =>
        harness.system.context.db
          .selectFrom('outbox_messages')
          .select('receipt_status')
          .where('channel', '=', 'sms')
          .where('recipient', '=', line.msisdn)
          .executeTakeFirstOrThrow();
      for (let attempt = 0; attempt < 50 && (await receipt()).receipt_status === null; attempt++) await delay(50);
      assert.equal((await receipt()).receipt_status, 'DELIVRD');
    } finally {
      await other.close();
    }
  });
});
