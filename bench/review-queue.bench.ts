/**
 * Review-queue response time at scale, through the real HTTP API:
 *   npm run bench:queue
 *
 * For each engine, seeds a fresh database with set-based SQL (INSERT … SELECT generate_series) — a
 * baseline of 10,000 cases, then BENCH_CASES (default 1,000,000) — and measures BENCH_REQUESTS
 * (default 200) requests per view with `app.inject` and a supervisor's token: the default view, each
 * filter (market, channel, risk signal, state=needs_info, escalated) and page 2 via the cursor. Prints
 * p50/p95/max in milliseconds per view and the large/baseline ratio of each p95.
 *
 * The mix is what an operator's table looks like after a while: ~96 % of cases closed (completed,
 * withdrawn, rejected), ~3 % in review (with their review_deadline timers, a sixth of them overdue and
 * escalated), ~1 % waiting on the subscriber with the review clock paused, a few in other open states;
 * four markets, nine channels and the four risk signals in uneven proportions.
 *
 * Engines (BENCH_ENGINES, default `server,pglite`): `server` creates `simexit_bench_<pid>` on the
 * PostgreSQL server at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) and drops
 * it at the end; `pglite` uses embedded PGlite in memory. Both seed a million cases in 15–35 s on a
 * 2-core machine (the same INSERT … SELECT), so both run by default; the whole run takes about two minutes.
 */
import { benchEngines, withServerDatabase } from './support.js';
import pino from 'pino';
import { sql } from 'kysely';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { openSystem, type System } from '../src/system.js';

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const BASELINE = 10_000;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CHUNK = 100_000;
const WARM_UP = 50;
const NOW = new Date('2026-11-23T10:00:00Z');

const views: [string, string][] = [
  ['default', ''],
  ['market=DE', 'market=DE'],
  ['channel=mail', 'channel=mail'],
  ['riskSignal=agent_override', 'riskSignal=agent_override'],
  ['state=needs_info', 'state=needs_info'],
  ['escalated=true', 'escalated=true'],
  ['escalated=false', 'escalated=false'],
  ['page 2 (cursor)', 'PAGE2'],
];

/**
 * Rows `from..to` of the synthetic table. Every choice is a deterministic function of the row number
 * `n`, so a run is repeatable. Timestamps are whole milliseconds, like the ones the application writes.
 */
async function seedRange(system: System, from: number, to: number): Promise<void> {
  const now = NOW.toISOString();
  await sql`
    insert into cases (id, subscriber_id, msisdn, iccid, product_type, market, policy_version, channel, state,
      resume_state, review_route, approvals, card_return_required, escalated, risk_signals, decisions, checklist,
      verification, contacts, line_ends_on, received_at, reason_code, version, created_at, updated_at,
      review_due_at, review_remaining_ms)
    select gen_random_uuid(), 'bench-' || n, '+4477' || lpad(n::text, 9, '0'), '8944' || lpad(n::text, 15, '0'),
      'postpaid', market, 1, channel, state,
      case when state = 'needs_info' then 'in_review' end,
      case when state in ('in_review', 'needs_info') then
        case when risk_signals ? 'recent_sim_swap' then 'second_approver' else 'manual' end else 'auto' end,
      case when state = 'in_review' and risk_signals ? 'recent_sim_swap' and n % 3 = 0
        then '["bench-supervisor"]' else '[]' end::jsonb,
      false, state = 'in_review' and due < ${now}::timestamptz, risk_signals, '{}', '{}', '{}',
      jsonb_build_object('sms', '+4477' || lpad(n::text, 9, '0'), 'email', null),
      (received + interval '30 days')::date, received,
      case when state = 'rejected' then 'not_eligible' end, 3, received, received,
      case when state = 'in_review' then due end,
      case when state = 'needs_info' then (n * 53 % 4320) * 60000 end
    from (
      select n, market, channel, state, risk_signals,
        case when state in ('in_review', 'needs_info')
          then ${now}::timestamptz - (n % 7200) * interval '1 minute' - interval '1 day'
          else ${now}::timestamptz - (n % 1051200) * interval '1 minute' - interval '30 days' end as received,
        -- Deadlines from a day overdue to four days ahead, on the minute (ties exercise the tie-breakers).
        ${now}::timestamptz + ((n * 37) % 7200 - 1440) * interval '1 minute' as due
      from (
        select n,
          (array['UK','UK','UK','UK','DE','DE','DE','US','US','CN'])[n % 10 + 1] as market,
          (array['online','online','online','online','online','online','online','online','online','online',
                 'online','online','phone','phone','phone','store','store','chat','mail','email'])[n * 13 % 20 + 1]
            as channel,
          case when n::bigint * 7919 % 1000 < 30 then 'in_review'
               when n::bigint * 7919 % 1000 < 40 then 'needs_info'
               when n::bigint * 7919 % 1000 < 42 then 'cooling_off'
               when n::bigint * 7919 % 1000 < 44 then 'executing'
               when n::bigint * 7919 % 1000 < 140 then 'rejected'
               when n::bigint * 7919 % 1000 < 260 then 'withdrawn'
               else 'completed' end as state,
          (array['["recent_sim_swap"]','["recent_sim_swap"]','["recent_sim_swap"]','["recent_contact_change"]',
                 '["recent_contact_change"]','["recent_contact_change"]','["failed_verification_attempts"]',
                 '["agent_override"]','["recent_sim_swap","recent_contact_change"]','[]'])[n * 17 % 10 + 1]::jsonb
            as risk_signals
        from generate_series(${from}::int, ${to}::int) as n
      ) choices
    ) shaped
  `.execute(system.context.db);
}

