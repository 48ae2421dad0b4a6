/**
 * A bulk deactivation run at national scale, end to end, against the PostgreSQL server:
 *   npm run bench:bulk                 (BENCH_LINES=1000000 by default; BENCH_LINES=100000 to scale down)
 *
 * Creates `simexit_bulk_bench_<pid>` on BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * seeds BENCH_LINES synthetic UK prepaid lines in the demo operator (set-based; not measured), then runs
 * one selector run ("not registered by 2027-01-01") with every stage delay zero and no throttle through
 * the same code the `bulk.advance` job runs (services/bulk-runs.service.ts advanceRun): the CRM pages,
 * then notice, outgoing bar, full bar, deactivation — cases, timeline events, audit entries, outbox
 * messages, network calls (the demo network's set-based batch interface, each action keyed), number
 * quarantine, ownership ledger. Message delivery (the bulk.deliver jobs) is not part of the figure.
 *
 * Then a baseline: the same row writes per stage as bare INSERT … SELECT / UPDATE statements over copies
 * of the same tables (same indexes, no foreign keys), in the same database, with ids of the same kind
 * (time-ordered, as db/time-ordered-ids.ts makes them, so both write the same index pattern). Prints
 * lines/s per stage for both and the ratio. The database is dropped at the end.
 */
import pg from 'pg';
import pino from 'pino';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { advanceRun, createRunFromSelector, runStageTimings, runView } from '../src/services/bulk-runs.service.js';
import { openSystem } from '../src/system.js';
import { forgetStatements, profileStatements, statementReport } from './statement-profile.js';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BATCH = Number(process.env.BENCH_BATCH ?? 5000);
const CHUNK = 100_000;
/** BENCH_PROFILE=1: time every statement at the client, and have the server log the plans of slow ones. */
const PROFILE = process.env.BENCH_PROFILE === '1';

const name = `simexit_bulk_bench_${process.pid}`;
const admin = new pg.Client({ connectionString: SERVER_URL });
await admin.connect();
await admin.query(`create database ${name}`);
if (PROFILE) {
  // auto_explain writes EXPLAIN (ANALYZE, BUFFERS) of every statement over 200 ms to the server's log.
  for (const setting of [
    `session_preload_libraries = 'auto_explain'`,
    `auto_explain.log_min_duration = '200ms'`,
    `auto_explain.log_analyze = on`,
    `auto_explain.log_buffers = on`,
    `auto_explain.log_timing = off`,
  ])
    await admin.query(`alter database ${name} set ${setting}`);
  profileStatements();
}
const url = new URL(SERVER_URL);
url.pathname = `/${name}`;

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');

