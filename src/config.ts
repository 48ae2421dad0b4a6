import { createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { parseAllowedTarget, type AllowedTarget } from './domain/network-addresses.js';
import { isOneOf } from './domain/one-of.js';
import { queueNames, type QueueName } from './jobs/retry-policy.js';
import { DAY_SECONDS, MINUTE } from './domain/time.js';

/**
 * simexit's configuration: environment variables parsed once into a frozen object.
 * Every variable is listed in .env.example and the README. An invalid value stops start-up with
 * every problem listed, never a half-configured process.
 */
const schema = z.object({
  /** `production` switches the demo operator, its routes, accounts and secrets off (see DEMO_ENABLED). */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /**
   * Whether the demo operator (its routes such as /demo/inbox, the demo staff accounts and OAuth
   * clients with their published secrets) may run. Default: on, except with NODE_ENV=production, where
   * only `true` here turns it on (a public showcase, never an operator's real lines).
   */
  DEMO_ENABLED: z.enum(['true', 'false']).optional(),
  /** HTTP port of the API. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Address to listen on; 0.0.0.0 to accept connections from other hosts. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * URL people use to reach simexit: links in messages and the portal's address printed at start.
   * Unset: the API process serves under http://localhost:<the port it listens on> and records that
   * address in the database, where processes without an API role (worker, scheduler) read it; set it
   * (required in production) whenever simexit is reached through a proxy, a load balancer or a name.
   */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** PostgreSQL connection string. Unset: the embedded PGlite database in DATA_DIR. */
  DATABASE_URL: z.string().min(1).optional(),
  /** Where the embedded database lives (ignored with DATABASE_URL). */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Connections per process to a PostgreSQL server. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  /** Milliseconds a query waits for a database connection before it fails (the API then answers 503). */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  /**
   * Which systems the CRM, billing, provisioning and number ports talk to: `demo` (the built-in demo
   * operator) or `http` (the operator's systems at BSS_URL, contract in docs/BSS-CONTRACT.md).
   */
  INTEGRATIONS: z.enum(['demo', 'http']).default('demo'),
  /** Base URL of the operator's BSS/OSS JSON API (INTEGRATIONS=http). */
  BSS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Bearer token for BSS_URL. */
  BSS_TOKEN: z.string().min(1).optional(),
  /** Milliseconds before a BSS call is given up. */
  BSS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  /** SMTP server for e-mail (smtp://user:pass@host:port or smtps://…). Unset: e-mail goes to the demo inbox. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** CAMARA SIM Swap API base URL with version (…/sim-swap/v0). Unset: the demo network's records. */
  SIM_SWAP_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Bearer token for the SIM Swap API. */
  SIM_SWAP_TOKEN: z.string().min(1).optional(),
  /**
   * The operator's SM-DP+ for eSIM profiles, GSMA SGP.22 ES2+ (the base before /gsma/rsp2/es2plus).
   * Unset: the demo operator's SM-DP+ records the releases (docs/ESIM-ES2PLUS.md).
   */
  ES2PLUS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** ES2+ functionRequesterIdentifier: the identifier the SM-DP+ gave this operator. */
  ES2PLUS_REQUESTER_ID: z.string().min(1).max(256).default('simexit'),
  /** PEM file of simexit's TLS client certificate for ES2+ (mutual TLS, SGP.22 §2.6). */
  ES2PLUS_CLIENT_CERT_FILE: z.string().min(1).optional(),
  /** PEM file of the private key of ES2PLUS_CLIENT_CERT_FILE. */
  ES2PLUS_CLIENT_KEY_FILE: z.string().min(1).optional(),
  /** PEM file of the CA(s) the SM-DP+'s server certificate chains to. Unset: the system's CAs. */
  ES2PLUS_CA_FILE: z.string().min(1).optional(),
  /** Milliseconds before an ES2+ call is given up (then retried: the call carries its identifier). */
  ES2PLUS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /**
   * The shared secret the SM-DP+ sends as `Authorization: Bearer <secret>` on its ES2+ notifications
   * (POST /gsma/rsp2/es2plus/handleDownloadProgressInfo). Unset: that endpoint refuses every call.
   */
  ES2PLUS_NOTIFICATION_SECRET: z.string().min(16).optional(),
  /** SMSC for SMS over SMPP 3.4 (smpp://system_id:password@host:port). Unset: SMS goes to the demo inbox. */
  SMPP_URL: z.url({ protocol: /^smpp$/ }).optional(),
  /** SMS sender: up to 11 letters/digits (alphanumeric), a short code, or +E.164. */
  SMS_SOURCE_ADDRESS: z.string().min(1).max(21).default('simexit'),
  /** The From header of e-mail. */
  MAIL_FROM: z.string().min(3).default('simexit <no-reply@simexit.invalid>'),
  /** Simulated latency of each demo-operator call, in milliseconds. */
  DEMO_LATENCY_MS: z.coerce.number().int().min(0).max(MINUTE).default(0),
  /** Minutes a subscriber session lasts. */
  SUBSCRIBER_SESSION_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  /** Minutes a staff session lasts. */
  STAFF_SESSION_MINUTES: z.coerce.number().int().min(1).max(1440).default(480),
  /**
   * Per client address and minute: one-time code requests allowed (sign-in attempts: twice as many).
   * On top of the per-number limits and lock-outs, which hold whatever the address.
   */
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Seconds a one-time code stays valid. */
  OTP_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(600),
  /** How often the scheduler looks for due timers (cooling-off end, deadlines, quarantine end). */
  TIMER_SWEEP_SECONDS: z.coerce.number().min(0.1).max(3600).default(5),
  /** Seconds before a job whose worker vanished (crash, kill) is handed to another worker. */
  JOB_EXPIRE_SECONDS: z.coerce.number().int().min(1).max(DAY_SECONDS).default(300),
  /**
   * Jobs each worker process runs at once, per queue: `queue=n` pairs separated by commas, e.g.
   * `outbox.deliver=32,execution.run=4`; queues not named keep their defaults (src/jobs/queue.ts).
   */
  JOB_CONCURRENCY: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const lanes: Partial<Record<QueueName, number>> = {};
      for (const pair of value
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const match = /^([a-z.]+)=(\d{1,4})$/.exec(pair);
        const name = match?.[1];
        const count = Number(match?.[2]);
        if (!name || !isOneOf(queueNames, name) || count < 1 || count > 1000) {
          ctx.addIssue({
            code: 'custom',
            message: `"${pair}" is not queue=n with a queue of ${queueNames.join(', ')} and n from 1 to 1000`,
          });
          continue;
        }
        lanes[name] = count;
      }
      return lanes;
    }),
  /** Most jobs a worker takes from a queue in one fetch. */
  JOB_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(20),
  /** Milliseconds an empty queue waits before looking again (the urgent message lane: a quarter of it). */
  JOB_IDLE_POLL_MS: z.coerce.number().int().min(10).max(MINUTE).default(500),
  /** Attempts of a failing job before its case is handed to a person. */
  JOB_RETRY_LIMIT: z.coerce.number().int().min(0).max(100).default(8),
  /**
   * Seconds before a failed job's first retry, doubling each time (the urgent-message lane waits half
   * as long). 0 retries at once, which the tests use to run a retry without waiting for it.
   */
  JOB_RETRY_DELAY_SECONDS: z.coerce.number().int().min(0).max(3600).default(2),
  /** Attempts of a relying-party webhook before it is dead-lettered (with backoff, 16 spans about three weeks). */
  WEBHOOK_RETRY_LIMIT: z.coerce.number().int().min(0).max(30).default(16),
  /** First retry delay of a webhook, doubling each time. */
  WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /**
   * Webhook targets allowed although they are not public internet addresses: comma-separated IP
   * addresses, CIDR ranges or exact host names (e.g. `10.20.0.0/16,hooks.partner.internal`).
   * Everything else that resolves to loopback, private, link-local, multicast or other special
   * addresses is refused at registration and at every delivery.
   */
  WEBHOOK_ALLOWED_TARGETS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const targets: AllowedTarget[] = [];
      for (const entry of value
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean)) {
        const parsed = parseAllowedTarget(entry);
        if (parsed) targets.push(parsed);
        else ctx.addIssue({ code: 'custom', message: `"${entry}" is not an IP address, CIDR range or host name` });
      }
      return targets;
    }),
  /**
   * The operator's number ranges as E.164 prefixes, comma-separated (e.g. `+44770090,+1201555`). With
   * them, the CAMARA Number Recycling check answers for every number in the ranges (and numbers the
   * ledger knows) without asking the CRM, so its answer never reveals whether a number is in service;
   * other numbers are "not found". Unset: a number is known when the ledger or the CRM has it.
   */
  NUMBER_RANGES: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const prefixes = value
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      for (const prefix of prefixes)
        if (!/^\+[1-9][0-9]{0,14}$/.test(prefix))
          ctx.addIssue({ code: 'custom', message: `"${prefix}" is not an E.164 prefix such as +44770090` });
      return prefixes;
    }),
  /**
   * The Ed25519 private key that signs the revocation feed (GET /v1/numbers/revocations), as PKCS#8
   * PEM (`openssl genpkey -algorithm ed25519`); newlines may be written as \n. Unset: a key generated
   * once and kept in the database (deployment_settings), so every API process signs with the same key.
   */
  REVOCATION_SIGNING_KEY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const pem = value.replace(/\\n/g, '\n');
      try {
        if (createPrivateKey(pem).asymmetricKeyType === 'ed25519') return pem;
      } catch {
        // Reported below, like a key of another type.
      }
      ctx.addIssue({ code: 'custom', message: 'is not an Ed25519 private key in PKCS#8 PEM (BEGIN PRIVATE KEY)' });
      return z.NEVER;
    }),
  /** After its quick retries, how often an executing case waiting out an outside system's outage tries again. */
  OUTAGE_RECHECK_SECONDS: z.coerce.number().int().min(1).max(DAY_SECONDS).default(300),
  /** Seconds between pg-boss maintenance runs (expiring vanished jobs, archiving). */
  JOB_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Readonly<
  z.infer<typeof schema> & {
    PUBLIC_URL: string;
    /** Whether PUBLIC_URL was given; otherwise processes settle it at start (main.ts, services/public-url.service.ts). */
    publicUrlConfigured: boolean;
    /** The demo operator, its routes, accounts and clients may run (see DEMO_ENABLED and NODE_ENV). */
    demoEnabled: boolean;
  }
