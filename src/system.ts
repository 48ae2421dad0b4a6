import pino, { type Logger } from 'pino';
import { DemoClock, systemClock, type Clock } from './clock.js';
import { ConfigError, knownDemoSecrets, type Config } from './config.js';
import { migrate, openDatabase, type Database } from './db/database.js';
import { jobHandlers } from './jobs/handlers.js';
import { JobQueue, type JobHandlers } from './jobs/queue.js';
import { outsideSystemPolicies, queueRetryPolicies } from './jobs/retry-policy.js';
import { createDemoOperator, type DemoOperator } from './ports/adapters/demo/index.js';
import { camaraSimSwap } from './ports/adapters/http/sim-swap.js';
import { es2plusEsim } from './ports/adapters/http/es2plus.js';
import { httpBss } from './ports/adapters/http/bss.js';
import { systemDns } from './ports/adapters/dns/system-dns.js';
import { smppSms } from './ports/adapters/smpp/sms.js';
import { smtpEmail } from './ports/adapters/smtp/email.js';
import type { Ports } from './ports/ports.js';
import { apiSecretHash, createApiClient, type ApiScope } from './services/api-clients.service.js';
import { createStaffUser } from './services/staff-users.service.js';
import { disableApiClients, enabledApiClients } from './db/repositories/api-clients.repository.js';
import { insertAudit } from './db/repositories/cases.repository.js';
import { revokeSessionsOfStaffUsers } from './db/repositories/sessions.repository.js';
import { disableStaffUsersWithEmails, enabledStaffUsersWithEmails } from './db/repositories/staff-users.repository.js';
import { readDemoClockOffset } from './db/repositories/demo-clock.repository.js';
import { syncDemoClock } from './services/demo-clock.service.js';
import { recordDeliveryReceipt, sharedSubmittedParts } from './services/notifications.service.js';
import { handleInboundSms } from './services/sms-keywords.service.js';
import type { StaffRole } from './domain/actors.js';
import type { ServiceContext } from './services/context.js';

/** Everything a simexit process runs on, opened and migrated; `close` releases it in order. */
export interface System {
  context: ServiceContext;
  database: Database;
  demo: DemoOperator | null;
  handlers: JobHandlers;
  /** Binds to the SMSC (when configured) so texts from subscribers arrive; workers call it. */
  startInbound(): Promise<void>;
  close(): Promise<void>;
}

export interface SystemOptions {
  clock?: Clock;
  logger?: Logger;
  /**
   * Seed the demo personas, staff and OAuth clients (default: when the demo operator runs, i.e.
   * INTEGRATIONS=demo and the demo is enabled — never in production unless DEMO_ENABLED=true).
   */
  seedDemo?: boolean;
  /** Open even though demo credentials are enabled with the demo off (migrate, disable-demo). */
  allowDemoCredentials?: boolean;
  /** An in-memory embedded database starts from this copy (see DatabaseOptions.initialData). */
  initialData?: Blob;
}

/** Demo staff accounts, one per role; the password is printed at start and in the README. */
export const demoStaff: { email: string; name: string; role: StaffRole }[] = [
  { email: 'agent@demo.simexit.test', name: 'Alex Agent', role: 'agent' },
  { email: 'store@demo.simexit.test', name: 'Sam Store', role: 'store_agent' },
  { email: 'clerk@demo.simexit.test', name: 'Casey Clerk', role: 'clerk' },
  { email: 'supervisor@demo.simexit.test', name: 'Pat Supervisor', role: 'supervisor' },
  { email: 'supervisor2@demo.simexit.test', name: 'Robin Supervisor', role: 'supervisor' },
  { email: 'admin@demo.simexit.test', name: 'Ada Admin', role: 'admin' },
  // A second admin: changes that weaken a safeguard need one to approve them.
  { email: 'admin2@demo.simexit.test', name: 'Grace Admin', role: 'admin' },
];
export const DEMO_STAFF_PASSWORD = 'simexit-demo';

