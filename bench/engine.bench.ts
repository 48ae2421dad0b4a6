/**
 * Background throughput of the engine against what its own queue can do, on the same database in
 * one run:
 *   npm run bench:engine        (BENCH_ENGINES=server,pglite; BENCH_CASES, default 2000)
 *
 * 1. raw pg-boss: BENCH_RAW_JOBS empty jobs inserted at once, then a fetch-and-complete loop of
 *    batch 20 — the ceiling of the queue itself on this database;
 * 2. simexit: BENCH_CASES cancellations submitted through the service layer, then, one stage at a
 *    time with only that stage's lanes running (defaults of JOB_CONCURRENCY / JOB_BATCH_SIZE):
 *    - messages delivered (the receipts, SMS and e-mail, through the demo operator's channels),
 *    - cases assessed (re-verification, eligibility with the demo BSS, risk, cooling-off started),
 *    - cases executed after cooling-off (deactivation, final bill, balance, bound services,
 *      quarantine, ownership ledger), with the demo operator as the network and billing.
 * Each rate is printed beside the raw figure as a ratio.
 */
import PgBoss from 'pg-boss';
import pino from 'pino';
import { sql } from 'kysely';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { laneOptions, type QueueName } from '../src/jobs/queue.js';
import { submitCancellation } from '../src/services/intake.service.js';
import { fireDueTimers } from '../src/services/timers.service.js';
import { openSystem, type System } from '../src/system.js';
import { benchEngines, waitUntil, withServerDatabase } from './support.js';

const CASES = Number(process.env.BENCH_CASES ?? 2000);
const RAW_JOBS = Number(process.env.BENCH_RAW_JOBS ?? 20_000);
const HOUR = 3_600_000;

interface Figures {
  engine: string;
  rawJobsPerSecond: number;
  messages: number;
  messagesPerSecond: number;
  assessed: number;
  assessedPerSecond: number;
  executed: number;
  executedPerSecond: number;
}

/** pg-boss's own fetch-and-complete loop, batch 20, on the database simexit uses. */
async function rawPgBoss(system: System): Promise<number> {
  const boss = new PgBoss({
    db: system.database.executor as unknown as PgBoss.Db,
    schema: 'pgboss',
    supervise: false,
    schedule: false,
    migrate: false,
  } as PgBoss.ConstructorOptions);
  boss.on('error', () => {});
  await boss.start();
  const name = 'bench.raw';
  await boss.createQueue(name, { name, policy: 'standard' });
  for (let sent = 0; sent < RAW_JOBS; sent += 5000) {
    const size = Math.min(5000, RAW_JOBS - sent);
    await boss.insert(Array.from({ length: size }, (_, i) => ({ name, data: { id: String(sent + i) } })));
  }
  const started = performance.now();
  let done = 0;
  for (;;) {
    const jobs = await boss.fetch(name, { batchSize: 20 });
    if (jobs.length === 0) break;
    await boss.complete(
      name,
      jobs.map((job) => job.id),
    );
    done += jobs.length;
  }
  const seconds = (performance.now() - started) / 1000;
  await boss.stop({ graceful: false, close: false } as PgBoss.StopOptions);
  if (done !== RAW_JOBS) throw new Error(`raw pg-boss completed ${done} of ${RAW_JOBS} jobs`);
  return done / seconds;
}

async function count(system: System, query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  const { rows } = await query.execute(system.context.db);
  return Number(rows[0]?.n);
}

/** Runs only the lanes of `queues` until `finished` holds; returns the seconds it took. */
async function stage(system: System, queues: QueueName[], finished: () => Promise<boolean>): Promise<number> {
  const all = laneOptions(system.context.config);
  const started = performance.now();
  process.stdout.write(`  ${queues.join(' + ')}…`);
  const lanes = system.context.queue.work(system.handlers, Object.fromEntries(queues.map((name) => [name, all[name]])));
  try {
    await waitUntil(finished, 20 * 60_000, `${queues.join(', ')} to finish`);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(` ${seconds.toFixed(1)} s\n`);
    return seconds;
  } finally {
    await lanes.stop();
  }
}

