/**
 * What one progress read of a big bulk run costs (the console polls it every few seconds while a run
 * moves, and the run list reads one per run):
 *   npm run bench:bulk-progress        (BENCH_LINES=100000, BENCH_POLLS=50, BENCH_ENGINES=server,pglite)
 *
 * Writes one run of BENCH_LINES lines straight into bulk_run_lines (set-based, not measured), spread
 * over every stage and ending as a run in its middle is (a fifth pending, a fifth at each of the three
 * open stages, the rest ended), plus a minute of batches for the rate; then times GET
 * /v1/admin/bulk-runs/:id's read (services/bulk-runs.service.ts runView) BENCH_POLLS times, after
 * ANALYZE and VACUUM as autovacuum would leave the table, beside the grouped count it replaced; then
 * the cost the count triggers add to a statement moving 5,000 lines (as a batch does), with and without
 * them, and checks the kept counts against a count of the lines. Prints p50 / p95 / max in milliseconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { runView } from '../src/services/bulk-runs.service.js';
import { openSystem } from '../src/system.js';

const LINES = Number(process.env.BENCH_LINES ?? 100_000);
const POLLS = Number(process.env.BENCH_POLLS ?? 50);
const ENGINES = (process.env.BENCH_ENGINES ?? 'server,pglite').split(',');
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function measure(engine: string, env: Record<string, string>) {
  const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
  const system = await openSystem(config, { logger: pino({ level: 'silent' }), seedDemo: false });
  try {
    const { db } = system.context;
    const runId = crypto.randomUUID();
    const now = new Date();
    await sql`
      insert into bulk_runs (id, market, name, state, source, selector, stages, delay_seconds, lines_per_second,
        batch_size, policy_version, created_by, created_at, updated_at, started_at, next_due_at)
      values (${runId}::uuid, 'UK', 'bench: progress', 'running', 'csv', null,
        '["notice","bar_outgoing","bar_full","deactivate"]'::jsonb,
        '{"bar_outgoing":86400,"bar_full":86400,"deactivate":86400}'::jsonb, 1000, 1000, 1, 'bench', ${now}::timestamptz,
        ${now}::timestamptz, ${now}::timestamptz, null)`.execute(db);
    // n % 10: 0–1 pending, 2–3 noticed, 4–5 outgoing barred, 6–7 fully barred, 8 deactivated, 9 failed or reinstated.
    await sql`
      insert into bulk_run_lines (id, run_id, row_number, msisdn, iccid, subscriber_id, product_type, status, stage,
        due_at, reason, updated_at)
      select gen_random_uuid(), ${runId}::uuid, n + 2, '+4478' || lpad(n::text, 8, '0'), '8944' || lpad(n::text, 15, '0'),
        'bench-' || n, 'sim',
        case when n % 10 < 2 then 'pending' when n % 10 < 8 then 'active' when n % 10 = 8 then 'deactivated'
          when n % 20 = 9 then 'failed' else 'reinstated' end,
        case when n % 10 < 2 then null when n % 10 < 4 then 'notice' when n % 10 < 6 then 'bar_outgoing'
          when n % 10 < 8 then 'bar_full' when n % 10 = 8 then 'deactivate' else null end,
        case when n % 10 < 8 then ${now}::timestamptz + (n % 1000) * interval '1 minute' else null end,
        case when n % 20 = 9 then 'network_refused' when n % 10 = 9 then 'cause_fixed' else null end,
        ${now}::timestamptz
      from generate_series(0, ${LINES - 1}::int) n`.execute(db);
    await sql`
      insert into bulk_run_batches (id, run_id, stage, lines, reinstated, failed, started_at, finished_at, case_ids)
      select gen_random_uuid(), ${runId}::uuid, 'bar_full', 1000, 0, 0, ${now}::timestamptz - s * interval '1 second',
        ${now}::timestamptz - s * interval '1 second', '{}'
      from generate_series(1, 60) s`.execute(db);
    await sql`vacuum analyze bulk_run_lines`.execute(db);
    const timed = async (what: () => Promise<unknown>, times: number) => {
      const ms: number[] = [];
      for (let i = 0; i < times; i++) {
        const t = process.hrtime.bigint();
        await what();
        ms.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      ms.sort((a, b) => a - b);
      return `p50 ${percentile(ms, 0.5).toFixed(1)} ms, p95 ${percentile(ms, 0.95).toFixed(1)} ms, max ${ms[ms.length - 1]!.toFixed(1)} ms`;
    };
    // Before migration 0022: the progress read counted the run's lines.
    const countLines = () =>
      sql`select status, stage, count(*) from bulk_run_lines where run_id = ${runId}::uuid group by status, stage`.execute(
        db,
      );
    await countLines();
    await runView(system.context, runId);
    console.log(`${engine.padEnd(8)} ${LINES.toLocaleString('en')} lines, ${POLLS} reads each`);
    console.log(`  counting the lines (before):        ${await timed(countLines, POLLS)}`);
    console.log(`  runView from the kept counts (now): ${await timed(() => runView(system.context, runId), POLLS)}`);

    // What keeping the counts costs a batch: one statement moving 5,000 lines on a stage, as moveLines does.
    let stage = 0;
    const stageNames = ['bar_outgoing', 'bar_full'];
    const moveBatch = () =>
      sql`update bulk_run_lines set stage = ${stageNames[stage++ % 2]!}, updated_at = now()
          where id in (select id from bulk_run_lines where run_id = ${runId}::uuid and status = 'active'
                       order by id limit 5000)`.execute(db);
    const MOVES = 20;
    await sql`alter table bulk_run_lines disable trigger user`.execute(db);
    console.log(`  moving 5,000 lines, no count triggers:   ${await timed(moveBatch, MOVES)}`);
    // The counts are rebuilt after the untracked moves above, then must follow the tracked ones exactly.
    await sql`delete from bulk_run_line_counts where run_id = ${runId}::uuid`.execute(db);
    await sql`insert into bulk_run_line_counts (run_id, status, stage, lines)
      select run_id, status, coalesce(stage, ''), count(*) from bulk_run_lines where run_id = ${runId}::uuid
      group by 1, 2, 3`.execute(db);
    await sql`alter table bulk_run_lines enable trigger user`.execute(db);
    console.log(`  moving 5,000 lines, with count triggers: ${await timed(moveBatch, MOVES)}`);
    const counted = (await countLines()).rows as { status: string; stage: string | null; count: string }[];
    const kept = (
      await sql<{ status: string; stage: string; lines: string }>`
      select status, stage, lines from bulk_run_line_counts where run_id = ${runId}::uuid and lines <> 0`.execute(db)
    ).rows;
    const key = (status: string, stage: string | null) => `${status}/${stage ?? ''}`;
    const a = Object.fromEntries(counted.map((r) => [key(r.status, r.stage), Number(r.count)]));
    const b = Object.fromEntries(kept.map((r) => [key(r.status, r.stage), Number(r.lines)]));
    if (JSON.stringify(Object.entries(a).sort()) !== JSON.stringify(Object.entries(b).sort()))
      throw new Error(`kept counts differ from the lines: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  } finally {
    await system.close();
  }
}

for (const engine of ENGINES) {
  if (engine === 'server') {
    const name = `simexit_bulk_progress_${process.pid}`;
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(SERVER_URL);
    url.pathname = `/${name}`;
    try {
      await measure('server', { DATABASE_URL: url.toString() });
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'simexit-bulk-progress-'));
    try {
      await measure('pglite', { DATA_DIR: dir });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
