/**
 * Intake and assessment throughput on both engines, measured in one run:
 *   npm run bench            (embedded PGlite, plus the server in BENCH_DATABASE_URL if set)
 * Prints submissions per second with p50/p95 latency, then the assessment jobs per second the
 * worker path achieves, and the server/embedded ratio of each.
 */
import pg from 'pg';
import pino from 'pino';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { submitCancellation } from '../src/services/intake.service.js';
import { openSystem } from '../src/system.js';

const LINES = Number(process.env.BENCH_LINES ?? 1000);

interface Result {
  engine: string;
  submitPerSecond: number;
  p50: number;
  p95: number;
  jobsPerSecond: number;
}

async function measure(engine: string, env: Record<string, string | undefined>): Promise<Result> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', ...env });
  const system = await openSystem(config, { clock: new ManualClock(new Date()), logger: pino({ level: 'silent' }) });
  try {
    await system.demo!.seedSyntheticLines(LINES);
    const latencies: number[] = [];
    const started = performance.now();
    for (let n = 0; n < LINES; n++) {
      const t0 = performance.now();
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
        `bench-${n}`,
      );
      latencies.push(performance.now() - t0);
    }
    const submitSeconds = (performance.now() - started) / 1000;
    const drainStarted = performance.now();
    const jobs = await system.context.queue.drain(system.handlers);
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    return {
      engine,
      submitPerSecond: LINES / submitSeconds,
      p50: at(0.5),
      p95: at(0.95),
      jobsPerSecond: jobs / drainSeconds,
    };
  } finally {
    await system.close();
  }
}

async function withServerDatabase<T>(url: string, run: (databaseUrl: string) => Promise<T>): Promise<T> {
  const name = `simexit_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const target = new URL(url);
    target.pathname = `/${name}`;
    return await run(target.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const results = [await measure('pglite (embedded)', {})];
if (process.env.BENCH_DATABASE_URL) {
  results.push(
    await withServerDatabase(process.env.BENCH_DATABASE_URL, (url) =>
      measure('postgresql (server)', { DATABASE_URL: url }),
    ),
  );
}
console.log(
  `\nIntake of ${LINES} cancellations, one at a time, through the service layer (checklist + one transaction each):`,
);
console.log('engine                 submit/s   p50 ms   p95 ms   jobs/s (assess + deliver)');
for (const r of results) {
  console.log(
    `${r.engine.padEnd(22)} ${r.submitPerSecond.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.jobsPerSecond.toFixed(0).padStart(10)}`,
  );
}
if (results.length === 2) {
  const [embedded, server] = results as [Result, Result];
  console.log(
    `server / embedded: submit ×${(server.submitPerSecond / embedded.submitPerSecond).toFixed(2)}, jobs ×${(server.jobsPerSecond / embedded.jobsPerSecond).toFixed(2)}`,
  );
}
