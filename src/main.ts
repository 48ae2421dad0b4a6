#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, type Config } from './config.js';
import type { Logger } from 'pino';
import { DataDirLockedError, isDatabaseUnavailable } from './db/database.js';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './http/app.js';
import { laneOptions } from './jobs/queue.js';
import { startTimerSweep } from './jobs/timers.sweep.js';
import { personas } from './ports/adapters/demo/personas.js';
import { apiScopes, createApiClient, type ApiScope } from './services/api-clients.service.js';
import { getCaseView } from './services/case-query.service.js';
import { systemActor } from './services/context.js';
import { DEMO_STAFF_PASSWORD, demoApiClients, demoStaff, openSystem } from './system.js';

const HELP = `simexit — cancel SIM cards, eSIMs and data-only cards

Usage: simexit <command> [options]

Commands:
  serve [--roles api,worker,scheduler]  Run the API, the job worker and the scheduler (default: all three)
  worker                                Run the job worker and the scheduler only
  migrate                               Bring the database schema up to date and exit
  seed-demo [--lines N]                 Seed the demo personas, and N synthetic lines if given
  case show <id>                        Print a case with its timeline as JSON
  api-client create --name N --scopes S Create an OAuth client (scopes: number-recycling:check, numbers:events)
  help                                  Show this help

Configuration is by environment variables (see .env.example): PORT, DATABASE_URL, DATA_DIR, …
Without DATABASE_URL the embedded database in DATA_DIR (default ./data) is used.`;

type Role = 'api' | 'worker' | 'scheduler';

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
    const base = config.PUBLIC_URL.replace(`:${config.PORT}`, `:${port}`);
    console.log(
      `\nsimexit is running (${system.database.engine}${config.DATABASE_URL ? '' : ` in ${config.DATA_DIR}`}).`,
    );
    // One line in a fixed form, for supervisors and tests that start simexit on PORT=0.
    console.log(`  Listening on http://${config.HOST}:${port}`);
    console.log(`  Open:     ${base}/   (subscriber portal)   Staff console: ${base}/console`);
    console.log(`  API:      ${base}/v1`);
    console.log(`  API docs: ${base}/docs   (OpenAPI: ${base}/openapi.json)`);
    console.log(`  Health:   ${base}/healthz   Metrics: ${base}/metrics`);
    if (system.demo) {
      console.log(`\nDemo operator active. Personas (${base}/demo/personas):`);
      for (const persona of personas)
        console.log(`  ${persona.lines[0]?.msisdn.padEnd(15)} ${persona.key.padEnd(22)} ${persona.description}`);
      console.log(`  Read a number's messages (one-time codes): ${base}/demo/inbox/%2B447700900101`);
      console.log(
        `\nDemo staff (password "${DEMO_STAFF_PASSWORD}"): ${demoStaff.map((s) => `${s.email} (${s.role})`).join(', ')}`,
      );
      console.log(
        `Demo OAuth clients: ${demoApiClients.map((c) => `${c.id} / ${c.secret} (${c.scopes.join(' ')})`).join(', ')}\n`,
      );
    }
  }
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
      const roles = (values.roles ?? 'api,worker,scheduler').split(',').map((r) => r.trim()) as Role[];
      const unknown = roles.filter((r) => !['api', 'worker', 'scheduler'].includes(r));
      if (unknown.length > 0)
        throw new UsageError(`Unknown role(s): ${unknown.join(', ')}. Roles are api, worker, scheduler.`);
      return serve(config, roles);
    }
    case 'worker':
      return serve(config, ['worker', 'scheduler']);
    case 'migrate': {
      const system = await openSystem(config, { seedDemo: false });
      console.log('The database schema is up to date.');
      await system.close();
      return;
    }
    case 'seed-demo': {
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
      const unknown = scopes.filter((scope) => !(apiScopes as readonly string[]).includes(scope));
      if (unknown.length > 0)
        throw new UsageError(`Unknown scope(s): ${unknown.join(', ')}. Scopes are ${apiScopes.join(', ')}.`);
      const system = await openSystem(config, { seedDemo: false });
      try {
        const client = await createApiClient(system.context, { name: values.name, scopes: scopes as ApiScope[] });
        console.log(
          `client_id:     ${client.clientId}\nclient_secret: ${client.clientSecret}\n(the secret is shown once; store it now)`,
        );
      } finally {
        await system.close();
      }
      return;
    }
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${HELP}`);
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UsageError || error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(2);
  }
  if (error && typeof error === 'object' && 'code' in error && (error as { code: string }).code === 'CASE_NOT_FOUND') {
    console.error(String((error as unknown as Error).message));
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
