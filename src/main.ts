#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig, ConfigError, type Config } from './config.js';
import type { Logger } from 'pino';
import { DataDirLockedError, isDatabaseUnavailable } from './db/database.js';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './http/app.js';
import { laneOptions } from './jobs/queue.js';
import { startTimerSweep } from './jobs/timers.sweep.js';
import { personas } from './ports/adapters/demo/personas.js';
import { apiScopes, createApiClient } from './services/api-clients.service.js';
import { getCaseView } from './services/case-query.service.js';
import {
  commandRun,
  createRunFromList,
  createRunFromSelector,
  listRunViews,
  runReportCsv,
  runView,
  type BulkRunView,
} from './services/bulk-runs.service.js';
import { systemActor } from './services/context.js';
import { followPublicUrl, recordPublicUrl, usePublicUrl } from './services/public-url.service.js';
import { advanceDemoClock, readDemoClock } from './services/demo-clock.service.js';
import { isMarket } from './domain/policy/index.js';
import { markets } from './domain/policy/types.js';
import { isSimexitError } from './domain/errors.js';
import { DAY } from './domain/time.js';
import { isOneOf } from './domain/one-of.js';
import { readFileSync } from 'node:fs';
import { DEMO_STAFF_PASSWORD, demoApiClients, demoStaff, disableDemoCredentials, openSystem } from './system.js';

const HELP = `simexit — cancel SIM cards, eSIMs and data-only cards

Usage: simexit <command> [options]

Commands:
  serve [--roles api,worker,scheduler]  Run the API, the job worker and the scheduler (default: all three)
  worker                                Run the job worker and the scheduler only
  migrate                               Bring the database schema up to date and exit
  disable-demo                          Disable the demo staff accounts and OAuth clients (before production)
  seed-demo [--lines N]                 Seed the demo personas, and N synthetic lines if given
  case show <id>                        Print a case with its timeline as JSON
  api-client create --name N --scopes S Create an OAuth client (scopes: number-recycling:check, numbers:events)
  bulk create --market M --name N (--csv FILE | --unregistered-before YYYY-MM-DD | --dormant-days D)
              [--lps N] [--delays bar_outgoing=S,bar_full=S,deactivate=S]
                                        Start a bulk deactivation run (delays in seconds; default: the market's)
  bulk list | show <id> | watch <id>    Runs; one run's progress (watch: a progress bar on a terminal)
  bulk pause|resume|cancel <id>         Pause, resume or cancel a run
  bulk report <id>                      The run's market report as CSV on stdout
  demo-clock show | advance <step>      The demo's clock; move it forward by a step such as 30m, 24h, 3d, 2w
                                        (demo operator only; asks the running server when it holds the database)
  help                                  Show this help

Configuration is by environment variables (see .env.example): PORT, DATABASE_URL, DATA_DIR, …
Without DATABASE_URL the embedded database in DATA_DIR (default ./data) is used.`;

const roleNames = ['api', 'worker', 'scheduler'] as const;
type Role = (typeof roleNames)[number];