async function measure(engine: string, env: Record<string, string | undefined>): Promise<Figures> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', ...env });
  const clock = new ManualClock(new Date());
  const system = await openSystem(config, { clock, logger: pino({ level: 'silent' }) });
  try {
    const rawJobsPerSecond = await rawPgBoss(system);

    await system.demo!.seedSyntheticLines(CASES);
    process.stdout.write(`${engine}: submitting ${CASES} cancellations…`);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < CASES) {
          const n = next++;
          await submitCancellation(
            system.context,
            { kind: 'subscriber', id: `synthetic-${String(n).padStart(7, '0')}`, scope: null },
            {
              msisdn: `+4478${String(n).padStart(8, '0')}`,
              decisions: {
                acceptEarlyTerminationCharge: false,
                balance: n % 500 > 0 ? { option: 'forfeit' } : null,
                acknowledgedServiceIds: [],
              },
              requestedEndDate: null,
              confirmationEmail: null,
              leavingReason: null,
            },
            `bench-engine-${n}`,
          );
        }
      }),
    );
    process.stdout.write(' done\n');

    const undelivered = sql<{
      n: number;
    }>`select count(*)::int as n from outbox_messages where delivered_at is null and failed_at is null`;
    const messages = await count(system, undelivered);
    const messageSeconds = await stage(
      system,
      ['outbox.urgent', 'outbox.deliver'],
      async () => (await count(system, undelivered)) === 0,
    );

    const unassessed = sql<{
      n: number;
    }>`select count(*)::int as n from cases where state in ('submitted', 'verifying', 'eligibility')`;
    const assessed = await count(system, unassessed);
    const assessSeconds = await stage(system, ['case.assess'], async () => (await count(system, unassessed)) === 0);

    clock.advance(25 * HOUR);
    while ((await fireDueTimers(system.context, 1000)) > 0) {
      // cooling-off ends: auto-approved cases move to executing, each with its execution.run job
    }
    const executing = sql<{ n: number }>`select count(*)::int as n from cases where state = 'executing'`;
    const toExecute = await count(system, executing);
    const executeSeconds = await stage(system, ['execution.run'], async () => (await count(system, executing)) === 0);
    const completed = await count(
      system,
      sql<{ n: number }>`select count(*)::int as n from cases where state = 'completed'`,
    );
    if (completed !== toExecute) throw new Error(`${completed} of ${toExecute} executing cases completed`);

    return {
      engine,
      rawJobsPerSecond,
      messages,
      messagesPerSecond: messages / messageSeconds,
      assessed,
      assessedPerSecond: assessed / assessSeconds,
      executed: completed,
      executedPerSecond: completed / executeSeconds,
    };
  } finally {
    await system.close();
  }
}

const results: Figures[] = [];
for (const engine of benchEngines) {
  if (engine === 'server') {
    results.push(await withServerDatabase((url) => measure('postgresql (server)', { DATABASE_URL: url })));
  } else if (engine === 'pglite') {
    results.push(await measure('pglite (embedded)', {}));
  } else {
    throw new Error(`Unknown engine "${engine}" in BENCH_ENGINES (server, pglite).`);
  }
}

console.log(`\nEngine throughput, ${CASES} cases (raw pg-boss: ${RAW_JOBS} empty jobs, fetch+complete batch 20)`);
console.log('engine                 raw jobs/s   what                       n      per s   ratio to raw');
for (const r of results) {
  const row = (what: string, n: number, perSecond: number) =>
    console.log(
      `${''.padEnd(22)} ${''.padStart(10)}   ${what.padEnd(22)} ${String(n).padStart(6)} ${perSecond.toFixed(0).padStart(9)}   ${(perSecond / r.rawJobsPerSecond).toFixed(3)}`,
    );
  console.log(`${r.engine.padEnd(22)} ${r.rawJobsPerSecond.toFixed(0).padStart(10)}`);
  row('messages delivered', r.messages, r.messagesPerSecond);
  row('cases assessed', r.assessed, r.assessedPerSecond);
  row('cases executed', r.executed, r.executedPerSecond);
}
