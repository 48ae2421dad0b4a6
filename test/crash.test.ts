import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { ManualClock } from '../src/clock.js';
import { loadConfig, type Config } from '../src/config.js';
import { demoDb } from '../src/ports/adapters/demo/demo-schema.js';
import { makeEid } from '../src/domain/esim.js';
import { submitCancellation } from '../src/services/intake.service.js';
import { fireDueTimers } from '../src/services/timers.service.js';
import { openSystem } from '../src/system.js';
import { startEs2plusServer, type Es2plusServer } from './support/es2plus-server.js';
import { createTestDatabase, HOUR, simexitCommand } from './support/harness.js';

/**
 * Kills the worker process (SIGKILL) at random moments while it executes many cases, restarts it,
 * and checks that every case completed exactly once: one deactivation per line, one final bill,
 * one balance movement, one profile cancelled at the SM-DP+ (the ES2+ test server, its own process)
 * per eSIM line, every outbox message delivered once and none lost.
 */
const CASES = 40;
const KILLS = 6;
/** Every fifth line is an eSIM whose profile is installed on a device. */
const isEsim = (n: number) => n % 5 === 0;
const REQUESTER = 'simexit-crash-test';

let env: Record<string, string>;
let smdp: Es2plusServer;
let dataDir: string | null = null;
let dropDatabase: (() => Promise<void>) | null = null;

function config(): Config {
  return loadConfig({ ...env, LOG_LEVEL: 'silent' });
}

before(async () => {
  if (process.env.DATABASE_URL) {
    const database = await createTestDatabase(process.env.DATABASE_URL);
    dropDatabase = database.drop;
    env = { DATABASE_URL: database.url };
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'simexit-crash-'));
    env = { DATA_DIR: dataDir };
  }
  smdp = await startEs2plusServer();
  Object.assign(env, {
    ES2PLUS_URL: smdp.url,
    ES2PLUS_REQUESTER_ID: REQUESTER,
    DEMO_LATENCY_MS: '25',
    JOB_EXPIRE_SECONDS: '2',
    JOB_MAINTENANCE_SECONDS: '1',
    JOB_RETRY_LIMIT: '100',
    TIMER_SWEEP_SECONDS: '1',
    PUBLIC_URL: 'http://simexit.test',
  });

  // Bring CASES cases to `executing` in this process, then close the database for the worker.
  const clock = new ManualClock(new Date());
  const system = await openSystem(config(), { clock, logger: pino({ level: 'silent' }) });
  await system.demo!.seedSyntheticLines(CASES);
  for (let n = 0; n < CASES; n += 5) {
    const msisdn = `+4478${String(n).padStart(8, '0')}`;
    const profile = { eid: makeEid(`89049032${String(n).padStart(22, '0')}`), matchingId: `CRASH-${n}` };
    const line = await system
      .demo!.ddb.updateTable('lines')
      .set({
        product_type: 'esim',
        esim_profile_state: 'installed',
        esim_eid: profile.eid,
        esim_matching_id: profile.matchingId,
      })
      .where('msisdn', '=', msisdn)
      .returning('iccid')
      .executeTakeFirstOrThrow();
    await smdp.addProfiles([{ iccid: line.iccid, state: 'Installed', ...profile }]);
  }
  for (let n = 0; n < CASES; n++) {
    const credit = n % 500;
    await submitCancellation(
      system.context,
      { kind: 'subscriber', id: `synthetic-${String(n).padStart(7, '0')}`, scope: null },
      {
        msisdn: `+4478${String(n).padStart(8, '0')}`,
        decisions: {
          acceptEarlyTerminationCharge: false,
          balance: credit > 0 ? { option: 'forfeit' } : null,
          acknowledgedServiceIds: [],
        },
        requestedEndDate: null,
        confirmationEmail: null,
        leavingReason: null,
      },
      `crash-${n}`,
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
  await smdp?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await dropDatabase?.();
});

function startWorker(): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, [...simexitCommand, 'worker'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker started')) resolve();
    });
    child.on('exit', (code, signal) =>
      reject(new Error(`worker exited (${code ?? signal}) before it started: ${stderr}`)),
    );
  });
  return { child, ready };
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

/** Case states, plus `undelivered` outbox messages, read while no worker holds the database. */
async function progress(): Promise<Record<string, number>> {
  const system = await openSystem(config(), { seedDemo: false, logger: pino({ level: 'silent' }) });
  try {
    const { db } = system.context;
    const rows = await db
      .selectFrom('cases')
      .select(['state', sql<number>`count(*)::int`.as('n')])
      .groupBy('state')
      .execute();
    const undelivered = await db
      .selectFrom('outbox_messages')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('delivered_at', 'is', null)
      .executeTakeFirstOrThrow();
    return { ...Object.fromEntries(rows.map((row) => [row.state, row.n])), undelivered: undelivered.n };
  } finally {
    await system.close();
  }
}

