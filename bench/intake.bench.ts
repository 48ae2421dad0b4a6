/**
 * HTTP intake over real sockets against the minimum transaction a submission must write, run at
 * the same concurrency on the same database in one run:
 *   npm run bench:intake      (BENCH_ENGINES=server,pglite; BENCH_ORDERS per concurrency, default 2000;
 *                              BENCH_CONNECTIONS, default 8,32)
 *
 * simexit: one API process (`simexit serve --roles api`, a child process like a deployment's)
 * takes TMF622 termination orders from the demo BSS client, one per distinct synthetic line, over
 * keep-alive connections: validation, OAuth token, checklist with the demo BSS, the case and its
 * event, audit entry, receipt messages and jobs in one transaction, and the answer.
 *
 * Baseline: the same number of transactions straight on the database, through a pg.Pool of the
 * same size, each writing what a submission must durably write: it reads the line and its account
 * (demo.lines, demo.subscribers), then in one transaction inserts a case row, its event, an audit
 * row, two outbox rows (SMS and e-mail receipt), the idempotency key and one job row, and commits.
 *
 * Prints requests/s, p50/p99 and the API process's peak RSS beside the baseline, and the ratio.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { openSystem } from '../src/system.js';
import { benchEngines, quantile, withServerDatabase } from './support.js';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 2000);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '8,32').split(',').map(Number);
const POOL_SIZE = 10;
const WARM_UP = 200;

interface Run {
  perSecond: number;
  p50: number;
  p99: number;
}

interface Row {
  engine: string;
  connections: number;
  http: Run;
  baseline: Run | null;
  rssMiB: number;
}

async function loop(total: number, connections: number, one: (n: number) => Promise<void>): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < total) {
        const n = next++;
        const t0 = performance.now();
        await one(n);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: total / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

const msisdnOf = (n: number) => `+4478${String(n).padStart(8, '0')}`;

/** Starts `simexit serve --roles api` on a free port and resolves with its base URL. */
async function startApi(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_CPU_PROF] : []),
      '--import',
      'tsx',
      'src/main.ts',
      'serve',
      '--roles',
      'api',
    ],
    {
      env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const base = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /API:\s+(http:\/\/[^/\s]+)\/v1/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the API process exited (${code}) before listening:\n${output}`)));
  });
  child.stdout!.resume();
  return { child, base };
}

/** CPU time a process has used in user and system mode, in ms, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function measureHttp(base: string, offset: number, total: number, connections: number): Promise<Run> {
  const tokenResponse = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'demo-bss',
      client_secret: 'demo-bss-secret',
    }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  // node:http with a keep-alive agent, one socket per connection: the load generator shares the two
  // cores with the API and the database, and fetch() costs it several times more CPU per request.
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const cpu = process.cpuUsage();
  const run = await loop(total, connections, async (i) => {
    const n = offset + i;
    const msisdn = msisdnOf(n);
    const response = await post(agent, `${base}/tmf-api/productOrderingManagement/v4/productOrder`, token, {
      externalId: `bench-${n}`,
      productOrderItem: [
        {
          id: '1',
          action: 'delete',
          product: {
            id: msisdn,
            productCharacteristic: [
              { name: 'MSISDN', value: msisdn },
              ...(n % 500 > 0 ? [{ name: 'balanceDisposition', value: 'forfeit' }] : []),
            ],
          },
        },
      ],
    });
    if (response.status !== 201) throw new Error(`order ${n}: ${response.status} ${response.body}`);
  });
  agent.destroy();
  const used = process.cpuUsage(cpu);
  console.log(`    load generator CPU ${((used.user + used.system) / 1000 / total).toFixed(2)} ms per order`);
  return run;
}

/** POSTs JSON over `agent` and resolves with the status and body text. */
function post(
  agent: http.Agent,
  url: string,
  token: string,
  payload: unknown,
): Promise<{ status: number; body: string }> {
  const body = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function measureBaseline(url: string, offset: number, connections: number): Promise<Run> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  // pool.end() resolves before its sockets have closed; dropping the database then terminates them,
  // which an idle client reports as an error on the pool (seen as a crash after the last row).
  pool.on('error', () => {});
  const cpu = process.cpuUsage();
  try {
    return await loop(ORDERS, connections, async (i) => {
      const n = offset + i;
      const msisdn = msisdnOf(n);
      const client = await pool.connect();
      try {
        const line = (await client.query('select * from demo.lines where msisdn = $1', [msisdn])).rows[0];
        await client.query('select * from demo.subscribers where id = $1', [line.subscriber_id]);
        const caseId = randomUUID();
        const now = new Date();
        await client.query('begin');
        await client.query(
          `insert into cases (id, subscriber_id, msisdn, iccid, product_type, market, policy_version, channel, state,
             card_return_required, decisions, checklist, verification, contacts, received_at, line_ends_on,
             created_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, 1, 'bss', 'submitted', false, '{}', '{}', '{}', $7, $8, $9, $8, $8)`,
          [
            caseId,
            line.subscriber_id,
            msisdn,
            line.iccid,
            line.product_type,
            line.market,
            JSON.stringify({ sms: msisdn, email: null }),
            now,
            now.toISOString().slice(0, 10),
          ],
        );
        await client.query(
          `insert into case_events (case_id, subscriber_id, type, from_state, to_state, actor_kind, actor_id, data, at)
           values ($1, $2, 'submit', 'draft', 'submitted', 'system', 'bench', '{}', $3)`,
          [caseId, line.subscriber_id, now],
        );
        await client.query(
          `insert into audit_log (subscriber_id, actor_kind, actor_id, action, target, data, at)
           values ($1, 'system', 'bench', 'case.submit', $2, '{}', $3)`,
          [line.subscriber_id, `case:${caseId}`, now],
        );
        for (const channel of ['sms', 'email']) {
          await client.query(
            `insert into outbox_messages (id, subscriber_id, case_id, channel, recipient, template, subject, body, dedupe_key, created_at)
             values ($1, $2, $3, $4, $5, 'receipt', 'Receipt', 'We received your cancellation.', $6, $7)`,
            [randomUUID(), line.subscriber_id, caseId, channel, msisdn, `bench:${caseId}:${channel}`, now],
          );
        }
        await client.query(
          `insert into idempotency_keys (scope, key, subscriber_id, request_hash, case_id, created_at)
           values ('bench', $1, $2, 'hash', $3, $4)`,
          [`bench-baseline-${n}`, line.subscriber_id, caseId, now],
        );
        await client.query(`insert into pgboss.job (name, data, singleton_key) values ('case.assess', $1, $2)`, [
          JSON.stringify({ id: caseId }),
          `bench-baseline:${caseId}`,
        ]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    });
  } finally {
    const used = process.cpuUsage(cpu);
    console.log(
      `    baseline client CPU ${((used.user + used.system) / 1000 / ORDERS).toFixed(2)} ms per transaction (user ${(used.user / 1000 / ORDERS).toFixed(2)}, system ${(used.system / 1000 / ORDERS).toFixed(2)})`,
    );
    await pool.end();
  }
}

async function measure(engine: string, databaseUrl: string | null): Promise<Row[]> {
  const lines = (ORDERS * (databaseUrl ? 2 : 1) + WARM_UP) * CONNECTIONS.length;
  const dataDir = mkdtempSync(join(tmpdir(), 'simexit-bench-intake-'));
  const env: Record<string, string> = databaseUrl
    ? { DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: String(POOL_SIZE) }
    : { DATA_DIR: dataDir };
  // Seed, then close: the API process opens the database itself (PGlite allows one process).
  const system = await openSystem(loadConfig({ LOG_LEVEL: 'silent', ...env }), { logger: pino({ level: 'silent' }) });
  process.stdout.write(`${engine}: seeding ${lines} synthetic lines…`);
  await system.demo!.seedSyntheticLines(lines);
  await system.close();
  process.stdout.write(' done\n');
  const rows: Row[] = [];
  let offset = 0;
  for (const connections of CONNECTIONS) {
    const { child, base } = await startApi(env);
    // Warm-up: the first requests pay for JIT and connection set-up.
    await measureHttp(base, offset, WARM_UP, connections);
    offset += WARM_UP;
    const cpuBefore = cpuMs(child.pid!);
    const http = await measureHttp(base, offset, ORDERS, connections);
    const cpuAfter = cpuMs(child.pid!);
    const user = (cpuAfter.user - cpuBefore.user) / ORDERS;
    const system = (cpuAfter.system - cpuBefore.system) / ORDERS;
    console.log(
      `    API process CPU ${(user + system).toFixed(2)} ms per order (user ${user.toFixed(2)}, system ${system.toFixed(2)})`,
    );
    offset += ORDERS;
    const rss = rssMiB(child.pid!);
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    // PGlite is in-process only, so its baseline would measure a different thing: server only.
    const baseline = databaseUrl ? await measureBaseline(databaseUrl, offset, connections) : null;
    if (databaseUrl) offset += ORDERS;
    rows.push({ engine, connections, http, baseline, rssMiB: rss });
    console.log(
      `  ${connections} connections: ${http.perSecond.toFixed(0)}/s over HTTP` +
        (baseline ? `, ${baseline.perSecond.toFixed(0)}/s baseline` : ''),
    );
  }
  rmSync(dataDir, { recursive: true, force: true });
  return rows;
}

const rows: Row[] = [];
for (const engine of benchEngines) {
  if (engine === 'server') rows.push(...(await withServerDatabase((url) => measure('postgresql (server)', url))));
  else if (engine === 'pglite') rows.push(...(await measure('pglite (embedded)', null)));
  else throw new Error(`Unknown engine "${engine}" in BENCH_ENGINES (server, pglite).`);
}

console.log(`\nHTTP intake: ${ORDERS} TMF622 termination orders per row, distinct lines, one API process`);
console.log('engine                conns   orders/s  p50 ms  p99 ms  RSS MiB │ baseline tx/s  p50 ms  p99 ms │ ratio');
for (const r of rows) {
  const b = r.baseline;
  console.log(
    `${r.engine.padEnd(21)} ${String(r.connections).padStart(5)} ${r.http.perSecond.toFixed(0).padStart(10)} ${r.http.p50.toFixed(1).padStart(7)} ${r.http.p99.toFixed(1).padStart(7)} ${r.rssMiB.toFixed(0).padStart(8)} │ ` +
      (b
        ? `${b.perSecond.toFixed(0).padStart(13)} ${b.p50.toFixed(1).padStart(7)} ${b.p99.toFixed(1).padStart(7)} │ ${(r.http.perSecond / b.perSecond).toFixed(2)}`
        : `${'(server only)'.padStart(29)} │`),
  );
}