/** Demo OAuth clients: a relying party (a bank), the operator's activation system and its BSS. */
export const demoApiClients: { id: string; name: string; secret: string; scopes: ApiScope[] }[] = [
  {
    id: 'demo-bank',
    name: 'Northbank (relying party)',
    secret: 'demo-bank-secret',
    scopes: ['number-recycling:check', 'webhooks:manage', 'number-revocations:read'],
  },
  { id: 'demo-activation', name: 'Activation system', secret: 'demo-activation-secret', scopes: ['numbers:events'] },
  { id: 'demo-bss', name: 'Operator BSS (TMF622)', secret: 'demo-bss-secret', scopes: ['tmf622:order'] },
];

/**
 * With the demo off (production), start-up refuses while a demo staff account or demo OAuth client
 * is still enabled in the database (a database once seeded for a trial), because their passwords
 * and secrets are published. Every OAuth client's secret is compared with the published ones too.
 */
async function refuseDemoCredentials(db: Database['db']): Promise<void> {
  const problems: string[] = [];
  const staff = await enabledStaffUsersWithEmails(
    db,
    demoStaff.map((s) => s.email),
  );
  for (const account of staff)
    problems.push(`staff account ${account.email}: a demo account (published password) is enabled; disable it`);
  const publishedHashes = new Set(knownDemoSecrets.map((secret) => apiSecretHash(secret)));
  const clients = await enabledApiClients(db);
  for (const client of clients) {
    if (demoApiClients.some((demo) => demo.id === client.id) || publishedHashes.has(client.secret_hash))
      problems.push(`OAuth client ${client.id}: a demo client or a published secret is enabled; disable it`);
  }
  if (problems.length > 0)
    throw new ConfigError([...problems, 'the demo is off (NODE_ENV=production without DEMO_ENABLED=true)']);
}

/** Disables the demo staff accounts (ending their sessions) and demo OAuth clients; audited. */
export async function disableDemoCredentials(context: ServiceContext): Promise<{ staff: number; clients: number }> {
  return context.db.transaction().execute(async (tx) => {
    const now = context.clock.now();
    const staff = await disableStaffUsersWithEmails(
      tx,
      demoStaff.map((s) => s.email),
      now,
    );
    if (staff.length > 0)
      await revokeSessionsOfStaffUsers(
        tx,
        staff.map((s) => s.id),
        now,
      );
    const clients = await disableApiClients(
      tx,
      demoApiClients.map((c) => c.id),
      now,
    );
    await insertAudit(tx, {
      subscriberId: null,
      actorKind: 'system',
      actorId: 'cli',
      action: 'demo.credentials_disabled',
      target: 'demo',
      data: { staff: staff.length, clients: clients.map((c) => c.id) },
      at: now,
    });
    return { staff: staff.length, clients: clients.length };
  });
}

/**
 * In the demo, each job first takes the demo clock's offset another process may have moved, so a
 * job started by a timer that fired after a move decides on the moved time too.
 */
function syncingDemoClock(context: ServiceContext, handlers: JobHandlers): JobHandlers {
  return Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      typeof handler === 'function'
        ? async (job: Parameters<typeof handler>[0]) => {
            await syncDemoClock(context);
            return handler(job);
          }
        : {
            batch: async (jobs: Parameters<typeof handler.batch>[0]) => {
              await syncDemoClock(context);
              return handler.batch(jobs);
            },
          },
    ]),
  ) as JobHandlers;
}