async function serve(config: Config, roles: Role[]): Promise<void> {
  const system = await openSystem(config);
  const { context } = system;
  survivePassingDatabaseFailures(context.logger);
  let app: FastifyInstance | null = null;
  let sweep: { stop(): Promise<void> } | null = null;
  if (roles.includes('api')) {
    app = await buildApp({ context, demo: system.demo });
    await app.listen({ port: config.PORT, host: config.HOST });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    // Links in messages, from this process and from workers elsewhere (services/public-url.service.ts).
    const base = config.publicUrlConfigured ? config.PUBLIC_URL : `http://localhost:${port}`;
    usePublicUrl(context, base);
    await recordPublicUrl(context, base);
    console.log(
      `\nsimexit is running (${system.database.engine}${config.DATABASE_URL ? '' : ` in ${config.DATA_DIR}`}).`,
    );
    // One line in a fixed form, for supervisors and tests that start simexit on PORT=0.
    console.log(`  Listening on http://${config.HOST}:${port}`);
    console.log(`  Open:     ${base}/   (subscriber portal)   Staff console: ${base}/console`);
    console.log(`  API:      ${base}/v1`);
    console.log(`  API docs: ${base}/docs   (OpenAPI: ${base}/openapi.json)`);
    console.log(`  Health:   ${base}/healthz   Metrics: ${base}/metrics`);
    if (system.demo && config.NODE_ENV === 'production') {
      console.warn(
        '\nWARNING: NODE_ENV=production with DEMO_ENABLED=true: the demo operator, its inboxes (every one-time code) and its published passwords are live. Never do this with real subscribers.',
      );
    }
    if (system.demo) {
      console.log(`\nDemo operator active. Personas (${base}/demo/personas):`);
      for (const persona of personas)
        console.log(`  ${persona.lines[0]?.msisdn.padEnd(15)} ${persona.key.padEnd(22)} ${persona.description}`);
      console.log(`  Read a number's messages (one-time codes): ${base}/inbox/%2B447700900101`);
      console.log(
        `  The demo banner on every page lists them all and moves the demo clock (or: npm run simexit -- demo-clock advance 24h).`,
      );
      console.log(
        `\nDemo staff (password "${DEMO_STAFF_PASSWORD}"): ${demoStaff.map((s) => `${s.email} (${s.role})`).join(', ')}`,
      );
      console.log(
        `Demo OAuth clients: ${demoApiClients.map((c) => `${c.id} / ${c.secret} (${c.scopes.join(' ')})`).join(', ')}\n`,
      );
    }
  }
  let publicUrlFollower: { stop(): void } | null = null;
  if (!roles.includes('api') && !config.publicUrlConfigured)
    publicUrlFollower = await followPublicUrl(context, PUBLIC_URL_REFRESH_MS);
  if (roles.includes('worker')) {
    context.queue.work(system.handlers, laneOptions(config));
    system
      .startInbound()
      .catch((error: unknown) => context.logger.error({ err: error }, 'could not bind to the SMSC yet'));
    context.logger.info('worker started');
  }
  if (roles.includes('scheduler')) {
    sweep = startTimerSweep(context);
    context.logger.info('scheduler started');
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    context.logger.info({ signal }, 'stopping: no new work, finishing what is in hand');
    const deadline = setTimeout(() => {
      context.logger.error('graceful stop took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    // Everything that takes new work stops at once, each finishing what it holds: the queue stops
    // fetching (a job taken after the signal would only be abandoned to expiry), the HTTP server
    // stops accepting and answers the requests in flight, the scheduler ends its sweep. The pool
    // closes only after all three, because each still needs it for the work in hand.
    publicUrlFollower?.stop();
    const stops: Promise<void>[] = [context.queue.stop()];
    if (app) stops.push(closeHttp(app));
    if (sweep) stops.push(sweep.stop());
    for (const outcome of await Promise.allSettled(stops)) {
      if (outcome.status === 'rejected') context.logger.error({ err: outcome.reason }, 'a role did not stop cleanly');
    }
    await system.close();
    context.logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/**
 * A last guard: a background update that loses the database (pg-boss's maintenance, a completion
 * in flight) must not end a process that would otherwise carry on once the database is back; the
 * job concerned stays active, expires after JOB_EXPIRE_SECONDS and runs again, idempotently. Only
 * failures that say the database is unreachable are survived: any other unhandled rejection is a
 * bug and still ends the process, as Node would.
 */
function survivePassingDatabaseFailures(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    if (isDatabaseUnavailable(reason)) {
      logger.warn({ err: reason }, 'the database was unavailable for a background update; it is retried');
      return;
    }
    logger.fatal({ err: reason }, 'unhandled rejection');
    process.exit(1);
  });
}

/** After this the process exits 1 whatever is still running; OPERATIONS.md promises 25 s. */
const SHUTDOWN_DEADLINE_MS = 25_000;
/** How often a process without the API role looks up the address the API records (services/public-url.service.ts). */
const PUBLIC_URL_REFRESH_MS = 30_000;

/**
 * Closes the HTTP server: no new connections, requests in flight answered (with Connection: close,
 * see buildApp). Node closes the connections that are idle when the server closes; a keep-alive
 * connection whose request finishes afterwards would stay open for the keep-alive timeout (72 s
 * in Fastify), so the idle ones are closed again until the server has closed.
 */
async function closeHttp(app: FastifyInstance): Promise<void> {
  const reap = setInterval(() => app.server.closeIdleConnections(), 50);
  try {
    await app.close();
  } finally {
    clearInterval(reap);
  }
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      roles: { type: 'string' },
      lines: { type: 'string' },
      name: { type: 'string' },
      scopes: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      market: { type: 'string' },
      csv: { type: 'string' },
      'unregistered-before': { type: 'string' },
      'dormant-days': { type: 'string' },
      lps: { type: 'string' },
      delays: { type: 'string' },
    },
  });
  const [command = 'help', ...rest] = positionals;
  if (values.help || command === 'help') {
    console.log(HELP);
    return;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve': {
      const roles = (values.roles ?? 'api,worker,scheduler').split(',').map((r) => r.trim());
      const unknown = roles.filter((r) => !isOneOf(roleNames, r));
      if (unknown.length > 0)
        throw new UsageError(`Unknown role(s): ${unknown.join(', ')}. Roles are api, worker, scheduler.`);
      return serve(
        config,
        roles.filter((r) => isOneOf(roleNames, r)),
      );
    }
    case 'worker':
      return serve(config, ['worker', 'scheduler']);
    case 'migrate': {
      const system = await openSystem(config, { seedDemo: false, allowDemoCredentials: true });
      console.log('The database schema is up to date.');
      await system.close();
      return;
    }
    case 'disable-demo': {
      const system = await openSystem(config, { seedDemo: false, allowDemoCredentials: true });
      try {
        const disabled = await disableDemoCredentials(system.context);
        console.log(`Disabled ${disabled.staff} demo staff account(s) and ${disabled.clients} demo OAuth client(s).`);
      } finally {
        await system.close();
      }
      return;
    }
    case 'seed-demo': {
      if (!config.demoEnabled)
        throw new UsageError('The demo is off (NODE_ENV=production): seed-demo runs only with DEMO_ENABLED=true.');
      const lines = values.lines === undefined ? 0 : Number(values.lines);
      if (!Number.isInteger(lines) || lines < 0 || lines > 50_000_000) {
        throw new UsageError('--lines takes a whole number from 0 to 50000000.');
      }
      const system = await openSystem(config);
      console.log(`Seeded ${personas.length} demo personas.`);
      if (lines > 0 && system.demo) {
        const started = Date.now();
        await system.demo.seedSyntheticLines(lines, (done) => {
          if (done % 10_000 === 0 || done === lines) {
            process.stdout.write(
              `\r  synthetic lines: ${done}/${lines} (${Math.round(done / ((Date.now() - started) / 1000 || 1))}/s)`,
            );
          }
        });
        process.stdout.write('\n');
      }
      await system.close();
      return;
    }
    case 'case': {
      const [sub, id] = rest;
      if (sub !== 'show' || !id) throw new UsageError('Usage: simexit case show <case id>');
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
        throw new UsageError(`"${id}" is not a case id (a UUID such as 3f2c…-…).`);
      }
      const system = await openSystem(config, { seedDemo: false });
      try {
        const view = await getCaseView(system.context, { kind: 'staff', id: systemActor('cli').id, role: 'admin' }, id);
        console.log(JSON.stringify(view, null, 2));
      } finally {
        await system.close();
      }
      return;
    }
    case 'api-client': {
      const scopes = (values.scopes ?? '')
        .split(',')
        .map((scope) => scope.trim())
        .filter(Boolean);
      if (rest[0] !== 'create' || !values.name || scopes.length === 0) {
        throw new UsageError('Usage: simexit api-client create --name "Northbank" --scopes number-recycling:check');
      }
      const unknown = scopes.filter((scope) => !isOneOf(apiScopes, scope));
      if (unknown.length > 0)
        throw new UsageError(`Unknown scope(s): ${unknown.join(', ')}. Scopes are ${apiScopes.join(', ')}.`);
      const system = await openSystem(config, { seedDemo: false });
      try {
        const client = await createApiClient(system.context, {
          name: values.name,
          scopes: scopes.filter((scope) => isOneOf(apiScopes, scope)),
        });
        console.log(
          `client_id:     ${client.clientId}\nclient_secret: ${client.clientSecret}\n(the secret is shown once; store it now)`,
        );
      } finally {
        await system.close();
      }
      return;
    }
    case 'bulk':
      return bulkCommand(config, rest, values);
    case 'demo-clock':
      return demoClockCommand(config, rest);
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${HELP}`);
  }
}

class UsageError extends Error {}

/** What a running server answers to /demo/clock, and to a request it refuses. */
const demoClockAnswer = z.object({ now: z.string(), offsetMs: z.number(), timersFired: z.number().optional() });
const serverRefusal = z.object({ error: z.object({ message: z.string() }) });

/**
 * `demo-clock show | advance <step>`. Refused unless the demo operator is in use (production time
 * never moves). With the embedded database held by a running server, the CLI asks that server
 * (POST /demo/clock/advance at PUBLIC_URL) instead, so its timers fire in the process that runs them.
 */
async function demoClockCommand(config: Config, rest: string[]): Promise<void> {
  const [sub, step] = rest;
  if (!(sub === 'show' && rest.length === 1) && !(sub === 'advance' && step && rest.length === 2))
    throw new UsageError('Usage: simexit demo-clock show | demo-clock advance <step>   (a step: 30m, 24h, 3d, 2w)');
  if (config.INTEGRATIONS !== 'demo' || !config.demoEnabled)
    throw new UsageError(
      'The demo clock moves only with the demo operator (INTEGRATIONS=demo, demo enabled): this configuration runs real integrations, whose time never moves.',
    );
  const print = (view: { now: string; offsetMs: number; timersFired?: number }) =>
    console.log(
      `demo time ${view.now} (${(view.offsetMs / DAY).toFixed(1)} days ahead of the wall clock)` +
        (view.timersFired === undefined ? '' : `; ${view.timersFired} timer(s) fired`),
    );
  let system;
  try {
    system = await openSystem(config, { seedDemo: false });
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    const response = await fetch(`${config.PUBLIC_URL}/demo/clock${sub === 'advance' ? '/advance' : ''}`, {
      method: sub === 'advance' ? 'POST' : 'GET',
      headers: sub === 'advance' ? { 'content-type': 'application/json' } : {},
      body: sub === 'advance' ? JSON.stringify({ by: step }) : null,
    }).catch(() => {
      throw new UsageError(`${error.message}\nNo server answered at ${config.PUBLIC_URL} either.`);
    });
    const body: unknown = await response.json();
    if (!response.ok) {
      const refusal = serverRefusal.safeParse(body);
      throw new UsageError(refusal.data?.error.message ?? `The server answered ${response.status}.`);
    }
    return print(demoClockAnswer.parse(body));
  }
  try {
    const actor = { kind: 'system' as const, id: `cli:${process.env.USER ?? 'unknown'}` };
    print(
      sub === 'advance' ? await advanceDemoClock(system.context, actor, step!) : await readDemoClock(system.context),
    );
  } finally {
    await system.close();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One line of a run's progress: counts per stage, rate and expected end. */
function progressLine(view: BulkRunView): string {
  const stages = Object.entries(view.progress.atStage)
    .map(([stage, n]) => `${stage} ${n}`)
    .join(', ');
  const ended = Object.entries(view.progress.ended)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  const end = view.progress.expectedEndAt ? `, expected end ${view.progress.expectedEndAt}` : '';
  return `${view.state}: ${stages}; ${ended}; ${view.progress.linesPerSecond} lines/s${end}`;
}

function progressBar(view: BulkRunView, width = 30): string {
  const total = view.progress.lines * Math.max(1, view.stages.length);
  const ended = view.progress.ended;
  let done = (ended.deactivated + ended.reinstated + ended.failed + ended.cancelled) * view.stages.length;
  view.stages.forEach((stage, index) => (done += (view.progress.atStage[stage] ?? 0) * (index + 1)));
  const share = total === 0 ? 1 : done / total;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(1)}% ${progressLine(view)}`;
}

