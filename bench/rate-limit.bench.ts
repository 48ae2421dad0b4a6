/**
 * What a rate-limited request costs now that its count lives in PostgreSQL:
 *   npm run bench:rate-limit
 *
 * For each engine (BENCH_ENGINES, default `server,pglite`), opens a fresh database and times the one
 * upsert per request (hitRateLimit): BENCH_HITS (default 5,000) hits one after another, half on one
 * hot key (one client hammering) and half on distinct keys (many clients), printing p50/p95/max in
 * milliseconds; then the same number of hits BENCH_CONCURRENCY (default 20) at a time over the
 * process's pool (DATABASE_POOL_SIZE 10 on the server; PGlite has one connection), printing hits per
 * second. The server engine creates `simexit_bench_rl_<pid>` at BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres) and drops it at the end.
 */
import pg from 'pg';
import { migrate, openDatabase, type Database } from '../src/db/database.js';
import { hitRateLimit } from '../src/db/repositories/rate-limits.repository.js';

const HITS = Number(process.env.BENCH_HITS ?? 5_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const ENGINES = (process.env.BENCH_ENGINES ?? 'server,pglite').split(',').map((e) => e.trim());
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function quantiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `p50 ${at(0.5).toFixed(2)}  p95 ${at(0.95).toFixed(2)}  max ${sorted.at(-1)!.toFixed(2)} ms`;
}

async function sequential(database: Database, keyOf: (n: number) => string): Promise<number[]> {
  const samples: number[] = [];
  for (let n = 0; n < HITS / 2; n++) {
    const started = performance.now();
    await hitRateLimit(database.db, keyOf(n), 60_000);
    samples.push(performance.now() - started);
  }
  return samples;
}

async function concurrent(database: Database, keyOf: (n: number) => string): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < HITS) await hitRateLimit(database.db, keyOf(next++), 60_000);
    }),
  );
  return HITS / ((performance.now() - started) / 1000);
}

async function run(engine: string): Promise<void> {
  let drop: (() => Promise<void>) | null = null;
  let databaseUrl: string | undefined;
  if (engine === 'server') {
    const name = `simexit_bench_rl_${process.pid}`;
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(SERVER_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    drop = async () => {
      const client = new pg.Client({ connectionString: SERVER_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  }
  const database = await openDatabase({ databaseUrl, dataDir: 'memory://', poolSize: 10 });
  try {
    await migrate(database.db);
    for (let n = 0; n < 200; n++) await hitRateLimit(database.db, `warm-up ${n % 10}`, 60_000);
    const hot = await sequential(database, () => 'POST /v1/staff/sessions 198.51.100.7');
    const many = await sequential(database, (n) => `POST /v1/auth/codes 10.${n >> 16}.${(n >> 8) & 255}.${n & 255}`);
    const hotRate = await concurrent(database, () => 'POST /oauth/token 198.51.100.8');
    const manyRate = await concurrent(database, (n) => `POST /oauth/token 10.9.${(n >> 8) & 255}.${n & 255}`);
    console.log(`${engine.padEnd(7)} one after another, one key:    ${quantiles(hot)}`);
    console.log(`${engine.padEnd(7)} one after another, many keys:  ${quantiles(many)}`);
    console.log(
      `${engine.padEnd(7)} ${CONCURRENCY} at a time: one key ${Math.round(hotRate)} hits/s, many keys ${Math.round(manyRate)} hits/s`,
    );
  } finally {
    await database.close();
    await drop?.();
  }
}

for (const engine of ENGINES) await run(engine);