export async function openSystem(config: Config, options: SystemOptions = {}): Promise<System> {
  const logger = options.logger ?? pino({ level: config.LOG_LEVEL });
  // A process running the demo operator gets the demo clock, which someone trying the demo may move
  // forward (services/demo-clock.service.ts); any other process keeps the clock it was given.
  const demoMode = config.INTEGRATIONS === 'demo' && config.demoEnabled;
  const baseClock = options.clock ?? systemClock;
  const clock = demoMode ? new DemoClock(baseClock) : baseClock;
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    initialData: options.initialData,
    onConnectionLost: (error) =>
      logger.warn({ err: error }, 'a database connection was lost; the pool opens a new one when needed'),
  });
  try {
    await migrate(database.db);
    if (clock instanceof DemoClock) clock.adopt(await readDemoClockOffset(database.db));
    // Before anything starts (the queue), so a refusal leaves nothing running.
    if (!config.demoEnabled && !options.allowDemoCredentials) await refuseDemoCredentials(database.db);
    const queue = new JobQueue({
      executor: database.executor,
      retry: queueRetryPolicies(config),
      maintenanceIntervalSeconds: config.JOB_MAINTENANCE_SECONDS,
      logger,
    });
    await queue.start();
    // The demo operator stands in for every system that has no real adapter configured: with
    // INTEGRATIONS=demo that is all of them; with INTEGRATIONS=http, the CRM, billing, network and
    // number inventory are the operator's, while messages still land in the demo inboxes until
    // SMTP (and SMPP) are configured.
    // The SMS adapter's inbound handler needs the context that the adapter is part of.
    const contextRef: { current?: ServiceContext } = {};
    const outside = outsideSystemPolicies(config);
    const demoOperator = createDemoOperator(database.db, clock, { latencyMs: config.DEMO_LATENCY_MS });
    const bss =
      config.INTEGRATIONS === 'http' && config.BSS_URL
        ? httpBss({
            baseUrl: config.BSS_URL,
            token: config.BSS_TOKEN ?? null,
            ...outside.bss,
          })
        : null;
    const email = config.SMTP_URL ? smtpEmail({ url: config.SMTP_URL, from: config.MAIL_FROM, ...outside.smtp }) : null;
    const sms = config.SMPP_URL
      ? smppSms({
          url: config.SMPP_URL,
          sourceAddress: config.SMS_SOURCE_ADDRESS,
          ...outside.smpp,
          now: () => clock.now(),
          submittedParts: sharedSubmittedParts(database.db, clock),
          onInbound: (message) => handleInboundSms(contextRef.current!, message).then(() => undefined),
          onDeliveryReceipt: (receipt) => recordDeliveryReceipt(contextRef.current!, receipt),
        })
      : null;
    const simSwap = config.SIM_SWAP_URL
      ? camaraSimSwap({ baseUrl: config.SIM_SWAP_URL, token: config.SIM_SWAP_TOKEN ?? null, ...outside.simSwap })
      : null;
    const es2plus = config.ES2PLUS_URL
      ? es2plusEsim({
          baseUrl: config.ES2PLUS_URL,
          requesterId: config.ES2PLUS_REQUESTER_ID,
          tls: {
            certFile: config.ES2PLUS_CLIENT_CERT_FILE,
            keyFile: config.ES2PLUS_CLIENT_KEY_FILE,
            caFile: config.ES2PLUS_CA_FILE,
          },
          ...outside.es2plus,
        })
      : null;
    const ports: Ports = {
      ...demoOperator.ports,
      ...(bss ? { crm: bss.crm, billing: bss.billing, provisioning: bss.provisioning, numbers: bss.numbers } : {}),
      ...(email ? { email } : {}),
      ...(sms ? { sms } : {}),
      ...(simSwap ? { simSwap } : {}),
      ...(es2plus ? { esim: es2plus.esim } : {}),
      dns: systemDns,
    };
    const context: ServiceContext = { db: database.db, ports, clock, queue, config, logger };
    contextRef.current = context;
    const demo = demoMode ? demoOperator : null;
    if (options.seedDemo ?? demo !== null) {
      await demoOperator.seed();
      for (const staff of demoStaff) await createStaffUser(context, { ...staff, password: DEMO_STAFF_PASSWORD });
      for (const client of demoApiClients) await createApiClient(context, client);
    }
    return {
      context,
      database,
      demo,
      handlers: demoMode ? syncingDemoClock(context, jobHandlers(context)) : jobHandlers(context),
      startInbound: async () => {
        await sms?.start();
      },
      async close() {
        await queue.stop();
        email?.close();
        await sms?.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