async function bulkCommand(config: Config, rest: string[], values: Record<string, string | boolean | undefined>) {
  const [sub, id] = rest;
  const actor = { kind: 'system' as const, id: `cli:${process.env.USER ?? 'unknown'}` };
  const needId = () => {
    if (!id || !UUID.test(id)) throw new UsageError(`Usage: simexit bulk ${sub} <run id>`);
    return id;
  };
  if (!['create', 'list', 'show', 'watch', 'pause', 'resume', 'cancel', 'report'].includes(sub ?? '')) {
    throw new UsageError('Usage: simexit bulk create|list|show|watch|pause|resume|cancel|report …');
  }
  const system = await openSystem(config, { seedDemo: false });
  try {
    const { context } = system;
    switch (sub) {
      case 'create': {
        const market = String(values.market ?? '');
        if (!isMarket(market)) throw new UsageError(`--market is one of ${markets.join(', ')}.`);
        const name = typeof values.name === 'string' ? values.name : '';
        if (name.trim().length < 3) throw new UsageError('--name names the run (3 characters or more).');
        const lps = values.lps === undefined ? 200 : Number(values.lps);
        if (!Number.isInteger(lps) || lps < 1 || lps > 100_000) throw new UsageError('--lps is 1 to 100000.');
        const delaySeconds: Record<string, number> = {};
        for (const pair of typeof values.delays === 'string' ? values.delays.split(',') : []) {
          const [stage, value] = pair.split('=');
          const seconds = Number(value);
          if (!stage || !Number.isInteger(seconds) || seconds < 0)
            throw new UsageError('--delays is stage=seconds,… e.g. bar_outgoing=2592000,bar_full=1209600');
          delaySeconds[stage] = seconds;
        }
        const settings = { market, name, linesPerSecond: lps, delaySeconds };
        const created =
          typeof values.csv === 'string'
            ? await createRunFromList(context, actor, { ...settings, csv: readFileSync(values.csv, 'utf8') })
            : typeof values['unregistered-before'] === 'string'
              ? await createRunFromSelector(context, actor, {
                  ...settings,
                  selector: { kind: 'unregistered', registeredBefore: values['unregistered-before'] },
                })
              : typeof values['dormant-days'] === 'string'
                ? await createRunFromSelector(context, actor, {
                    ...settings,
                    selector: { kind: 'dormant_prepaid', inactiveDays: Number(values['dormant-days']) },
                  })
                : null;
        if (!created) throw new UsageError('Give --csv FILE, --unregistered-before DATE or --dormant-days N.');
        console.log(`run ${created.run.id}: ${created.accepted} lines taken, ${created.rejected.total} rows rejected`);
        for (const row of created.rejected.rows) console.log(`  row ${row.row}: ${row.reason} (${row.value})`);
        return;
      }
      case 'list':
        for (const view of await listRunViews(context))
          console.log(`${view.id}  ${view.market}  ${view.name}  ${progressLine(view)}`);
        return;
      case 'show':
        console.log(JSON.stringify(await runView(context, needId()), null, 2));
        return;
      case 'watch': {
        const runId = needId();
        // A terminal gets one bar redrawn in place; a pipe or a log gets a plain line every few seconds.
        for (;;) {
          const view = await runView(context, runId);
          if (process.stdout.isTTY) process.stdout.write(`\r${progressBar(view)}\x1b[K`);
          else console.log(`${new Date().toISOString()} ${progressLine(view)}`);
          if (['completed', 'cancelled'].includes(view.state)) break;
          await new Promise((resolve) => setTimeout(resolve, process.stdout.isTTY ? 1000 : 5000));
        }
        if (process.stdout.isTTY) process.stdout.write('\n');
        return;
      }
      case 'pause':
      case 'resume':
      case 'cancel':
        console.log(progressLine(await commandRun(context, actor, needId(), sub)));
        return;
      case 'report':
        for await (const chunk of runReportCsv(context, needId())) process.stdout.write(chunk);
        return;
    }
  } finally {
    await system.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UsageError || error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(2);
  }
  if (
    isSimexitError(error) &&
    [
      'CASE_NOT_FOUND',
      'BULK_RUN_NOT_FOUND',
      'BULK_RUN_NO_VALID_LINES',
      'ILLEGAL_TRANSITION',
      'VALIDATION_FAILED',
      'DEMO_CLOCK_UNAVAILABLE',
    ].includes(error.code)
  ) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
