import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { policies } from '../../src/domain/policy/index.js';
import type { Market } from '../../src/domain/policy/types.js';
import { startOfLocalDate } from '../../src/domain/working-days.js';
import { DAY, HOUR } from '../../src/domain/time.js';
import { fireDueTimers } from '../../src/services/timers.service.js';
import { caseReference } from '../../src/services/presenters.js';
import { openSystem, type System } from '../../src/system.js';
import { demoLine, fileCase, holderSession, staffSession } from './factories.js';
import { pgliteTemplate, serverTemplate, urlOf, type TemplateKind } from './templates.js';

/**
 * simexit's services on the engine under test, without HTTP: PGlite in memory by default, or a fresh
 * database on the PostgreSQL server named by DATABASE_URL (created per test file and dropped
 * afterwards), with the demo operator's ports.
 */
export interface Services {
  system: System;
  clock: ManualClock;
  /** Runs every ready job (assessment, execution, deliveries) until none is left. */
  drain(): Promise<number>;
  /** Moves the clock, fires due timers, and drains the jobs they caused. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** A whole simexit: its services and the HTTP app in front of them. */
export interface Harness extends Services {
  app: FastifyInstance;
  request(options: InjectOptions & { token?: string }): Promise<Response>;
}

export interface Response {
  status: number;
  // Tests read response bodies loosely; each assertion states the shape it expects.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Record<string, unknown>;
  raw: Buffer;
}

/**
 * The command line that starts simexit (`src/main.ts`) in a child process: from the JavaScript
 * scripts/run-tests.mjs transpiled for this run (SIMEXIT_TEST_BUILD) when there is one, which spares each
 * process loading its modules through tsx; from the source otherwise.
 */
export const simexitCommand: readonly string[] = process.env.SIMEXIT_TEST_BUILD
  ? [join(process.env.SIMEXIT_TEST_BUILD, 'src', 'main.js')]
  : ['--import', 'tsx', 'src/main.ts'];

/** The domain's time constants, for tests that move the clock. */
export { DAY, HOUR };

/** A new database on the server: empty, or a copy of the database named `template`. */
export async function createTestDatabase(
  serverUrl: string,
  template: string | null = null,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `simexit_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  // PostgreSQL 15's default copies a template page by page through the WAL; copying its files (one
  // checkpoint) took a fifth of the server's CPU for the same small database.
  const { rows } = await admin.query<{ v: number }>(`select current_setting('server_version_num')::int as v`);
  const strategy = template && rows[0]!.v >= 150000 ? ' strategy file_copy' : '';
  await admin.query(`create database ${name}${template ? ` template ${template}${strategy}` : ''}`);
  await admin.end();
  return {
    url: urlOf(serverUrl, name),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export interface HarnessOptions {
  start?: string;
  env?: Record<string, string>;
  seedDemo?: boolean;
}

/** The services alone, as a worker runs them: for tests of the services on the demo ports. */
export async function startServices(options: HarnessOptions = {}): Promise<Services> {
  const start = options.start ?? '2026-11-23T10:00:00Z';
  const seedDemo = options.seedDemo ?? true;
  const settings = {
    LOG_LEVEL: 'silent',
    DATA_DIR: 'memory://',
    PUBLIC_URL: 'http://simexit.test',
    DATABASE_POOL_SIZE: '4',
    // A failed job is retried by the next drain() instead of after a wall-clock backoff.
    JOB_RETRY_DELAY_SECONDS: '0',
    ...options.env,
  };
  const serverUrl = process.env.DATABASE_URL;
  const config = loadConfig({ ...settings, DATABASE_URL: serverUrl });
  // A database seeded already is a copy of what this start would seed; with the demo off, start-up
  // refuses seeded demo credentials, so such a harness starts from the bare copy and seeds itself.
  const kind: TemplateKind = seedDemo && config.demoEnabled ? { seeded: true, start } : { seeded: false };
  const server = serverUrl ? await createTestDatabase(serverUrl, await serverTemplate(serverUrl, kind)) : null;
  const clock = new ManualClock(start);
  const system = await openSystem(server ? { ...config, DATABASE_URL: server.url } : config, {
    clock,
    logger: pino({ level: 'silent' }),
    seedDemo,
    initialData: server ? undefined : await pgliteTemplate(kind),
  });
  const drain = () => system.context.queue.drain(system.handlers);
  return {
    system,
    clock,
    drain,
    async advance(ms) {
      clock.advance(ms);
      await drain();
      while ((await fireDueTimers(system.context)) > 0) await drain();
    },
    async close() {
      await system.close();
      await server?.drop();
    },
  };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const services = await startServices(options);
  const app = await buildApp({ context: services.system.context, demo: services.system.demo });
  return {
    ...services,
    app,
    async request({ token, ...options }) {
      const response = await app.inject({
        ...options,
        headers: { ...(options.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      const type = String(response.headers['content-type'] ?? '');
      return {
        status: response.statusCode,
        body: type.includes('json') ? response.json() : response.body,
        headers: response.headers as Record<string, unknown>,
        raw: response.rawPayload,
      };
    },
    async close() {
      await app.close();
      await services.close();
    },
  };
}

/**
 * Moves the clock an hour past the start of a case's end date (00:00 in its market's time zone) when
 * that still lies ahead, firing what comes due: a contract case approved before the date it was given
 * waits for it (state `scheduled`) and is carried out then. Nothing moves when the date has begun
 * already (a prepaid line, or a case past it).
 */
export async function passLineEnd(harness: Services, caseId: string): Promise<void> {
  const row = await harness.system.context.db
    .selectFrom('cases')
    .select(['line_ends_on', 'market'])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const endsAt = startOfLocalDate(String(row.line_ends_on), policies[row.market as Market].timeZone);
  const ahead = endsAt.getTime() - harness.system.context.clock.now().getTime();
  if (ahead >= 0) await harness.advance(ahead + HOUR);
}

/**
 * Identifies a subscriber the way a person does: number + ICCID, then the code from the SMS.
 * `headers` go with both requests (e.g. the portal's Accept-Language, which sets the holder's language).
 */
export async function signInWithIccid(
  harness: Harness,
  msisdn: string,
  iccid: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const sent = await harness.request({ method: 'POST', url: '/v1/auth/codes', headers, payload: { msisdn, iccid } });
  if (sent.status !== 201) throw new Error(`code request failed: ${JSON.stringify(sent.body)}`);
  const code = await latestCode(harness, msisdn);
  const session = await harness.request({
    method: 'POST',
    url: '/v1/auth/sessions',
    headers,
    payload: { challengeId: sent.body.challengeId, code },
  });
  if (session.status !== 201) throw new Error(`session failed: ${JSON.stringify(session.body)}`);
  return session.body.token;
}

/** Delivers pending messages and reads the newest one-time code from a number's or address's demo inbox. */
export async function latestCode(harness: Harness, address: string): Promise<string> {
  await harness.drain();
  const inbox = await harness.request({ method: 'GET', url: `/demo/inbox/${encodeURIComponent(address)}` });
  const codes = (inbox.body.messages as { subject: string; body: string }[])
    .filter((m) => /code|Code|验证码/.test(m.subject))
    .map((m) => /(?<!\d)(\d{6})(?!\d)/.exec(m.body)?.[1])
    .filter((c): c is string => c !== undefined);
  const code = codes[codes.length - 1];
  if (!code) throw new Error(`no code in the inbox of ${address}`);
  return code;
}

/** What an agent's call confirmation put in the text to the line: its id, the reference to reply and the link's token. */
export interface CallConfirmationSent {
  confirmationId: string;
  reference: string;
  linkToken: string;
}

/**
 * An agent (by `staff` token) asks the line on file to confirm the call; reads the text the line got.
 * Refusals are thrown with the answer's body, so a test of a refusal calls the route itself.
 */
export async function askLineToConfirm(harness: Harness, staff: string, msisdn: string): Promise<CallConfirmationSent> {
  const sent = await harness.request({
    method: 'POST',
    url: '/v1/staff/call-confirmations',
    token: staff,
    payload: { msisdn },
  });
  if (sent.status !== 201) throw new Error(`call confirmation refused: ${JSON.stringify(sent.body)}`);
  return { confirmationId: sent.body.confirmationId, ...(await latestCallConfirmationText(harness, msisdn)) };
}

/** Delivers pending messages and reads the reference and link token of the newest call confirmation a line got. */
export async function latestCallConfirmationText(
  harness: Harness,
  msisdn: string,
): Promise<{ reference: string; linkToken: string }> {
  await harness.drain();
  const inbox = await harness.request({ method: 'GET', url: `/demo/inbox/${encodeURIComponent(msisdn)}` });
  const text = (inbox.body.messages as { body: string }[])
    .map((m) => m.body)
    .findLast((b) => b.includes('/confirm-call/'));
  const reference = /YES ([A-Z]{3}\d{3})/.exec(text ?? '')?.[1];
  const linkToken = /\/confirm-call\/([A-Za-z0-9_-]{43})/.exec(text ?? '')?.[1];
  if (!reference || !linkToken) throw new Error(`no call confirmation in the inbox of ${msisdn}`);
  return { reference, linkToken };
}

/** As askLineToConfirm, and the holder taps Confirm on the linked page: the id to file the case with. */
export async function confirmedCall(harness: Harness, staff: string, msisdn: string): Promise<string> {
  const sent = await askLineToConfirm(harness, staff, msisdn);
  const answer = await harness.request({ method: 'POST', url: `/v1/call-confirmations/${sent.linkToken}/confirm` });
  if (answer.status !== 200) throw new Error(`confirming failed: ${JSON.stringify(answer.body)}`);
  return sent.confirmationId;
}

const staffTokens = new WeakMap<Harness, Map<string, { token: string; at: number }>>();

/**
 * A staff token for `email` (a factory's session: no password hashed), opened again when the test clock
 * has moved past the session's life. `staffSignIn` signs in through the route.
 */
export async function staffToken(harness: Harness, email: string): Promise<string> {
  const cache = staffTokens.get(harness) ?? new Map<string, { token: string; at: number }>();
  staffTokens.set(harness, cache);
  const now = harness.clock.now().getTime();
  const known = cache.get(email);
  if (known && now - known.at < 4 * HOUR) return known.token;
  const token = await staffSession(harness, email);
  cache.set(email, { token, at: now });
  return token;
}

export async function staffSignIn(harness: Harness, email: string): Promise<string> {
  const response = await harness.request({
    method: 'POST',
    url: '/v1/staff/sessions',
    payload: { email, password: 'simexit-demo' },
  });
  if (response.status !== 201) throw new Error(`staff sign-in failed: ${JSON.stringify(response.body)}`);
  return response.body.token;
}

export async function personaLines(harness: Harness): Promise<Record<string, { msisdn: string; iccid: string }[]>> {
  const response = await harness.request({ method: 'GET', url: '/demo/personas' });
  return Object.fromEntries(
    (response.body.personas as { key: string; lines: { msisdn: string; iccid: string }[] }[]).map((p) => [
      p.key,
      p.lines,
    ]),
  );
}

/**
 * A persona's first line files a cancellation online with nothing to decide (the factories' holder
 * session and filing); the worker assesses it, so it waits in cooling-off (or wherever its checks send it).
 */
export async function fileOnline(
  harness: Harness,
  persona: string,
): Promise<{ id: string; reference: string; token: string; msisdn: string; iccid: string }> {
  const line = await demoLine(harness, persona);
  const token = await holderSession(harness, line);
  const filed = await fileCase(harness, line, {}, `file-online-${persona}`);
  return { id: filed.id, reference: caseReference(filed.id), token, msisdn: line.msisdn, iccid: line.iccid };
}

/** An OAuth client-credentials access token for a demo client (POST /oauth/token, form-encoded). */
export async function clientToken(harness: Harness, clientId: string, secret: string): Promise<string> {
  const response = await harness.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
    }).toString(),
  });
  if (response.statusCode !== 200) throw new Error(`token request failed: ${response.body}`);
  return response.json().access_token;
}