async function seed(system: System, total: number, label: string): Promise<void> {
  const started = performance.now();
  for (let from = 1; from <= total; from += CHUNK) {
    const to = Math.min(total, from + CHUNK - 1);
    await seedRange(system, from, to);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `  ${label}: seeded ${to.toLocaleString('en')} / ${total.toLocaleString('en')} cases (${seconds.toFixed(0)} s)\n`,
    );
  }
  await sql`
    insert into timers (id, case_id, subscriber_id, kind, due_at, fired_at)
    select gen_random_uuid(), id, subscriber_id, 'review_deadline', review_due_at,
      case when escalated then review_due_at end
    from cases where state = 'in_review'
  `.execute(system.context.db);
  await sql`analyze`.execute(system.context.db);
  const counts = await sql<{ state: string; count: string }>`
    select state, count(*) from cases group by state order by count(*) desc
  `.execute(system.context.db);
  console.log(
    `  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s with timers and ANALYZE; ` +
      counts.rows.map((r) => `${r.state} ${Number(r.count).toLocaleString('en')}`).join(', '),
  );
}

interface ViewResult {
  view: string;
  rows: number;
  p50: number;
  p95: number;
  max: number;
}

async function measure(system: System): Promise<ViewResult[]> {
  const app = await buildApp({ context: system.context, demo: system.demo });
  try {
    const session = await app.inject({
      method: 'POST',
      url: '/v1/staff/sessions',
      payload: { email: 'supervisor@demo.simexit.test', password: 'simexit-demo' },
    });
    if (session.statusCode !== 201) throw new Error(`sign-in failed: ${session.body}`);
    const headers = { authorization: `Bearer ${session.json().token as string}` };
    const first = await app.inject({ method: 'GET', url: '/v1/staff/review-queue', headers });
    const cursor = first.json().nextCursor as string | null;
    const results: ViewResult[] = [];
    for (const [view, query] of views) {
      const url =
        query === 'PAGE2'
          ? `/v1/staff/review-queue?cursor=${encodeURIComponent(cursor ?? '')}`
          : `/v1/staff/review-queue${query ? `?${query}` : ''}`;
      const times: number[] = [];
      let rows = 0;
      // Warm-up requests fill caches, plans and the JIT, as on a server that has been running; without
      // them the first size measured (the baseline) pays for warming up the process.
      for (let i = 0; i < REQUESTS + WARM_UP; i += 1) {
        const t0 = performance.now();
        const response = await app.inject({ method: 'GET', url, headers });
        const elapsed = performance.now() - t0;
        if (response.statusCode !== 200) throw new Error(`${view}: ${response.statusCode} ${response.body}`);
        if (i >= WARM_UP) times.push(elapsed);
        rows = (response.json().cases as unknown[]).length;
      }
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
      results.push({ view, rows, p50: at(0.5), p95: at(0.95), max: times[times.length - 1]! });
    }
    return results;
  } finally {
    await app.close();
  }
}

async function runSize(engine: string, total: number): Promise<ViewResult[]> {
  const open = async (env: Record<string, string | undefined>) => {
    const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', DATABASE_POOL_SIZE: '4', ...env });
    const system = await openSystem(config, { clock: new ManualClock(NOW), logger: pino({ level: 'silent' }) });
    try {
      await seed(system, total, `${engine} ${total.toLocaleString('en')}`);
      return await measure(system);
    } finally {
      await system.close();
    }
  };
  return engine === 'server' ? withServerDatabase((url) => open({ DATABASE_URL: url })) : open({});
}

function print(engine: string, baseline: ViewResult[], large: ViewResult[]): void {
  const b = BASELINE.toLocaleString('en');
  const l = CASES.toLocaleString('en');
  console.log(`\nReview queue on ${engine}: ${REQUESTS} requests per view through app.inject (ms)`);
  console.log(
    `${'view'.padEnd(28)}${'rows'.padStart(5)} | ${`${b}: p50`.padStart(12)}${'p95'.padStart(7)}${'max'.padStart(7)} | ${`${l}: p50`.padStart(16)}${'p95'.padStart(7)}${'max'.padStart(7)} | p95 ×`,
  );
  for (const [index, small] of baseline.entries()) {
    const big = large[index]!;
    const f = (n: number, width: number) => n.toFixed(1).padStart(width);
    console.log(
      `${small.view.padEnd(28)}${String(big.rows).padStart(5)} | ${f(small.p50, 12)}${f(small.p95, 7)}${f(small.max, 7)} | ${f(big.p50, 16)}${f(big.p95, 7)}${f(big.max, 7)} | ${(big.p95 / small.p95).toFixed(2)}`,
    );
  }
}

const started = performance.now();
for (const engine of benchEngines) {
  if (engine !== 'server' && engine !== 'pglite') throw new Error(`unknown engine ${engine} (server or pglite)`);
  console.log(`${engine}: baseline ${BASELINE.toLocaleString('en')} cases, then ${CASES.toLocaleString('en')}`);
  const baseline = await runSize(engine, BASELINE);
  const large = await runSize(engine, CASES);
  print(engine, baseline, large);
}
console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