try {
  const config = loadConfig({ DATABASE_URL: url.toString(), LOG_LEVEL: 'silent', DATABASE_POOL_SIZE: '8' });
  const system = await openSystem(config, { logger: pino({ level: 'silent' }), seedDemo: true });
  const { db } = system.context;
  const now = new Date();

  let t = process.hrtime.bigint();
  for (let from = 0; from < LINES; from += CHUNK) {
    const to = Math.min(LINES, from + CHUNK) - 1;
    await sql`
      insert into demo.subscribers (id, persona, description, name, account_login, email, date_of_birth, address,
        id_document_type, id_document_number, market, contact_changed_at)
      select 'bench-' || n, null, null, 'Bench Subscriber ' || n, 'bench.' || n, 'bench.' || n || '@example.net', null,
        n || ' Bench Street, London', null, null, 'UK', null
      from generate_series(${from}::int, ${to}::int) n`.execute(db);
    await sql`
      insert into demo.lines (msisdn, iccid, subscriber_id, product_type, market, sim_changed_at, contract_term_ends_on,
        prepaid, credit_minor, registered_at, last_activity_at)
      select '+4478' || lpad(n::text, 8, '0'), '8944' || lpad(n::text, 15, '0'), 'bench-' || n, 'sim', 'UK', null, null,
        true, n % 500, null, ${now}::timestamptz - interval '300 days'
      from generate_series(${from}::int, ${to}::int) n`.execute(db);
  }
  await sql`analyze`.execute(db);
  console.log(`seeded ${LINES.toLocaleString('en')} synthetic lines in ${seconds(t).toFixed(1)} s (not measured)`);

  forgetStatements();
  const actor = { kind: 'system' as const, id: 'bench' };
  const started = process.hrtime.bigint();
  const { run } = await createRunFromSelector(system.context, actor, {
    market: 'UK',
    name: 'bench: unregistered SIMs',
    linesPerSecond: 100_000,
    batchSize: BATCH,
    delaySeconds: { bar_outgoing: 0, bar_full: 0, deactivate: 0 },
    selector: { kind: 'unregistered', registeredBefore: '2027-01-01' },
  });
  t = process.hrtime.bigint();
  let prepared = 0;
  // The run's state alone, not its progress: counting a growing table after every page would be the bench's cost.
  const stateOf = async () =>
    (await db.selectFrom('bulk_runs').select('state').where('id', '=', run.id).executeTakeFirstOrThrow()).state;
  while ((await stateOf()) === 'preparing') await advanceRun(system.context, run.id, { sliceMs: 0 });
  prepared = (await runView(system.context, run.id)).progress.lines;
  const prepareSeconds = seconds(t);
  for (let view = await runView(system.context, run.id); view.state === 'running';) {
    await advanceRun(system.context, run.id, { sliceMs: 60_000 });
    view = await runView(system.context, run.id);
    process.stdout.write(
      `\r  ${Object.entries(view.progress.atStage)
        .map(([stage, n]) => `${stage} ${n}`)
        .join('  ')}  deactivated ${view.progress.ended.deactivated}   `,
    );
  }
  const total = seconds(started);
  process.stdout.write('\n');
  if (PROFILE) console.log(statementReport('engine, all stages'));
  const final = await runView(system.context, run.id);
  const timings = new Map((await runStageTimings(system.context, run.id)).map((r) => [r.stage, r]));

  const counts = await sql<{ cases: string; events: string; audit: string; outbox: string; ops: string; q: string }>`
    select (select count(*) from cases where channel = 'bulk') as cases, (select count(*) from case_events) as events,
      (select count(*) from audit_log) as audit, (select count(*) from outbox_messages) as outbox,
      (select count(*) from demo.operations) as ops, (select count(*) from number_quarantines) as q`.execute(db);
  console.log(
    `engine: ${final.progress.ended.deactivated.toLocaleString('en')} of ${prepared.toLocaleString('en')} lines deactivated ` +
      `in ${total.toFixed(1)} s (${JSON.stringify(counts.rows[0])})`,
  );

  // The baseline: the same rows, written by bare set-based statements over copies of the tables.
  await sql`
    create schema baseline;
    -- A time-ordered UUID (v7 layout: milliseconds, then random), as the engine gives a run's rows.
    create function baseline.uuid_v7() returns uuid language sql volatile as $$
      select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
        substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6),
        52, 1), 53, 1), 'hex')::uuid $$;
    create table baseline.cases (like public.cases including all);
    create table baseline.case_events (like public.case_events including all);
    create table baseline.audit_log (like public.audit_log including all);
    create table baseline.outbox_messages (like public.outbox_messages including all);
    create table baseline.timers (like public.timers including all);
    create table baseline.number_quarantines (like public.number_quarantines including all);
    create table baseline.number_ownership_events (like public.number_ownership_events including all);
    create table baseline.run_lines (like public.bulk_run_lines including all);
    create table baseline.operations (like demo.operations including all);
    create table baseline.lines (like demo.lines including all);
    create table baseline.number_inventory (like demo.number_inventory including all);
    insert into baseline.lines select * from demo.lines where subscriber_id like 'bench-%';
    update baseline.lines set status = 'active', barring = 'none', deactivated_at = null;
    alter table baseline.run_lines add column n bigint;
    insert into baseline.run_lines select *, row_number() over (order by id) - 1 from public.bulk_run_lines;
    update baseline.run_lines set status = 'pending', stage = null, case_id = null, stage_at = '{}';
    create index on baseline.run_lines (n);
    analyze;
  `.execute(db);
  const range = (from: number, to: number) => sql`from baseline.run_lines l where l.n >= ${from} and l.n < ${to}`;
  const within = (from: number, to: number) => sql`l.n >= ${from} and l.n < ${to}`;
  const baselineStage = async (stage: string, messages: ('sms' | 'email')[], network: string | null) => {
    const t0 = process.hrtime.bigint();
    for (let from = 0; from < prepared; from += CHUNK) {
      const to = from + CHUNK;
      if (stage === 'notice') {
        await sql`update baseline.run_lines l set case_id = baseline.uuid_v7(), status = 'active', stage = 'notice',
          stage_at = stage_at || jsonb_build_object('notice', now()::text)
          where ${within(from, to)}`.execute(db);
        await sql`insert into baseline.cases (id, subscriber_id, msisdn, iccid, product_type, market, policy_version,
            channel, state, approvals, card_return_required, escalated, risk_signals, decisions, checklist, verification,
            contacts, line_ends_on, received_at, termination_kind, filed_by, version, created_at, updated_at)
          select case_id, subscriber_id, msisdn, iccid, product_type, 'UK', 1, 'bulk', 'grace_period', '[]', false, false,
            '[]', '{}', jsonb_build_object('eligible', true, 'facts', jsonb_build_object('msisdn', msisdn)),
            '{"method":"bulk_run"}', jsonb_build_object('sms', msisdn, 'email', email), now()::date, now(), 'ordinary',
            'bench', 1, now(), now() ${range(from, to)}`.execute(db);
      } else {
        await sql`update baseline.run_lines l set stage = ${stage},
          stage_at = stage_at || jsonb_build_object(${stage}::text, now()::text) where ${within(from, to)}`.execute(db);
        await sql`update baseline.cases c set state = ${stage === 'deactivate' ? 'completed' : 'grace_period'},
          version = version + 1, updated_at = now() where c.id in (select case_id ${range(from, to)})`.execute(db);
      }
      await sql`insert into baseline.case_events (case_id, subscriber_id, type, from_state, to_state, actor_kind, actor_id,
          channel, data, at)
        select case_id, subscriber_id, ${stage}, 'grace_period', 'grace_period', 'system', 'bench', 'bulk', '{}', now()
        ${range(from, to)}`.execute(db);
      await sql`insert into baseline.audit_log (subscriber_id, actor_kind, actor_id, action, target, data, at)
        select subscriber_id, 'system', 'bench', ${`case.${stage}`}, 'case:' || case_id, '{}', now() ${range(from, to)}`.execute(
        db,
      );
      for (const channel of messages) {
        await sql`insert into baseline.outbox_messages (id, subscriber_id, case_id, channel, recipient, template, subject,
            body, dedupe_key, created_at)
          select baseline.uuid_v7(), subscriber_id, case_id, ${channel}, case when ${channel} = 'sms' then msisdn else email end,
            ${stage}, 'Action needed to keep your line', repeat('x', 300), 'bulk:' || case_id || ':' || ${stage} || ':' || ${channel},
            now() ${range(from, to)}`.execute(db);
      }
      if (network) {
        await sql`insert into baseline.operations (idempotency_key, operation, msisdn, data, first_at)
          select 'bulk:' || ${stage} || ':' || id, ${network}, msisdn, '{"ok":true}', now() ${range(from, to)}`.execute(
          db,
        );
        await sql`update baseline.lines b set barring = ${network === 'deactivate' ? 'none' : stage === 'bar_full' ? 'full' : 'outgoing'},
            status = ${network === 'deactivate' ? 'deactivated' : 'active'}
          where b.msisdn in (select msisdn ${range(from, to)})`.execute(db);
      }
      if (stage === 'deactivate') {
        await sql`insert into baseline.operations (idempotency_key, operation, msisdn, data, first_at)
          select 'bulk:quarantine:' || id, 'quarantine', msisdn, '{}', now() ${range(from, to)}`.execute(db);
        await sql`insert into baseline.number_inventory (msisdn, status, quarantined_until, updated_at)
          select msisdn, 'quarantined', now() + interval '90 days', now() ${range(from, to)}`.execute(db);
        await sql`insert into baseline.timers (id, case_id, subscriber_id, kind, due_at)
          select baseline.uuid_v7(), case_id, subscriber_id, 'quarantine_end', now() + interval '90 days' ${range(from, to)}`.execute(
          db,
        );
        await sql`insert into baseline.number_quarantines (case_id, subscriber_id, msisdn, market, quarantined_at, release_at)
          select case_id, subscriber_id, msisdn, 'UK', now(), now() + interval '90 days' ${range(from, to)}`.execute(
          db,
        );
        for (const event of ['deactivated', 'quarantined']) {
          await sql`insert into baseline.number_ownership_events (msisdn, subscriber_id, event, at, case_id, source,
              dedupe_key, recorded_at)
            select msisdn, subscriber_id, ${event}, now(), case_id, 'simexit', ${event} || ':' || case_id, now()
            ${range(from, to)}`.execute(db);
        }
        await sql`update baseline.run_lines l set status = 'deactivated', due_at = null
          where ${within(from, to)}`.execute(db);
      }
    }
    return seconds(t0);
  };
  const baseline = new Map<string, number>([
    ['notice', await baselineStage('notice', ['sms', 'email'], null)],
    ['bar_outgoing', await baselineStage('bar_outgoing', ['sms', 'email'], 'bar_outgoing')],
    ['bar_full', await baselineStage('bar_full', ['email'], 'bar_full')],
    ['deactivate', await baselineStage('deactivate', ['email'], 'deactivate')],
  ]);

  console.log(`\n${prepared.toLocaleString('en')} lines, batches of ${BATCH}, PostgreSQL server, 2 cores shared`);
  console.log(
    `prepare (CRM selector pages of 2000): ${prepareSeconds.toFixed(1)} s, ${rate(prepared, prepareSeconds)} lines/s`,
  );
  console.log('stage          engine s  engine lines/s  baseline s  baseline lines/s  engine/baseline time');
  let engineSum = 0;
  let baselineSum = 0;
  for (const stage of ['notice', 'bar_outgoing', 'bar_full', 'deactivate']) {
    const timing = timings.get(stage);
    const e = timing ? Number(timing.seconds) : NaN;
    const b = baseline.get(stage)!;
    engineSum += e;
    baselineSum += b;
    console.log(
      `${stage.padEnd(14)} ${e.toFixed(1).padStart(8)}  ${rate(prepared, e).padStart(14)}  ${b.toFixed(1).padStart(10)}  ` +
        `${rate(prepared, b).padStart(16)}  ${(e / b).toFixed(2).padStart(20)}`,
    );
  }
  console.log(
    `all stages     ${engineSum.toFixed(1).padStart(8)}  ${rate(prepared, engineSum).padStart(14)}  ${baselineSum
      .toFixed(1)
      .padStart(
        10,
      )}  ${rate(prepared, baselineSum).padStart(16)}  ${(engineSum / baselineSum).toFixed(2).padStart(20)}`,
  );
  console.log(`end to end (create → completed, incl. prepare): ${total.toFixed(1)} s`);
  await system.close();
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
