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
import { openSystem, type System } from '../../src/system.js';
import { pgliteTemplate, serverTemplate, urlOf, type TemplateKind } from './templates.js';

/**
 * A whole simexit on the engine under test: PGlite in memory by default, or a fresh database on
 * the PostgreSQL server named by DATABASE_URL (created per test file and dropped afterwards).
 */
export interface Harness {
  system: System;
  app: FastifyInstance;
  clock: ManualClock;
  /** Runs every ready job (assessment, execution, deliveries) until none is left. */
  drain(): Promise<number>;
  /** Moves the clock, fires due timers, and drains the jobs they caused. */
  advance(ms: number): Promise<void>;
  request(options: InjectOptions & { token?: string }): Promise<Response>;
  close(): Promise<void>;
}

export interface Response {
  status: number;
  // Tests read response bodies loosely; each assertion states the shape it expects.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Record<string, unknown>;
  raw: Buffer;
}

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
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
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

export async function startHarness(
  options: { start?: string; env?: Record<string, string>; seedDemo?: boolean } = {},
): Promise<Harness> {
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
  // A database seeded already is a copy of what this start would seed; with the demo off, start-up
  // refuses seeded demo credentials, so such a harness starts from the bare copy and seeds itself.
  const kind: TemplateKind = seedDemo && loadConfig(settings).demoEnabled ? { seeded: true, start } : { seeded: false };
  const serverUrl = process.env.DATABASE_URL;
  const server = serverUrl ? await createTestDatabase(serverUrl, await serverTemplate(serverUrl, kind)) : null;
  const config = loadConfig({ ...settings, DATABASE_URL: server?.url });
  const clock = new ManualClock(start);
  const system = await openSystem(config, {
    clock,
    logger: pino({ level: 'silent' }),
    seedDemo,
    initialData: server ? undefined : await pgliteTemplate(kind),
  });
  const app = await buildApp({ context: system.context, demo: system.demo });
  const drain = () => system.context.queue.drain(system.handlers);
  return {
    system,
    app,
    clock,
    drain,
    async advance(ms) {
      clock.advance(ms);
      await drain();
      while ((await fireDueTimers(system.context)) > 0) await drain();
    },
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
      await system.close();
      await server?.drop();
    },
  };
}

/**
 * Moves the clock an hour past the start of a case's end date (00:00 in its market's time zone) when
 * that still lies ahead, firing what comes due: a contract case approved before the date it was given
 * waits for it (state `scheduled`) and is carried out then. Nothing moves when the date has begun
 * already (a prepaid line, or a case past it).
 */
export async function passLineEnd(harness: Harness, caseId: string): Promise<void> {
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

/** A staff token for `email`, signing in again when the test clock has moved past the session's life. */
export async function staffToken(harness: Harness, email: string): Promise<string> {
  const cache = staffTokens.get(harness) ?? new Map<string, { token: string; at: number }>();
  staffTokens.set(harness, cache);
  const now = harness.clock.now().getTime();
  const known = cache.get(email);
  if (known && now - known.at < 4 * HOUR) return known.token;
  const token = await staffSignIn(harness, email);
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
 * A persona's first line, signed in by its ICCID, files a cancellation online with nothing to decide;
 * the worker assesses it, so it waits in cooling-off (or wherever its checks send it).
 */
export async function fileOnline(
  harness: Harness,
  persona: string,
): Promise<{ id: string; reference: string; token: string; msisdn: string; iccid: string }> {
  const line = (await personaLines(harness))[persona]![0]!;
  const token = await signInWithIccid(harness, line.msisdn, line.iccid);
  const created = await harness.request({
    method: 'POST',
    url: '/v1/cancellations',
    token,
    headers: { 'idempotency-key': `file-online-${persona}` },
    payload: { msisdn: line.msisdn, decisions: {} },
  });
  if (created.status !== 201) throw new Error(`filing failed: ${JSON.stringify(created.body)}`);
  await harness.drain();
  return { id: created.body.id, reference: created.body.reference, token, ...line };
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