test(
  `SIGKILL the worker ${KILLS} times during execution of ${CASES} cases: each completes exactly once`,
  // Generous: it starts a dozen worker processes, and a loaded machine must not make it time out.
  { timeout: 900_000 },
  async () => {
    for (let kill = 0; kill < KILLS; kill++) {
      const { child, ready } = startWorker();
      await ready;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(Math.random() * 1500)));
      child.kill('SIGKILL');
      await exited(child);
    }
    // Then let workers run (stopping them gracefully) until every case is done, with a bound.
    let states: Record<string, number> = {};
    for (let round = 0; round < 10; round++) {
      const { child, ready } = startWorker();
      await ready;
      await new Promise((resolve) => setTimeout(resolve, 5000));
      child.kill('SIGTERM');
      await exited(child);
      states = await progress();
      if (states.completed === CASES && states.undelivered === 0) break;
    }
    assert.deepEqual(states, { completed: CASES, undelivered: 0 }, `all cases completed: ${JSON.stringify(states)}`);

    const system = await openSystem(config(), { seedDemo: false, logger: pino({ level: 'silent' }) });
    try {
      const ddb = demoDb(system.context.db);
      const operations = await ddb
        .selectFrom('operations')
        .select([
          'operation',
          'msisdn',
          sql<number>`count(*)::int`.as('n'),
          sql<number>`sum(replays)::int`.as('replays'),
        ])
        .groupBy(['operation', 'msisdn'])
        .execute();
      const byOperation = (name: string) => operations.filter((o) => o.operation === name);
      assert.equal(byOperation('deactivate').length, CASES, 'every line deactivated');
      assert.ok(
        byOperation('deactivate').every((o) => o.n === 1),
        'each line deactivated once',
      );
      assert.equal(byOperation('final_bill').length, CASES, 'every line has a final bill');
      assert.ok(
        byOperation('final_bill').every((o) => o.n === 1),
        'one final bill per line',
      );
      assert.equal(byOperation('balance_forfeit').length, CASES - 1, 'every line with credit had its balance moved');
      assert.ok(
        byOperation('balance_forfeit').every((o) => o.n === 1),
        'one balance movement per line',
      );
      assert.ok(
        byOperation('quarantine').every((o) => o.n === 1),
        'each number quarantined once',
      );

      // Each eSIM line's profile cancelled once, as never to be reused; a repeat after a kill is
      // answered from the SM-DP+'s memory of the call, and no other line's profile is touched.
      const cases = await system.context.db.selectFrom('cases').select(['id', 'msisdn', 'iccid']).execute();
      const { calls, profiles } = await smdp.state();
      const cancelled = calls.filter((call) => call.function === 'cancelOrder' && call.outcome === 'executed');
      const esimCases = cases.filter((c) => isEsim(Number(c.msisdn.slice(-8))));
      assert.equal(esimCases.length, CASES / 5);
      assert.deepEqual(
        cancelled.map((call) => call.functionCallIdentifier).sort(),
        esimCases.map((c) => `release_esim_profile:${c.id}`).sort(),
        'one cancelOrder executed per eSIM line, none for the others',
      );
      for (const c of esimCases) {
        const profile = profiles.find((p) => p.iccid === c.iccid);
        assert.equal(profile?.state, 'Unavailable', `the profile of ${c.msisdn} is never to be reused`);
      }
      const esimReplays = calls.filter((call) => call.outcome === 'replayed').length;

      const outbox = await system.context.db
        .selectFrom('outbox_messages')
        .select(['id', 'delivered_at', 'template'])
        .execute();
      // Per case: receipt, cooling-off warning and completion, each by SMS and e-mail.
      assert.equal(outbox.filter((m) => m.template !== 'one_time_code').length, CASES * 3 * 2);
      assert.ok(
        outbox.every((m) => m.delivered_at !== null),
        'every outbox message delivered',
      );
      const inbox = await ddb.selectFrom('inbox').select(['message_id', 'replays']).execute();
      assert.equal(inbox.length, outbox.length, 'every message arrived once, none invented');
      const ids = new Set(outbox.map((m) => m.id));
      assert.ok(inbox.every((m) => ids.has(m.message_id)));

      const replays =
        operations.reduce((sum, o) => sum + o.replays, 0) + inbox.reduce((sum, m) => sum + m.replays, 0) + esimReplays;
      console.log(
        `# crash test: ${KILLS} kills; ${replays} repeated calls to outside systems were recognised by their keys`,
      );
    } finally {
      await system.close();
    }
  },
);