>;

/**
 * Secrets published in the README, .env.example and the demo seed, and the placeholders people
 * leave in: a production process holding one of them could be driven by anyone who read the docs.
 */
export const knownDemoSecrets: readonly string[] = [
  'simexit-demo',
  'demo-bank-secret',
  'demo-activation-secret',
  'demo-bss-secret',
  'secret',
  'changeme',
  'change-me',
  'password',
  'demo',
  'test',
];

/** What production needs instead of the demo operator: each missing piece would fall back to it. */
function productionProblems(config: z.infer<typeof schema>): string[] {
  const problems: string[] = [];
  const hint = 'or set DEMO_ENABLED=true to run the demo operator in production on purpose';
  if (config.INTEGRATIONS === 'demo')
    problems.push(
      `INTEGRATIONS: is "demo" (the demo operator's made-up lines) with NODE_ENV=production; use "http" ${hint}`,
    );
  if (!config.BSS_TOKEN) problems.push('BSS_TOKEN: required with NODE_ENV=production (the BSS is called with it)');
  if (!config.SMTP_URL)
    problems.push(
      `SMTP_URL: required with NODE_ENV=production, or e-mail (receipts, codes) lands in the demo inbox; ${hint}`,
    );
  if (!config.SMPP_URL)
    problems.push(
      `SMPP_URL: required with NODE_ENV=production, or SMS (one-time codes) lands in the demo inbox; ${hint}`,
    );
  if (!config.SIM_SWAP_URL)
    problems.push(
      `SIM_SWAP_URL: required with NODE_ENV=production, or the SIM-swap fraud signal reads demo records; ${hint}`,
    );
  if (!config.PUBLIC_URL)
    problems.push(
      'PUBLIC_URL: required with NODE_ENV=production: every link in an SMS or e-mail is built from it (e.g. https://cancel.example-operator.com)',
    );
  if (config.SIM_SWAP_URL && !config.SIM_SWAP_TOKEN)
    problems.push('SIM_SWAP_TOKEN: required with NODE_ENV=production when SIM_SWAP_URL is set');
  const secrets: [string, string | undefined][] = [
    ['BSS_TOKEN', config.BSS_TOKEN],
    ['SIM_SWAP_TOKEN', config.SIM_SWAP_TOKEN],
    ['ES2PLUS_NOTIFICATION_SECRET', config.ES2PLUS_NOTIFICATION_SECRET],
    ['SMTP_URL', config.SMTP_URL ? decodeURIComponent(new URL(config.SMTP_URL).password) : undefined],
    ['SMPP_URL', config.SMPP_URL ? decodeURIComponent(new URL(config.SMPP_URL).password) : undefined],
  ];
  for (const [name, value] of secrets) {
    if (value && knownDemoSecrets.includes(value.toLowerCase()))
      problems.push(`${name}: holds a published demo or placeholder secret; set the real one`);
  }
  return problems;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment (or overrides, in tests). Throws ConfigError listing every invalid variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(schema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const result = schema.safeParse(relevant);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const config = result.data;
  if (config.INTEGRATIONS === 'http' && !config.BSS_URL)
    throw new ConfigError(['BSS_URL: required when INTEGRATIONS=http']);
  if (Boolean(config.ES2PLUS_CLIENT_CERT_FILE) !== Boolean(config.ES2PLUS_CLIENT_KEY_FILE))
    throw new ConfigError([
      'ES2PLUS_CLIENT_CERT_FILE, ES2PLUS_CLIENT_KEY_FILE: set both (the certificate and its key) or neither',
    ]);
  const demoEnabled =
    config.DEMO_ENABLED === undefined ? config.NODE_ENV !== 'production' : config.DEMO_ENABLED === 'true';
  if (config.NODE_ENV === 'production' && !demoEnabled) {
    const problems = productionProblems(config);
    if (problems.length > 0) throw new ConfigError(problems);
  }
  return Object.freeze({
    ...config,
    PUBLIC_URL: config.PUBLIC_URL?.replace(/\/+$/, '') ?? `http://localhost:${config.PORT}`,
    publicUrlConfigured: config.PUBLIC_URL !== undefined,
    demoEnabled,
  });
}
