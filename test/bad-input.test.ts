import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { errorCodes, type ErrorCode } from '../src/domain/errors.js';
import { HOUR, latestCode, personaLines, startHarness, type Harness, type Response } from './support/harness.js';

/**
 * Bad input everywhere: every malformed, foreign, replayed, oversized or out-of-order request gets a 4xx
 * with a stable error code and a message, never a 5xx and never internals (stack traces, file paths).
 *
 * Every request goes out from its own client address (inject's `remoteAddress`) so the per-IP rate
 * limits only trip where a test means them to; the rate-limit tests use fixed addresses of their own.
 * Tests that move the clock run last.
 */

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
type Thunk<T> = T | (() => T);
type Line = { msisdn: string; iccid: string };
type Session = Line & { token: string; challengeId: string; code: string };
type StaffRole = 'agent' | 'store' | 'clerk' | 'supervisor' | 'admin';

interface Row {
  name: string;
  method?: Method;
  url: Thunk<string>;
  token?: Thunk<string | undefined>;
  /** Serialised with JSON.stringify and sent as application/json (any JSON value, not only objects). */
  body?: Thunk<unknown>;
  /** Sent as is, with `type` as its content type (none when `type` is omitted). */
  raw?: Thunk<string>;
  type?: string;
  headers?: Thunk<Record<string, string>>;
  status: number | readonly number[];
  code: ErrorCode | readonly ErrorCode[];
}

interface Fixtures {
  lines: Record<string, Line[]>;
  owner: Session;
  stranger: Session;
  staff: Record<StaffRole, string>;
  /** The owner's case (online, idempotency key OWNER_KEY, never reviewed: cooling off). */
  ownerCase: string;
  /** The stranger's case, withdrawn. */
  withdrawnCase: string;
  /** A store-filed case with idempotency key STAFF_KEY. */
  staffCase: string;
}

const OWNER_KEY = 'bad-input-owner-case-0001';
const STAFF_KEY = 'bad-input-staff-case-0001';
const MINUTE = 60_000;
const FUZZ_RUNS = 200;
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261123);

let harness: Harness;
let fx: Fixtures;

const value = <T>(thunk: Thunk<T>): T => (typeof thunk === 'function' ? (thunk as () => T)() : thunk);
const enc = encodeURIComponent;
const line = (persona: string, index = 0): Line => fx.lines[persona]![index]!;

let ipSequence = 0;
/** A client address no other request has used, so per-IP limits never trip by accident. */
function freshIp(): string {
  ipSequence += 1;
  return `10.${(ipSequence >> 16) & 255}.${(ipSequence >> 8) & 255}.${ipSequence & 255}`;
}

function send(options: InjectOptions & { token?: string | undefined }): Promise<Response> {
  return harness.request({ remoteAddress: freshIp(), ...options });
}

function sendJson(
  method: Method,
  url: string,
  body: unknown,
  options: { token?: string | undefined; headers?: Record<string, string>; remoteAddress?: string } = {},
): Promise<Response> {
  return send({
    method,
    url,
    token: options.token,
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    headers: { 'content-type': 'application/json', ...options.headers },
    payload: JSON.stringify(body),
  });
}

/** Internals that must never reach a client. */
const leaks = [
  /\n\s+at /,
  /\bat [\w.<>]+ \(/,
  /\bError:/,
  /node_modules/,
  /\/work\//,
  /\.(?:ts|js|mjs|cjs):\d+/,
  /"stack"/,
];

function describeResponse(response: Response): string {
  const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  return `${response.status} ${text.slice(0, 400)}`;
}

/** The response is a 4xx with the stable error envelope: a known code matching the status, a message, no internals. */
function assertError(
  response: Response,
  status: number | readonly number[],
  code: ErrorCode | readonly ErrorCode[],
  label: string,
): void {
  const statuses: readonly number[] = typeof status === 'number' ? [status] : status;
  const codes: readonly string[] = typeof code === 'string' ? [code] : code;
  const seen = describeResponse(response);
  assert.ok(response.status < 500, `${label}: a server error for bad input: ${seen}`);
  assert.ok(statuses.includes(response.status), `${label}: expected ${statuses.join(' or ')}, got ${seen}`);
  const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  for (const leak of leaks) assert.doesNotMatch(text, leak, `${label}: internals in the body: ${seen}`);
  assert.equal(typeof response.body, 'object', `${label}: the body is not JSON: ${seen}`);
  const error = response.body?.error as { code?: unknown; message?: unknown } | undefined;
  assert.ok(error !== null && typeof error === 'object', `${label}: no { error: { code, message } } envelope: ${seen}`);
  assert.ok(
    typeof error.code === 'string' && Object.hasOwn(errorCodes, error.code),
    `${label}: "${String(error.code)}" is not a stable code of src/domain/errors.ts: ${seen}`,
  );
  assert.ok(codes.includes(error.code), `${label}: expected code ${codes.join(' or ')}, got ${seen}`);
  assert.equal(errorCodes[error.code as ErrorCode], response.status, `${label}: code and status disagree: ${seen}`);
  assert.ok(typeof error.message === 'string' && error.message.trim() !== '', `${label}: empty message: ${seen}`);
}

async function run(row: Row): Promise<void> {
  const headers: Record<string, string> = { ...(row.headers ? value(row.headers) : {}) };
  let payload: string | undefined;
  if (row.body !== undefined) {
    payload = JSON.stringify(value(row.body));
    headers['content-type'] ??= 'application/json';
  } else if (row.raw !== undefined) {
    payload = value(row.raw);
    if (row.type !== undefined) headers['content-type'] = row.type;
  }
  const method = row.method ?? (payload === undefined ? 'GET' : 'POST');
  const response = await send({
    method,
    url: value(row.url),
    token: row.token === undefined ? undefined : value(row.token),
    headers,
    ...(payload === undefined ? {} : { payload }),
  });
  assertError(response, row.status, row.code, `${method} ${value(row.url).slice(0, 120)}`);
}

function table(rows: Row[]): void {
  for (const row of rows) test(row.name, () => run(row));
}

async function requestCode(target: Line, remoteAddress = freshIp()): Promise<Response> {
  return sendJson('POST', '/v1/auth/codes', { msisdn: target.msisdn, iccid: target.iccid }, { remoteAddress });
}

/** Number + ICCID, the code from the demo inbox, a session; every step from a fresh address. */
async function signIn(target: Line): Promise<Session> {
  const sent = await requestCode(target);
  assert.equal(sent.status, 201, `code for ${target.msisdn}: ${describeResponse(sent)}`);
  const code = await latestCode(harness, target.msisdn);
  const session = await sendJson('POST', '/v1/auth/sessions', { challengeId: sent.body.challengeId, code });
  assert.equal(session.status, 201, `session for ${target.msisdn}: ${describeResponse(session)}`);
  return { ...target, token: session.body.token, challengeId: sent.body.challengeId, code };
}

async function staffSignIn(role: StaffRole): Promise<string> {
  const response = await sendJson('POST', '/v1/staff/sessions', {
    email: `${role}@demo.simexit.test`,
    password: 'simexit-demo',
  });
  assert.equal(response.status, 201, `staff sign-in ${role}: ${describeResponse(response)}`);
  return response.body.token;
}

async function signInAllStaff(): Promise<Record<StaffRole, string>> {
  return {
    agent: await staffSignIn('agent'),
    store: await staffSignIn('store'),
    clerk: await staffSignIn('clerk'),
    supervisor: await staffSignIn('supervisor'),
    admin: await staffSignIn('admin'),
  };
}

const scan = {
  filename: 'letter.pdf',
  contentType: 'application/pdf',
  contentBase64: Buffer.from('%PDF-1.4 scanned letter').toString('base64'),
};

/** A valid mailed-letter filing for de-prepaid, with overrides for the verification and the top level. */
function mailBody(verification: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
  return {
    channel: 'mail',
    msisdn: line('de-prepaid').msisdn,
    decisions: { balance: { option: 'refund' } },
    verification: {
      method: 'mailed_letter',
      holderName: 'Jonas Müller',
      address: null,
      dateOfBirth: null,
      letterDate: '2026-11-20',
      scan,
      ...verification,
    },
    ...top,
  };
}

/** A phone filing whose call confirmation will never be checked (auth and validation come first). */
function phoneBody(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'phone',
    msisdn: line('uk-debt').msisdn,
    verification: { method: 'line_confirmation', confirmationId: randomUUID() },
    ...overrides,
  };
}

function storeBody(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'store',
    msisdn: line('uk-contract').msisdn,
    decisions: { acceptEarlyTerminationCharge: true },
    verification: {
      method: 'id_document',
      documentType: 'passport',
      documentNumber: '512876930',
      holderName: 'harry walker',
    },
    ...overrides,
  };
}

/** Every POST (and PUT and PATCH) route with a body, a token that gets past authorisation, and a valid body. */
interface PostRoute {
  route: string;
  /** POST unless said otherwise. */
  method?: 'PUT' | 'PATCH';
  url: () => string;
  token?: () => string;
  valid: () => Record<string, unknown>;
  /** `{}` is a complete body (every field has a default). */
  emptyObjectIsValid?: boolean;
  /** The route's body limit is 8 MB rather than 64 KB. */
  largeBodies?: boolean;
}

const postRoutes: PostRoute[] = [
  {
    route: 'POST /v1/auth/codes',
    url: () => '/v1/auth/codes',
    valid: () => ({ msisdn: fx.owner.msisdn, iccid: fx.owner.iccid }),
  },
  {
    route: 'POST /v1/auth/sessions',
    url: () => '/v1/auth/sessions',
    valid: () => ({ challengeId: randomUUID(), code: '123456' }),
  },
  {
    route: 'POST /v1/staff/sessions',
    url: () => '/v1/staff/sessions',
    valid: () => ({ email: 'nobody@demo.simexit.test', password: 'simexit-demo' }),
  },
  {
    route: 'POST /v1/lines/:msisdn/checklist',
    url: () => `/v1/lines/${enc(fx.owner.msisdn)}/checklist`,
    token: () => fx.owner.token,
    valid: () => ({ decisions: { balance: { option: 'refund' } } }),
  },
  {
    route: 'POST /v1/cancellations',
    url: () => '/v1/cancellations',
    token: () => fx.owner.token,
    valid: () => ({ msisdn: fx.owner.msisdn, decisions: { balance: { option: 'refund' } } }),
  },
  {
    route: 'POST /v1/cases/:id/withdraw',
    url: () => `/v1/cases/${fx.ownerCase}/withdraw`,
    token: () => fx.owner.token,
    valid: () => ({ reason: 'holder_request' }),
    emptyObjectIsValid: true,
  },
  {
    route: 'POST /v1/cases/:id/info',
    url: () => `/v1/cases/${fx.ownerCase}/info`,
    token: () => fx.owner.token,
    valid: () => ({ message: 'Here is what you asked for.' }),
    largeBodies: true,
  },
  {
    route: 'POST /v1/staff/cases/:id/notes',
    url: () => `/v1/staff/cases/${fx.ownerCase}/notes`,
    token: () => fx.staff.agent,
    valid: () => ({ body: 'Caller confirmed the end date.', visibility: 'internal' }),
  },
  {
    route: 'POST /v1/staff/call-confirmations',
    url: () => '/v1/staff/call-confirmations',
    token: () => fx.staff.agent,
    valid: () => ({ msisdn: line('uk-debt').msisdn }),
  },
  {
    route: 'POST /v1/staff/cases',
    url: () => '/v1/staff/cases',
    token: () => fx.staff.clerk,
    valid: () => mailBody(),
    largeBodies: true,
  },
  {
    route: 'POST /v1/staff/cases/:id/approve',
    url: () => `/v1/staff/cases/${fx.ownerCase}/approve`,
    token: () => fx.staff.clerk,
    valid: () => ({ note: 'looks fine' }),
    emptyObjectIsValid: true,
  },
  {
    route: 'POST /v1/staff/cases/:id/reject',
    url: () => `/v1/staff/cases/${fx.ownerCase}/reject`,
    token: () => fx.staff.clerk,
    valid: () => ({ reason: 'other', note: null }),
  },
  {
    route: 'POST /v1/staff/cases/:id/request-info',
    url: () => `/v1/staff/cases/${fx.ownerCase}/request-info`,
    token: () => fx.staff.clerk,
    valid: () => ({ message: 'Please confirm.' }),
  },
  {
    route: 'POST /v1/staff/cases/:id/card-return',
    url: () => `/v1/staff/cases/${fx.ownerCase}/card-return`,
    token: () => fx.staff.clerk,
    valid: () => ({ iccid: fx.owner.iccid }),
  },
  {
    route: 'POST /v1/staff/cases/bulk',
    url: () => '/v1/staff/cases/bulk',
    token: () => fx.staff.supervisor,
    valid: () => ({ action: 'reject', caseIds: [fx.ownerCase], reason: 'other', note: null }),
  },
  {
    route: 'POST /v1/staff/cases/:id/retry',
    url: () => `/v1/staff/cases/${fx.ownerCase}/retry`,
    token: () => fx.staff.supervisor,
    valid: () => ({}),
    emptyObjectIsValid: true,
  },
  {
    route: 'POST /v1/admin/staff-users',
    url: () => '/v1/admin/staff-users',
    token: () => fx.staff.admin,
    valid: () => ({ email: 'fuzz@demo.simexit.test', name: 'Fuzz', role: 'clerk', password: 'long enough password' }),
  },
  {
    route: 'PATCH /v1/admin/staff-users/:id',
    method: 'PATCH',
    url: () => `/v1/admin/staff-users/${randomUUID()}`,
    token: () => fx.staff.admin,
    valid: () => ({ role: 'clerk' }),
  },
  {
    route: 'PUT /v1/admin/policies/:market',
    method: 'PUT',
    url: () => '/v1/admin/policies/UK',
    token: () => fx.staff.admin,
    valid: () => ({ changes: { coolingOffHours: 30 }, note: 'Fuzzing', expectedVersion: 1 }),
  },
];

/** Bodies built once: 200 KB (over the 64 KB default) and 9 MB (over the 8 MB of scanned letters). */
const padded = (body: Record<string, unknown>, bytes: number) =>
  JSON.stringify({ ...body, padding: 'x'.repeat(bytes) });

/** Phone numbers nobody should be able to get past the parser, as strings or other JSON. */
const badMsisdns: { name: string; value: unknown }[] = [
  { name: 'letters', value: 'abcdefghij' },
  { name: 'letters after the country code', value: '+44abcdefghij' },
  { name: 'too short', value: '+44' },
  { name: 'too short for the schema', value: '12' },
  { name: 'too long', value: '+44770090010112345678901234' },
  { name: 'too long for the parser', value: '+4477009001011234567890123456789' },
  { name: 'too long for the schema', value: `+44${'7'.repeat(40)}` },
  // A national number is read in each market's format where no market is known yet; this one is a
  // mobile number in none of them (only a German landline).
  { name: 'a national number that is no mobile number in any market', value: '07700 9001' },
  { name: 'missing country code (no plus)', value: '447700900101' },
  { name: 'emoji inside', value: '+44📱7700900101' },
  { name: 'only emoji', value: '📱📱📱' },
  { name: 'SQL-ish', value: "'; DROP TABLE cases; --" },
  { name: 'SQL-ish after a valid number', value: "+447700900101' OR '1'='1" },
  { name: 'two plus signs', value: '++447700900101' },
  { name: 'whitespace only', value: '     ' },
  { name: 'NUL byte inside', value: '+44770090\u00000101' },
  { name: 'unassigned country code', value: '+999123456789' },
  { name: 'a JSON number', value: 447700900101 },
  { name: 'null', value: null },
  { name: 'a boolean', value: true },
  { name: 'an array', value: ['+447700900101'] },
  { name: 'an object', value: { msisdn: '+447700900101' } },
  { name: 'empty string', value: '' },
];
const pathMsisdns = badMsisdns.filter(
  (m): m is { name: string; value: string } => typeof m.value === 'string' && m.value !== '',
);
const msisdnStatus = 400;
const msisdnCodes: ErrorCode[] = ['INVALID_MSISDN', 'VALIDATION_FAILED'];

/** SIM serial numbers that must not pass, built from a valid one (the owner's card). */
const badIccids: { name: string; make: (valid: string) => unknown }[] = [
  { name: 'wrong length (15 digits)', make: (valid) => valid.slice(0, 15) },
  { name: 'wrong length (21 digits)', make: (valid) => `${valid}00`.slice(0, 21) },
  { name: 'wrong length (22 digits)', make: (valid) => `${valid}000`.slice(0, 22) },
  { name: 'bad Luhn check digit', make: (valid) => `${valid.slice(0, -1)}${(Number(valid.slice(-1)) + 1) % 10}` },
  { name: 'wrong prefix', make: (valid) => `12${valid.slice(2)}` },
  { name: 'letters', make: () => '8944ABCDEFGHIJKLMNO' },
  { name: 'letters at the end', make: (valid) => `${valid.slice(0, -3)}abc` },
  { name: 'emoji inside', make: (valid) => `${valid.slice(0, 8)}📱${valid.slice(8)}` },
  { name: 'SQL-ish', make: () => "89' OR '1'='1' --" },
  { name: 'NUL byte inside', make: (valid) => `${valid.slice(0, 8)}\u0000${valid.slice(8)}` },
  { name: 'too short for the schema', make: () => '894412' },
  { name: 'too long for the schema', make: () => '8'.repeat(40) },
  { name: 'a JSON number', make: () => 8944001234567890 },
  { name: 'null', make: () => null },
  { name: 'an array', make: (valid) => [valid] },
];
const iccidCodes: ErrorCode[] = ['INVALID_ICCID', 'VALIDATION_FAILED'];

describe('bad input everywhere gets a 4xx with a stable code, never a 5xx', () => {
  before(async () => {
    harness = await startHarness();
    const lines = await personaLines(harness);
    fx = { lines } as Fixtures;
    fx.staff = await signInAllStaff();
    fx.owner = await signIn(line('uk-prepaid-credit'));
    fx.stranger = await signIn(line('de-contract'));

    const created = await sendJson(
      'POST',
      '/v1/cancellations',
      { msisdn: fx.owner.msisdn, decisions: { balance: { option: 'refund' } } },
      { token: fx.owner.token, headers: { 'idempotency-key': OWNER_KEY } },
    );
    assert.equal(created.status, 201, describeResponse(created));
    fx.ownerCase = created.body.id;

    const strangers = await sendJson(
      'POST',
      '/v1/cancellations',
      { msisdn: fx.stranger.msisdn, decisions: { acceptEarlyTerminationCharge: true } },
      { token: fx.stranger.token },
    );
    assert.equal(strangers.status, 201, describeResponse(strangers));
    fx.withdrawnCase = strangers.body.id;
    const withdrawn = await sendJson(
      'POST',
      `/v1/cases/${fx.withdrawnCase}/withdraw`,
      {},
      { token: fx.stranger.token },
    );
    assert.equal(withdrawn.status, 200, describeResponse(withdrawn));

    const filed = await sendJson('POST', '/v1/staff/cases', storeBody(), {
      token: fx.staff.store,
      headers: { 'idempotency-key': STAFF_KEY },
    });
    assert.equal(filed.status, 201, describeResponse(filed));
    fx.staffCase = filed.body.id;
    // Assessment runs now, so the cases sit in cooling-off (no review, no card return) for what follows.
    await harness.drain();
  });
  after(() => harness?.close());

  describe('malformed phone numbers', () => {
    /** A line whose market offers balance transfers, with no open case: the target number gets parsed. */
    let transferrer: Session;
    before(async () => {
      transferrer = await signIn(line('cn-prepaid'));
    });
    const transferTo = (name: string, target: () => string): Row => ({
      name: `POST /v1/cancellations: balance transfer to ${name} → 400`,
      url: '/v1/cancellations',
      token: () => transferrer.token,
      body: () => ({ msisdn: transferrer.msisdn, decisions: { balance: { option: 'transfer', toMsisdn: target() } } }),
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    table([
      transferTo('the same line', () => transferrer.msisdn),
      transferTo('a line in another market', () => fx.owner.msisdn),
      transferTo('a number nobody has', () => '+8613800138999'),
    ]);
    for (const bad of badMsisdns) {
      table([
        {
          name: `POST /v1/auth/codes: msisdn ${bad.name}`,
          url: '/v1/auth/codes',
          body: () => ({ msisdn: bad.value, iccid: fx.owner.iccid }),
          status: msisdnStatus,
          code: msisdnCodes,
        },
        {
          name: `POST /v1/cancellations: msisdn ${bad.name}`,
          url: '/v1/cancellations',
          token: () => fx.owner.token,
          body: () => ({ msisdn: bad.value }),
          status: msisdnStatus,
          code: msisdnCodes,
        },
        {
          name: `POST /v1/staff/call-confirmations: msisdn ${bad.name}`,
          url: '/v1/staff/call-confirmations',
          token: () => fx.staff.agent,
          body: { msisdn: bad.value },
          status: msisdnStatus,
          code: msisdnCodes,
        },
        {
          name: `POST /v1/cancellations: balance transfer to ${bad.name}`,
          url: '/v1/cancellations',
          token: () => transferrer.token,
          body: () => ({
            msisdn: transferrer.msisdn,
            decisions: { balance: { option: 'transfer', toMsisdn: bad.value } },
          }),
          status: msisdnStatus,
          code: msisdnCodes,
        },
      ]);
    }
    for (const bad of pathMsisdns) {
      table([
        {
          name: `GET /v1/lines/:msisdn/checklist: ${bad.name}`,
          url: `/v1/lines/${enc(bad.value)}/checklist`,
          token: () => fx.owner.token,
          status: msisdnStatus,
          code: msisdnCodes,
        },
        {
          name: `POST /v1/lines/:msisdn/checklist: ${bad.name}`,
          url: `/v1/lines/${enc(bad.value)}/checklist`,
          token: () => fx.owner.token,
          body: { decisions: {} },
          status: msisdnStatus,
          code: msisdnCodes,
        },
        {
          name: `GET /v1/staff/lines/:msisdn: ${bad.name}`,
          url: `/v1/staff/lines/${enc(bad.value)}`,
          token: () => fx.staff.clerk,
          status: msisdnStatus,
          code: msisdnCodes,
        },
        {
          name: `GET /demo/inbox/:address: ${bad.name}`,
          url: `/demo/inbox/${enc(bad.value)}`,
          status: msisdnStatus,
          code: msisdnCodes,
        },
        {
          name: `POST /demo/lines/:msisdn/pay-debt: ${bad.name}`,
          method: 'POST',
          url: `/demo/lines/${enc(bad.value)}/pay-debt`,
          status: msisdnStatus,
          code: msisdnCodes,
        },
      ]);
    }
    const unknownNumber = '+447700900999';
    table([
      {
        // The same answer as a known number with a wrong ICCID: the form reveals no live numbers.
        name: 'a well-formed number nobody has: POST /v1/auth/codes → 422 IDENTITY_NOT_VERIFIED',
        url: '/v1/auth/codes',
        body: () => ({ msisdn: unknownNumber, iccid: fx.owner.iccid }),
        status: 422,
        code: 'IDENTITY_NOT_VERIFIED',
      },
      {
        name: 'a well-formed number nobody has: GET checklist → 404 LINE_NOT_FOUND',
        url: `/v1/lines/${enc(unknownNumber)}/checklist`,
        token: () => fx.owner.token,
        status: 404,
        code: 'LINE_NOT_FOUND',
      },
      {
        name: 'a well-formed number nobody has: POST /v1/cancellations → 404 LINE_NOT_FOUND',
        url: '/v1/cancellations',
        token: () => fx.owner.token,
        body: { msisdn: unknownNumber },
        status: 404,
        code: 'LINE_NOT_FOUND',
      },
      {
        name: 'a well-formed number nobody has: POST /v1/staff/call-confirmations → 404 LINE_NOT_FOUND',
        url: '/v1/staff/call-confirmations',
        token: () => fx.staff.agent,
        body: { msisdn: unknownNumber },
        status: 404,
        code: 'LINE_NOT_FOUND',
      },
      {
        name: 'a well-formed number nobody has: POST /demo/lines/:msisdn/pay-debt → 404 LINE_NOT_FOUND',
        method: 'POST',
        url: `/demo/lines/${enc(unknownNumber)}/pay-debt`,
        status: 404,
        code: 'LINE_NOT_FOUND',
      },
      {
        name: 'an e-mail address with a NUL byte: GET /demo/inbox/:address → 400',
        url: `/demo/inbox/${enc('someone\u0000@example.com')}`,
        status: 400,
        code: 'VALIDATION_FAILED',
      },
    ]);
  });

  describe('malformed ICCIDs', () => {
    for (const bad of badIccids) {
      table([
        {
          name: `POST /v1/auth/codes: iccid ${bad.name}`,
          url: '/v1/auth/codes',
          body: () => ({ msisdn: fx.owner.msisdn, iccid: bad.make(fx.owner.iccid) }),
          status: 400,
          code: iccidCodes,
        },
        {
          name: `POST /v1/staff/cases/:id/card-return: iccid ${bad.name}`,
          url: () => `/v1/staff/cases/${fx.ownerCase}/card-return`,
          token: () => fx.staff.clerk,
          body: () => ({ iccid: bad.make(fx.owner.iccid) }),
          status: 400,
          code: iccidCodes,
        },
      ]);
    }
    table([
      {
        name: "POST /v1/auth/codes: somebody else's (valid) ICCID → 422 IDENTITY_NOT_VERIFIED",
        url: '/v1/auth/codes',
        body: () => ({ msisdn: fx.owner.msisdn, iccid: fx.stranger.iccid }),
        status: 422,
        code: 'IDENTITY_NOT_VERIFIED',
      },
      {
        name: "POST /v1/staff/cases/:id/card-return: another case's (valid) ICCID → 422 ICCID_MISMATCH",
        url: () => `/v1/staff/cases/${fx.ownerCase}/card-return`,
        token: () => fx.staff.clerk,
        body: () => ({ iccid: fx.stranger.iccid }),
        status: 422,
        code: 'ICCID_MISMATCH',
      },
      {
        name: 'POST /v1/auth/codes: both iccid and accountLogin',
        url: '/v1/auth/codes',
        body: () => ({ msisdn: fx.owner.msisdn, iccid: fx.owner.iccid, accountLogin: 'someone' }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'POST /v1/auth/codes: neither iccid nor accountLogin',
        url: '/v1/auth/codes',
        body: () => ({ msisdn: fx.owner.msisdn }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'POST /v1/auth/codes: empty accountLogin',
        url: '/v1/auth/codes',
        body: () => ({ msisdn: fx.owner.msisdn, accountLogin: '' }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'POST /v1/auth/codes: accountLogin as a number',
        url: '/v1/auth/codes',
        body: () => ({ msisdn: fx.owner.msisdn, accountLogin: 12345 }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
    ]);
  });

  describe('request bodies: unknown fields, wrong shapes, not JSON, wrong content type, too large', () => {
    for (const spec of postRoutes) {
      const { route } = spec;
      const base = {
        url: spec.url,
        ...(spec.method ? { method: spec.method } : {}),
        ...(spec.token ? { token: spec.token } : {}),
      };
      const rows: Row[] = [
        {
          name: `${route}: an unknown field`,
          ...base,
          body: () => ({ ...spec.valid(), unexpected: true }),
          status: 400,
          code: 'VALIDATION_FAILED',
        },
        {
          name: `${route}: a __proto__ key`,
          ...base,
          raw: () => JSON.stringify(spec.valid()).replace(/^\{/, '{"__proto__":{"isAdmin":true},'),
          type: 'application/json',
          status: 400,
          code: 'VALIDATION_FAILED',
        },
        { name: `${route}: an array body`, ...base, body: [], status: 400, code: 'VALIDATION_FAILED' },
        {
          name: `${route}: an array of the valid body`,
          ...base,
          body: () => [spec.valid()],
          status: 400,
          code: 'VALIDATION_FAILED',
        },
        { name: `${route}: a string body`, ...base, body: 'hello', status: 400, code: 'VALIDATION_FAILED' },
        { name: `${route}: a number body`, ...base, body: 42, status: 400, code: 'VALIDATION_FAILED' },
        {
          name: `${route}: a null body`,
          ...base,
          raw: 'null',
          type: 'application/json',
          status: 400,
          code: 'VALIDATION_FAILED',
        },
        {
          name: `${route}: an empty JSON body`,
          ...base,
          raw: '',
          type: 'application/json',
          status: 400,
          code: 'VALIDATION_FAILED',
        },
        {
          name: `${route}: not JSON ({bad)`,
          ...base,
          raw: '{bad',
          type: 'application/json',
          status: 400,
          code: 'VALIDATION_FAILED',
        },
        {
          name: `${route}: truncated JSON`,
          ...base,
          raw: () => JSON.stringify(spec.valid()).slice(0, -1),
          type: 'application/json',
          status: 400,
          code: 'VALIDATION_FAILED',
        },
        {
          name: `${route}: text/plain → 415`,
          ...base,
          raw: () => JSON.stringify(spec.valid()),
          type: 'text/plain',
          status: 415,
          code: 'UNSUPPORTED_MEDIA_TYPE',
        },
        {
          name: `${route}: form-encoded → 415`,
          ...base,
          raw: 'msisdn=%2B447700900101',
          type: 'application/x-www-form-urlencoded',
          status: 415,
          code: 'UNSUPPORTED_MEDIA_TYPE',
        },
        {
          name: `${route}: XML → 415`,
          ...base,
          raw: '<msisdn>+447700900101</msisdn>',
          type: 'application/xml',
          status: 415,
          code: 'UNSUPPORTED_MEDIA_TYPE',
        },
        {
          name: `${route}: a body without a content type → 415`,
          ...base,
          raw: () => JSON.stringify(spec.valid()),
          status: 415,
          code: 'UNSUPPORTED_MEDIA_TYPE',
        },
        {
          name: `${route}: a body over the limit → 413`,
          ...base,
          raw: () => padded(spec.valid(), spec.largeBodies ? 9 * 1024 * 1024 : 200 * 1024),
          type: 'application/json',
          status: 413,
          code: 'BODY_TOO_LARGE',
        },
        {
          name: `${route}: deeply nested JSON`,
          ...base,
          raw: `{"deep":${'['.repeat(5000)}${']'.repeat(5000)}}`,
          type: 'application/json',
          status: 400,
          code: 'VALIDATION_FAILED',
        },
        {
          name: `${route}: thousands of unknown keys`,
          ...base,
          body: () => ({
            ...spec.valid(),
            ...Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i])),
          }),
          status: 400,
          code: 'VALIDATION_FAILED',
        },
      ];
      if (!spec.emptyObjectIsValid) {
        rows.push({
          name: `${route}: missing required fields ({})`,
          ...base,
          body: {},
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }
      table(rows);
    }

    table([
      {
        name: 'POST /v1/staff/cases: 100 KB (under its 8 MB limit) of unknown field is still a 400',
        url: '/v1/staff/cases',
        token: () => fx.staff.clerk,
        raw: () => padded(mailBody(), 100 * 1024),
        type: 'application/json',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'POST /v1/staff/cases: a scan over 5 MB → 400',
        url: '/v1/staff/cases',
        token: () => fx.staff.clerk,
        body: () =>
          mailBody({ scan: { ...scan, contentBase64: Buffer.alloc(5 * 1024 * 1024 + 3, 1).toString('base64') } }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
    ]);
  });

  describe('wrong types, nulls and missing fields, route by route', () => {
    const decisionsRows = (route: string, url: () => string, wrap: (decisions: unknown) => unknown): Row[] =>
      (
        [
          ['decisions as an array', []],
          ['decisions as null', null],
          ['decisions as a string', 'refund'],
          ['acceptEarlyTerminationCharge as the string "true"', { acceptEarlyTerminationCharge: 'true' }],
          ['acceptEarlyTerminationCharge as 1', { acceptEarlyTerminationCharge: 1 }],
          ['acceptEarlyTerminationCharge as null', { acceptEarlyTerminationCharge: null }],
          ['an unknown balance option', { balance: { option: 'teleport' } }],
          ['balance as a string', { balance: 'refund' }],
          ['balance as an array', { balance: [{ option: 'refund' }] }],
          ['forfeit without acknowledgement', { balance: { option: 'forfeit' } }],
          ['forfeit acknowledged false', { balance: { option: 'forfeit', acknowledged: false } }],
          ['forfeit acknowledged "true"', { balance: { option: 'forfeit', acknowledged: 'true' } }],
          ['transfer without a number', { balance: { option: 'transfer' } }],
          ['refund with an unknown field', { balance: { option: 'refund', iban: 'GB00' } }],
          ['acknowledgedServiceIds as a string', { acknowledgedServiceIds: 'all' }],
          ['acknowledgedServiceIds as an object', { acknowledgedServiceIds: { 0: 'x' } }],
          ['acknowledgedServiceIds with numbers', { acknowledgedServiceIds: [1, 2] }],
          ['acknowledgedServiceIds with an empty id', { acknowledgedServiceIds: [''] }],
          [
            'acknowledgedServiceIds with 51 ids',
            { acknowledgedServiceIds: Array.from({ length: 51 }, (_, i) => `s${i}`) },
          ],
          ['an unknown decision', { waiveEverything: true }],
        ] as const
      ).map(([name, decisions]) => ({
        name: `${route}: ${name}`,
        url,
        token: () => fx.owner.token,
        body: () => wrap(decisions),
        status: 400,
        code: 'VALIDATION_FAILED',
      }));

    table(
      decisionsRows(
        'POST /v1/cancellations',
        () => '/v1/cancellations',
        (decisions) => ({ msisdn: fx.owner.msisdn, decisions }),
      ),
    );
    table(
      decisionsRows(
        'POST /v1/lines/:msisdn/checklist',
        () => `/v1/lines/${enc(fx.owner.msisdn)}/checklist`,
        (decisions) => ({ decisions }),
      ),
    );

    const cancellation = (extra: Record<string, unknown>) => () => ({ msisdn: fx.owner.msisdn, ...extra });
    const cancellationRow = (name: string, extra: Record<string, unknown>): Row => ({
      name: `POST /v1/cancellations: ${name}`,
      url: '/v1/cancellations',
      token: () => fx.owner.token,
      body: cancellation(extra),
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    table([
      cancellationRow('confirmationEmail not an e-mail', { confirmationEmail: 'not-an-email' }),
      cancellationRow('confirmationEmail as a number', { confirmationEmail: 42 }),
      cancellationRow('confirmationEmail over 254 characters', { confirmationEmail: `${'a'.repeat(250)}@example.com` }),
      cancellationRow('leavingReason over 500 characters', { leavingReason: 'x'.repeat(501) }),
      cancellationRow('leavingReason as an array', { leavingReason: ['price'] }),
      cancellationRow('leavingReason as a number', { leavingReason: 7 }),
      cancellationRow('decisions as null', { decisions: null }),
      {
        name: 'POST /v1/cancellations: msisdn missing',
        url: '/v1/cancellations',
        token: () => fx.owner.token,
        body: { decisions: {} },
        status: 400,
        code: 'VALIDATION_FAILED',
      },
    ]);

    const sessionRow = (name: string, body: () => unknown): Row => ({
      name: `POST /v1/auth/sessions: ${name}`,
      url: '/v1/auth/sessions',
      body,
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    table([
      sessionRow('a 5-digit code', () => ({ challengeId: randomUUID(), code: '12345' })),
      sessionRow('a 7-digit code', () => ({ challengeId: randomUUID(), code: '1234567' })),
      sessionRow('a code of letters', () => ({ challengeId: randomUUID(), code: 'abcdef' })),
      sessionRow('a code with a space inside', () => ({ challengeId: randomUUID(), code: '123 456' })),
      sessionRow('a code of full-width digits', () => ({ challengeId: randomUUID(), code: '１２３４５６' })),
      sessionRow('a code as a JSON number', () => ({ challengeId: randomUUID(), code: 123456 })),
      sessionRow('a code as null', () => ({ challengeId: randomUUID(), code: null })),
      sessionRow('an empty code', () => ({ challengeId: randomUUID(), code: '' })),
      sessionRow('no code', () => ({ challengeId: randomUUID() })),
      sessionRow('a challengeId that is not a UUID', () => ({ challengeId: 'abc', code: '123456' })),
      sessionRow('a challengeId as a number', () => ({ challengeId: 1, code: '123456' })),
      sessionRow('no challengeId', () => ({ code: '123456' })),
      {
        name: 'POST /v1/auth/sessions: an unknown challengeId → 400 CODE_INVALID',
        url: '/v1/auth/sessions',
        body: () => ({ challengeId: randomUUID(), code: '123456' }),
        status: 400,
        code: 'CODE_INVALID',
      },
      {
        name: 'POST /v1/auth/sessions: a code that was already used → 410 CODE_EXPIRED',
        url: '/v1/auth/sessions',
        body: () => ({ challengeId: fx.owner.challengeId, code: fx.owner.code }),
        status: 410,
        code: 'CODE_EXPIRED',
      },
    ]);

    const staffSessionRow = (name: string, body: unknown): Row => ({
      name: `POST /v1/staff/sessions: ${name}`,
      url: '/v1/staff/sessions',
      body,
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    table([
      staffSessionRow('email not an e-mail', { email: 'clerk', password: 'simexit-demo' }),
      staffSessionRow('email as null', { email: null, password: 'simexit-demo' }),
      staffSessionRow('email over 254 characters', { email: `${'a'.repeat(250)}@x.test`, password: 'x' }),
      staffSessionRow('an empty password', { email: 'clerk@demo.simexit.test', password: '' }),
      staffSessionRow('password as a number', { email: 'clerk@demo.simexit.test', password: 12345678 }),
      staffSessionRow('password over 200 characters', { email: 'clerk@demo.simexit.test', password: 'p'.repeat(201) }),
      staffSessionRow('no password', { email: 'clerk@demo.simexit.test' }),
      {
        name: 'POST /v1/staff/sessions: a wrong password → 401 INVALID_CREDENTIALS',
        url: '/v1/staff/sessions',
        body: { email: 'clerk@demo.simexit.test', password: 'not-the-password' },
        status: 401,
        code: 'INVALID_CREDENTIALS',
      },
      {
        name: 'POST /v1/staff/sessions: an unknown account → 401 INVALID_CREDENTIALS',
        url: '/v1/staff/sessions',
        body: { email: "x'; drop table staff_users; --@demo.simexit.test", password: 'simexit-demo' },
        status: [400, 401],
        code: ['VALIDATION_FAILED', 'INVALID_CREDENTIALS'],
      },
    ]);

    const subscriberCaseRow = (path: string, name: string, body: unknown): Row => ({
      name: `POST /v1/cases/:id/${path}: ${name}`,
      url: () => `/v1/cases/${fx.ownerCase}/${path}`,
      token: () => fx.owner.token,
      body,
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    table([
      subscriberCaseRow('withdraw', 'an unknown reason', { reason: 'because' }),
      subscriberCaseRow('withdraw', 'reason as null', { reason: null }),
      subscriberCaseRow('withdraw', 'reason as a number', { reason: 1 }),
      subscriberCaseRow('info', 'an empty message', { message: '' }),
      subscriberCaseRow('info', 'a blank message', { message: '   \n\t ' }),
      subscriberCaseRow('info', 'a message over 4000 characters', { message: 'x'.repeat(4001) }),
      subscriberCaseRow('info', 'message as null', { message: null }),
      subscriberCaseRow('info', 'message as an object', { message: { text: 'hi' } }),
    ]);

    const staffCaseRow = (name: string, body: () => unknown, token: () => string = () => fx.staff.clerk): Row => ({
      name: `POST /v1/staff/cases: ${name}`,
      url: '/v1/staff/cases',
      token,
      body,
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    const agent = () => fx.staff.agent;
    const store = () => fx.staff.store;
    table([
      staffCaseRow('no channel', () => ({ ...mailBody(), channel: undefined })),
      staffCaseRow('an unknown channel', () => mailBody({}, { channel: 'carrier-pigeon' })),
      staffCaseRow('the online channel (subscribers only)', () => mailBody({}, { channel: 'online' })),
      staffCaseRow('channel as null', () => mailBody({}, { channel: null })),
      staffCaseRow('verification as null', () => mailBody({}, { verification: null })),
      staffCaseRow('verification as an array', () => mailBody({}, { verification: [] })),
      staffCaseRow('verification as a string', () => mailBody({}, { verification: 'trust me' })),
      staffCaseRow('an unknown verification method', () => mailBody({ method: 'telepathy' })),
      staffCaseRow('verification with an unknown field', () => mailBody({ fingerprint: 'x' })),
      staffCaseRow('scan with an unknown field', () => mailBody({ scan: { ...scan, virusScanned: true } })),
      staffCaseRow('no scan', () => mailBody({ scan: undefined })),
      staffCaseRow('scan of an unsupported type', () => mailBody({ scan: { ...scan, contentType: 'text/html' } })),
      staffCaseRow('scan content not base64', () => mailBody({ scan: { ...scan, contentBase64: 'not base64!!' } })),
      staffCaseRow('an empty scan', () => mailBody({ scan: { ...scan, contentBase64: '' } })),
      staffCaseRow('an empty scan filename', () => mailBody({ scan: { ...scan, filename: '' } })),
      staffCaseRow('a blank holder name', () => mailBody({ holderName: '   ' })),
      staffCaseRow('holderName as a number', () => mailBody({ holderName: 42 })),
      staffCaseRow('agentOverride as "yes"', () => mailBody({}, { agentOverride: 'yes' })),
      staffCaseRow('agentOverride as 1', () => mailBody({}, { agentOverride: 1 })),
      staffCaseRow('overrideNote over 1000 characters', () => mailBody({}, { overrideNote: 'x'.repeat(1001) })),
      staffCaseRow(
        'the old read-back code instead of a call confirmation',
        () => phoneBody({ verification: { method: 'otp_to_line', challengeId: randomUUID(), code: '123456' } }),
        agent,
      ),
      staffCaseRow(
        'a call confirmation with a code besides',
        () => phoneBody({ verification: { ...phoneVerification(), code: '123456' } }),
        agent,
      ),
      staffCaseRow(
        'a confirmationId that is not a UUID',
        () => phoneBody({ verification: { ...phoneVerification(), confirmationId: 'x' } }),
        agent,
      ),
      staffCaseRow(
        'a confirmationId as a number',
        () => phoneBody({ verification: { ...phoneVerification(), confirmationId: 42 } }),
        agent,
      ),
      staffCaseRow(
        'an unknown ID document type',
        () => storeBody({ verification: { ...storeVerification(), documentType: 'library_card' } }),
        store,
      ),
      staffCaseRow(
        'a 2-character document number',
        () => storeBody({ verification: { ...storeVerification(), documentNumber: ' ab ' } }),
        store,
      ),
      staffCaseRow(
        'the mail channel with an ID document',
        () => storeBody({ channel: 'mail' }),
        () => fx.staff.supervisor,
      ),
      staffCaseRow(
        'the store channel with a mailed letter',
        () => mailBody({}, { channel: 'store' }),
        () => fx.staff.supervisor,
      ),
      {
        name: 'POST /v1/staff/cases: an unknown confirmationId → 404 CALL_CONFIRMATION_NOT_FOUND',
        url: '/v1/staff/cases',
        token: agent,
        body: () => phoneBody(),
        status: 404,
        code: 'CALL_CONFIRMATION_NOT_FOUND',
      },
    ]);

    const decisionRow = (
      path: string,
      name: string,
      body: unknown,
      token: () => string = () => fx.staff.clerk,
    ): Row => ({
      name: `POST /v1/staff/cases/:id/${path}: ${name}`,
      url: () => `/v1/staff/cases/${fx.ownerCase}/${path}`,
      token,
      body,
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    table([
      decisionRow('approve', 'note as a number', { note: 123 }),
      decisionRow('approve', 'note as an array', { note: ['ok'] }),
      decisionRow('approve', 'a note over 2000 characters', { note: 'x'.repeat(2001) }),
      decisionRow('reject', 'no reason', { note: 'no' }),
      decisionRow('reject', 'an unknown reason', { reason: 'dont_like_it' }),
      decisionRow('reject', 'reason as null', { reason: null }),
      decisionRow('reject', 'a note over 2000 characters', { reason: 'other', note: 'x'.repeat(2001) }),
      decisionRow('request-info', 'no message', {}),
      decisionRow('request-info', 'an empty message', { message: '' }),
      decisionRow('request-info', 'a blank message', { message: '  ' }),
      decisionRow('request-info', 'a message over 4000 characters', { message: 'x'.repeat(4001) }),
      decisionRow('card-return', 'no iccid', {}),
      decisionRow('retry', 'a field', { force: true }, () => fx.staff.supervisor),
    ]);

    const queueRow = (query: string): Row => ({
      name: `GET /v1/staff/review-queue?${query}`,
      url: `/v1/staff/review-queue?${query}`,
      token: () => fx.staff.clerk,
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    table(
      [
        'limit=0',
        'limit=201',
        'limit=-1',
        'limit=abc',
        'limit=1.5',
        'limit=1e400',
        'limit=5&limit=6',
        'market=XX',
        'market=uk',
        'channel=pigeon',
        'riskSignal=bad_vibes',
        'state=completed',
        'escalated=1',
        'cursor=garbage',
        `cursor=${'A'.repeat(600)}`,
        'unknown=1',
      ].map(queueRow),
    );
  });

  describe('bad dates', () => {
    const endDates: [string, unknown][] = [
      ['30 February', '2026-02-30'],
      ['29 February of a common year', '2026-02-29'],
      ['month 13', '2026-13-01'],
      ['month 0', '2026-00-10'],
      ['day 32', '2026-12-32'],
      ['DD/MM/YYYY', '31/12/2026'],
      ['MM/DD/YYYY', '12/31/2026'],
      ['a word', 'tomorrow'],
      ['empty', ''],
      ['a timestamp', '2026-12-31T00:00:00Z'],
      ['no dashes', '20261231'],
      ['no zero padding', '2026-1-1'],
      ['leading space', ' 2026-12-31'],
      ['a number', 123],
      ['a date-like number', 20261231],
      ['a boolean', true],
      ['an object', { year: 2026, month: 12, day: 31 }],
      ['an array', ['2026-12-31']],
    ];
    table(
      endDates.map(([name, date]) => ({
        name: `POST /v1/cancellations: requestedEndDate ${name}`,
        url: '/v1/cancellations',
        token: () => fx.owner.token,
        body: () => ({ msisdn: fx.owner.msisdn, requestedEndDate: date }),
        status: 400,
        code: ['VALIDATION_FAILED', 'INVALID_DATE'],
      })),
    );

    const mailDates: [string, string, unknown][] = [
      ['letterDate', '30 February', '2026-02-30'],
      ['letterDate', 'DD/MM/YYYY', '20/11/2026'],
      ['letterDate', 'a word', 'yesterday'],
      ['letterDate', 'a number', 20261120],
      ['letterDate', 'null', null],
      ['letterDate', 'empty', ''],
      ['letterDate', 'a timestamp', '2026-11-20T09:00:00Z'],
      ['dateOfBirth', '29 February of a common year', '1987-02-29'],
      ['dateOfBirth', 'month 13', '1987-13-07'],
      ['dateOfBirth', 'DD/MM/YYYY', '07/07/1987'],
      ['dateOfBirth', 'a number', 19870707],
      ['dateOfBirth', 'a word', 'unknown'],
      ['dateOfBirth', 'empty', ''],
    ];
    table([
      ...mailDates.map(([field, name, date]): Row => ({
        name: `POST /v1/staff/cases (mail): ${field} ${name}`,
        url: '/v1/staff/cases',
        token: () => fx.staff.clerk,
        body: () => mailBody({ [field]: date }),
        status: 400,
        code: ['VALIDATION_FAILED', 'INVALID_DATE'],
      })),
      {
        name: 'POST /v1/staff/cases (mail): no letterDate',
        url: '/v1/staff/cases',
        token: () => fx.staff.clerk,
        body: () => mailBody({ letterDate: undefined }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
    ]);
  });

  describe('control characters in free text (stored text and JSON columns)', () => {
    let bound: Session;
    const acks = ['447700900105-1', '447700900105-2'];
    before(async () => {
      bound = await signIn(line('uk-bound-services'));
    });
    const cancel = (name: string, body: () => unknown, code: ErrorCode[] = ['VALIDATION_FAILED']): Row => ({
      name: `POST /v1/cancellations: ${name}`,
      url: '/v1/cancellations',
      token: () => bound.token,
      body,
      status: 400,
      code,
    });
    table([
      cancel(
        'a year-0 requestedEndDate (passes the schema) → 400 INVALID_DATE',
        () => ({ msisdn: bound.msisdn, decisions: { acknowledgedServiceIds: acks }, requestedEndDate: '0000-01-01' }),
        ['INVALID_DATE', 'VALIDATION_FAILED'],
      ),
      cancel('a NUL byte in leavingReason', () => ({
        msisdn: bound.msisdn,
        decisions: { acknowledgedServiceIds: acks },
        leavingReason: 'too\u0000expensive',
      })),
      cancel('a NUL byte in an acknowledged service id', () => ({
        msisdn: bound.msisdn,
        decisions: { acknowledgedServiceIds: [...acks, 'x\u0000'] },
      })),
      cancel('a lone surrogate in an acknowledged service id', () => ({
        msisdn: bound.msisdn,
        decisions: { acknowledgedServiceIds: [...acks, 'x\ud800'] },
      })),
      {
        name: 'POST /v1/staff/cases (mail): a NUL byte in holderName',
        url: '/v1/staff/cases',
        token: () => fx.staff.clerk,
        body: () => mailBody({ holderName: 'Jonas\u0000Müller' }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'POST /v1/staff/cases (mail): a lone surrogate in holderName',
        url: '/v1/staff/cases',
        token: () => fx.staff.clerk,
        body: () => mailBody({ holderName: 'Jonas \ud800' }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'POST /v1/staff/cases (mail): a NUL byte in the scan filename',
        url: '/v1/staff/cases',
        token: () => fx.staff.clerk,
        body: () => mailBody({ holderName: 'Someone Else', scan: { ...scan, filename: 'letter\u0000.pdf' } }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'POST /v1/staff/cases (mail): a NUL byte in overrideNote',
        url: '/v1/staff/cases',
        token: () => fx.staff.clerk,
        body: () => mailBody({ holderName: 'Someone Else' }, { agentOverride: true, overrideNote: 'odd\u0000' }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
    ]);

    test('a scan filename outside Latin-1 is refused at filing or downloads fine, never a 500', async () => {
      const filed = await sendJson(
        'POST',
        '/v1/staff/cases',
        // A name that does not match, which the clerk rejects: the letter is recorded, the line stays free.
        mailBody({
          holderName: 'Someone Else',
          scan: { ...scan, filename: '📄 Kündigung – Brief.pdf' },
          onMismatch: { outcome: 'reject', reason: 'identity_mismatch', note: null },
        }),
        { token: fx.staff.clerk },
      );
      if (filed.status >= 400) {
        assertError(filed, 400, 'VALIDATION_FAILED', 'filing with a non-Latin-1 filename');
        return;
      }
      assert.equal(filed.status, 201, describeResponse(filed));
      const document = filed.body.staff.documents[0];
      const download = await send({
        method: 'GET',
        url: `/v1/staff/cases/${filed.body.id}/documents/${document.id}`,
        token: fx.staff.clerk,
      });
      assert.ok(download.status < 500, `download of a stored scan: ${describeResponse(download)}`);
      assert.equal(download.status, 200, describeResponse(download));
      assert.equal(download.raw.toString(), '%PDF-1.4 scanned letter');
    });
  });

  describe('idempotency keys', () => {
    const cancel = (key: string, extra: Record<string, unknown> = {}): Row => ({
      name: '',
      url: '/v1/cancellations',
      token: () => fx.owner.token,
      headers: { 'idempotency-key': key },
      body: () => ({ msisdn: fx.owner.msisdn, decisions: { balance: { option: 'refund' } }, ...extra }),
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    test('the same key with the same body replays the case (200), not a second one', async () => {
      const replay = await sendJson(
        'POST',
        '/v1/cancellations',
        { msisdn: fx.owner.msisdn, decisions: { balance: { option: 'refund' } } },
        { token: fx.owner.token, headers: { 'idempotency-key': OWNER_KEY } },
      );
      assert.equal(replay.status, 200, describeResponse(replay));
      assert.equal(replay.body.id, fx.ownerCase);
    });
    table([
      {
        ...cancel(OWNER_KEY, { leavingReason: 'a different body' }),
        name: 'POST /v1/cancellations: the same key with a different body → 409 IDEMPOTENCY_KEY_REUSED',
        status: 409,
        code: 'IDEMPOTENCY_KEY_REUSED',
      },
      {
        ...cancel(OWNER_KEY, { decisions: { balance: { option: 'forfeit', acknowledged: true } } }),
        name: 'POST /v1/cancellations: the same key with different decisions → 409 IDEMPOTENCY_KEY_REUSED',
        status: 409,
        code: 'IDEMPOTENCY_KEY_REUSED',
      },
      {
        ...cancel('bad-input-another-key-0001'),
        name: 'POST /v1/cancellations: a new key for a line with an open case → 409 CASE_ALREADY_OPEN',
        status: 409,
        code: 'CASE_ALREADY_OPEN',
      },
      {
        name: 'POST /v1/staff/cases: the same key with a different body → 409 IDEMPOTENCY_KEY_REUSED',
        url: '/v1/staff/cases',
        token: () => fx.staff.store,
        headers: { 'idempotency-key': STAFF_KEY },
        body: () => storeBody({ agentOverride: true }),
        status: 409,
        code: 'IDEMPOTENCY_KEY_REUSED',
      },
      { ...cancel('short'), name: 'POST /v1/cancellations: a key under 8 characters → 400' },
      { ...cancel(''), name: 'POST /v1/cancellations: an empty key → 400' },
      { ...cancel('has spaces in it'), name: 'POST /v1/cancellations: a key with spaces → 400' },
      { ...cancel('tab\tinside-key'), name: 'POST /v1/cancellations: a key with a tab → 400' },
      { ...cancel('clé-unique-0001'), name: 'POST /v1/cancellations: a key with a non-ASCII letter → 400' },
      { ...cancel('k'.repeat(201)), name: 'POST /v1/cancellations: a key over 200 characters → 400' },
      {
        name: 'POST /v1/staff/cases: a key with spaces → 400',
        url: '/v1/staff/cases',
        token: () => fx.staff.store,
        headers: { 'idempotency-key': 'has spaces in it' },
        body: () => storeBody(),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        name: 'POST /v1/staff/cases: a key under 8 characters → 400',
        url: '/v1/staff/cases',
        token: () => fx.staff.store,
        headers: { 'idempotency-key': 'abc' },
        body: () => storeBody(),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
    ]);
  });

  describe("case ids: other people's, malformed, unknown", () => {
    const subscriberCaseRoutes = (id: () => string): [string, Method, () => string, unknown][] => [
      ['GET /v1/cases/:id', 'GET', () => `/v1/cases/${id()}`, undefined],
      ['GET /v1/cases/:id/receipt.pdf', 'GET', () => `/v1/cases/${id()}/receipt.pdf`, undefined],
      ['POST /v1/cases/:id/withdraw', 'POST', () => `/v1/cases/${id()}/withdraw`, {}],
      ['POST /v1/cases/:id/info', 'POST', () => `/v1/cases/${id()}/info`, { message: 'hello' }],
    ];
    const staffCaseRoutes = (id: () => string): [string, Method, () => string, () => unknown, StaffRole][] => [
      ['GET /v1/staff/cases/:id', 'GET', () => `/v1/staff/cases/${id()}`, () => undefined, 'clerk'],
      ['POST /v1/staff/cases/:id/approve', 'POST', () => `/v1/staff/cases/${id()}/approve`, () => ({}), 'clerk'],
      [
        'POST /v1/staff/cases/:id/reject',
        'POST',
        () => `/v1/staff/cases/${id()}/reject`,
        () => ({ reason: 'other' }),
        'clerk',
      ],
      [
        'POST /v1/staff/cases/:id/request-info',
        'POST',
        () => `/v1/staff/cases/${id()}/request-info`,
        () => ({ message: 'hi' }),
        'clerk',
      ],
      [
        'POST /v1/staff/cases/:id/card-return',
        'POST',
        () => `/v1/staff/cases/${id()}/card-return`,
        () => ({ iccid: fx.owner.iccid }),
        'clerk',
      ],
      ['POST /v1/staff/cases/:id/retry', 'POST', () => `/v1/staff/cases/${id()}/retry`, () => ({}), 'supervisor'],
      [
        'GET /v1/staff/cases/:id/documents/:documentId',
        'GET',
        () => `/v1/staff/cases/${id()}/documents/${randomUUID()}`,
        () => undefined,
        'clerk',
      ],
    ];

    // Somebody else's case looks exactly like one that does not exist.
    table([
      ...subscriberCaseRoutes(() => fx.ownerCase).map(([route, method, url, body]): Row => ({
        name: `${route}: another subscriber's case → 404 CASE_NOT_FOUND`,
        method,
        url,
        token: () => fx.stranger.token,
        ...(body === undefined ? {} : { body }),
        status: 404,
        code: 'CASE_NOT_FOUND',
      })),
      ...subscriberCaseRoutes(() => fx.withdrawnCase).map(([route, method, url, body]): Row => ({
        name: `${route}: the other way round → 404 CASE_NOT_FOUND`,
        method,
        url,
        token: () => fx.owner.token,
        ...(body === undefined ? {} : { body }),
        status: 404,
        code: 'CASE_NOT_FOUND',
      })),
      ...subscriberCaseRoutes(() => fx.staffCase).map(([route, method, url, body]): Row => ({
        name: `${route}: a case filed by staff for another account → 404 CASE_NOT_FOUND`,
        method,
        url,
        token: () => fx.owner.token,
        ...(body === undefined ? {} : { body }),
        status: 404,
        code: 'CASE_NOT_FOUND',
      })),
      {
        name: "GET /v1/lines/:msisdn/checklist: another subscriber's line → 404 LINE_NOT_FOUND",
        url: () => `/v1/lines/${enc(fx.stranger.msisdn)}/checklist`,
        token: () => fx.owner.token,
        status: 404,
        code: 'LINE_NOT_FOUND',
      },
      {
        name: "POST /v1/cancellations: another subscriber's line → 404 LINE_NOT_FOUND",
        url: '/v1/cancellations',
        token: () => fx.owner.token,
        body: () => ({ msisdn: fx.stranger.msisdn }),
        status: 404,
        code: 'LINE_NOT_FOUND',
      },
    ]);

    const malformedIds = [
      '123',
      'not-a-uuid',
      "1' OR '1'='1",
      '../../etc/passwd',
      '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9a',
      '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8fg',
      '{0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9}',
      'null',
      '🙂',
    ];
    for (const id of malformedIds) {
      table([
        ...subscriberCaseRoutes(() => enc(id)).map(([route, method, url, body]): Row => ({
          name: `${route}: id ${JSON.stringify(id)} → 400`,
          method,
          url,
          token: () => fx.owner.token,
          ...(body === undefined ? {} : { body }),
          status: [400, 404],
          code: ['VALIDATION_FAILED', 'CASE_NOT_FOUND'],
        })),
        ...staffCaseRoutes(() => enc(id)).map(([route, method, url, body, role]): Row => ({
          name: `${route}: id ${JSON.stringify(id)} → 400`,
          method,
          url,
          token: () => fx.staff[role],
          ...(method === 'POST' ? { body } : {}),
          status: [400, 404],
          code: ['VALIDATION_FAILED', 'CASE_NOT_FOUND', 'NOT_FOUND'],
        })),
      ]);
    }
    table([
      ...subscriberCaseRoutes(() => randomUUID()).map(([route, method, url, body]): Row => ({
        name: `${route}: a random UUID → 404 CASE_NOT_FOUND`,
        method,
        url,
        token: () => fx.owner.token,
        ...(body === undefined ? {} : { body }),
        status: 404,
        code: 'CASE_NOT_FOUND',
      })),
      ...staffCaseRoutes(() => randomUUID()).map(([route, method, url, body, role]): Row => ({
        name: `${route}: a random UUID → 404`,
        method,
        url,
        token: () => fx.staff[role],
        ...(method === 'POST' ? { body } : {}),
        status: 404,
        code: route.includes('documents') ? 'NOT_FOUND' : 'CASE_NOT_FOUND',
      })),
      {
        name: 'GET /v1/cases/:id: the nil UUID → 404 CASE_NOT_FOUND',
        url: '/v1/cases/00000000-0000-0000-0000-000000000000',
        token: () => fx.owner.token,
        status: 404,
        code: 'CASE_NOT_FOUND',
      },
      {
        name: 'GET /v1/staff/cases/:id/documents/:documentId: a real case, a random document → 404 NOT_FOUND',
        url: () => `/v1/staff/cases/${fx.ownerCase}/documents/${randomUUID()}`,
        token: () => fx.staff.clerk,
        status: 404,
        code: 'NOT_FOUND',
      },
      {
        name: 'GET /v1/staff/cases/:id/documents/:documentId: a malformed document id → 400',
        url: () => `/v1/staff/cases/${fx.ownerCase}/documents/abc`,
        token: () => fx.staff.clerk,
        status: 400,
        code: 'VALIDATION_FAILED',
      },
    ]);
  });

  describe('authentication and authorisation', () => {
    const staffRoutes: [string, Method, () => string, () => unknown][] = [
      ['GET /v1/staff/review-queue', 'GET', () => '/v1/staff/review-queue', () => undefined],
      ['GET /v1/staff/lines/:msisdn', 'GET', () => `/v1/staff/lines/${enc(fx.owner.msisdn)}`, () => undefined],
      ['GET /v1/staff/cases/:id', 'GET', () => `/v1/staff/cases/${fx.ownerCase}`, () => undefined],
      [
        'GET /v1/staff/cases/:id/documents/:documentId',
        'GET',
        () => `/v1/staff/cases/${fx.ownerCase}/documents/${randomUUID()}`,
        () => undefined,
      ],
      [
        'POST /v1/staff/call-confirmations',
        'POST',
        () => '/v1/staff/call-confirmations',
        () => ({ msisdn: fx.owner.msisdn }),
      ],
      ['POST /v1/staff/cases', 'POST', () => '/v1/staff/cases', () => phoneBody()],
      ['POST /v1/staff/cases/:id/approve', 'POST', () => `/v1/staff/cases/${fx.ownerCase}/approve`, () => ({})],
      [
        'POST /v1/staff/cases/:id/reject',
        'POST',
        () => `/v1/staff/cases/${fx.ownerCase}/reject`,
        () => ({ reason: 'other' }),
      ],
      [
        'POST /v1/staff/cases/:id/request-info',
        'POST',
        () => `/v1/staff/cases/${fx.ownerCase}/request-info`,
        () => ({ message: 'hi' }),
      ],
      [
        'POST /v1/staff/cases/:id/card-return',
        'POST',
        () => `/v1/staff/cases/${fx.ownerCase}/card-return`,
        () => ({ iccid: fx.owner.iccid }),
      ],
      ['POST /v1/staff/cases/:id/retry', 'POST', () => `/v1/staff/cases/${fx.ownerCase}/retry`, () => ({})],
    ];
    const subscriberRoutes: [string, Method, () => string, () => unknown][] = [
      ['GET /v1/lines', 'GET', () => '/v1/lines', () => undefined],
      ['GET /v1/cases', 'GET', () => '/v1/cases', () => undefined],
      ['GET /v1/cases/:id', 'GET', () => `/v1/cases/${fx.ownerCase}`, () => undefined],
      ['GET /v1/cases/:id/receipt.pdf', 'GET', () => `/v1/cases/${fx.ownerCase}/receipt.pdf`, () => undefined],
      ['GET /v1/lines/:msisdn/checklist', 'GET', () => `/v1/lines/${enc(fx.owner.msisdn)}/checklist`, () => undefined],
      [
        'POST /v1/lines/:msisdn/checklist',
        'POST',
        () => `/v1/lines/${enc(fx.owner.msisdn)}/checklist`,
        () => ({ decisions: {} }),
      ],
      ['POST /v1/cancellations', 'POST', () => '/v1/cancellations', () => ({ msisdn: fx.owner.msisdn })],
      ['POST /v1/cases/:id/withdraw', 'POST', () => `/v1/cases/${fx.ownerCase}/withdraw`, () => ({})],
      ['POST /v1/cases/:id/info', 'POST', () => `/v1/cases/${fx.ownerCase}/info`, () => ({ message: 'hi' })],
      ['GET /v1/lines/:msisdn/lock', 'GET', () => `/v1/lines/${enc(fx.owner.msisdn)}/lock`, () => undefined],
      ['PUT /v1/lines/:msisdn/lock', 'PUT', () => `/v1/lines/${enc(fx.owner.msisdn)}/lock`, () => undefined],
      ['DELETE /v1/lines/:msisdn/lock', 'DELETE', () => `/v1/lines/${enc(fx.owner.msisdn)}/lock`, () => undefined],
    ];
    const row = (
      [route, method, url, body]: [string, Method, () => string, () => unknown],
      name: string,
      auth: { token?: () => string; header?: () => string },
      status: number,
      code: ErrorCode,
    ): Row => ({
      name: `${route}: ${name}`,
      method,
      url,
      ...(auth.token ? { token: auth.token } : {}),
      ...(auth.header ? { headers: () => ({ authorization: auth.header!() }) } : {}),
      ...(method === 'POST' ? { body } : {}),
      status,
      code,
    });
    const malformed: [string, () => string][] = [
      ['"Bearer" alone', () => 'Bearer'],
      ['"Bearer " and a short token', () => 'Bearer abc'],
      ['Basic credentials', () => `Basic ${Buffer.from('clerk@demo.simexit.test:simexit-demo').toString('base64')}`],
      ['the token without a scheme', () => fx.staff.clerk],
      ['a token with a character appended', () => `Bearer ${fx.staff.clerk}x`],
      ['two tokens', () => `Bearer ${fx.staff.clerk} ${fx.staff.clerk}`],
      ['a token of 500 characters', () => `Bearer ${'a'.repeat(500)}`],
      ['a token with symbols', () => `Bearer ${'a'.repeat(30)}!$%`],
      ['a well-formed token nobody issued', () => `Bearer ${'A'.repeat(43)}`],
    ];
    for (const route of staffRoutes) {
      table([
        row(route, 'no token → 401', {}, 401, 'UNAUTHENTICATED'),
        row(route, 'a subscriber token → 403', { token: () => fx.owner.token }, 403, 'FORBIDDEN'),
        ...malformed.map(([name, header]) => row(route, `${name} → 401`, { header }, 401, 'UNAUTHENTICATED')),
      ]);
    }
    for (const route of subscriberRoutes) {
      table([
        row(route, 'no token → 401', {}, 401, 'UNAUTHENTICATED'),
        row(route, 'a staff token → 403', { token: () => fx.staff.clerk }, 403, 'FORBIDDEN'),
        ...malformed
          .slice(0, 4)
          .map(([name, header]) => row(route, `${name} → 401`, { header }, 401, 'UNAUTHENTICATED')),
      ]);
    }
    const byRole: [StaffRole, [string, Method, () => string, () => unknown]][] = [
      ['agent', staffRoutes[0]!],
      ['store', staffRoutes[4]!],
      ['agent', staffRoutes[6]!],
      ['store', staffRoutes[9]!],
      ['clerk', staffRoutes[10]!],
      ['clerk', staffRoutes[4]!],
    ];
    table(
      byRole.map(([role, route]) =>
        row(route, `the ${role} role → 403`, { token: () => fx.staff[role] }, 403, 'FORBIDDEN'),
      ),
    );

    test('a signed-out token is refused (401)', async () => {
      const session = await signIn(line('uk-two-lines', 1));
      const out = await send({ method: 'DELETE', url: '/v1/auth/sessions/current', token: session.token });
      assert.equal(out.status, 204, describeResponse(out));
      const after = await send({ method: 'GET', url: '/v1/cases', token: session.token });
      assertError(after, 401, 'UNAUTHENTICATED', 'a signed-out token');
    });
  });

  describe('illegal transitions over HTTP → 409 ILLEGAL_TRANSITION', () => {
    table([
      {
        name: 'POST /v1/cases/:id/withdraw: a withdrawn case',
        url: () => `/v1/cases/${fx.withdrawnCase}/withdraw`,
        token: () => fx.stranger.token,
        body: {},
        status: 409,
        code: 'ILLEGAL_TRANSITION',
      },
      {
        // Any open case takes a message (a question, chasing); an ended one takes nothing more.
        name: 'POST /v1/cases/:id/info: a withdrawn case',
        url: () => `/v1/cases/${fx.withdrawnCase}/info`,
        token: () => fx.stranger.token,
        body: { message: 'one more thing' },
        status: 409,
        code: 'CASE_CLOSED',
      },
      {
        name: 'POST /v1/staff/cases/:id/approve: a case that is not in review',
        url: () => `/v1/staff/cases/${fx.ownerCase}/approve`,
        token: () => fx.staff.clerk,
        body: {},
        status: 409,
        code: 'ILLEGAL_TRANSITION',
      },
      {
        name: 'POST /v1/staff/cases/:id/approve: a withdrawn case',
        url: () => `/v1/staff/cases/${fx.withdrawnCase}/approve`,
        token: () => fx.staff.supervisor,
        body: { note: null },
        status: 409,
        code: 'ILLEGAL_TRANSITION',
      },
      {
        name: 'POST /v1/staff/cases/:id/reject: a case that is not in review',
        url: () => `/v1/staff/cases/${fx.ownerCase}/reject`,
        token: () => fx.staff.clerk,
        body: { reason: 'other' },
        status: 409,
        code: 'ILLEGAL_TRANSITION',
      },
      {
        name: 'POST /v1/staff/cases/:id/request-info: a case in cooling-off',
        url: () => `/v1/staff/cases/${fx.ownerCase}/request-info`,
        token: () => fx.staff.clerk,
        body: { message: 'anything?' },
        status: 409,
        code: 'ILLEGAL_TRANSITION',
      },
      {
        name: 'POST /v1/staff/cases/:id/card-return: a case not awaiting a card (its own ICCID)',
        url: () => `/v1/staff/cases/${fx.ownerCase}/card-return`,
        token: () => fx.staff.clerk,
        body: () => ({ iccid: fx.owner.iccid }),
        status: 409,
        code: 'ILLEGAL_TRANSITION',
      },
      {
        name: 'POST /v1/staff/cases/:id/retry: a case that has not failed',
        url: () => `/v1/staff/cases/${fx.ownerCase}/retry`,
        token: () => fx.staff.supervisor,
        body: {},
        status: 409,
        code: 'ILLEGAL_TRANSITION',
      },
    ]);
  });

  describe('unknown routes and wrong methods → 404 ROUTE_NOT_FOUND', () => {
    const id = '0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9';
    const routes: [Method, string][] = [
      ['GET', '/index.html'],
      ['GET', '/v1'],
      ['GET', '/v1/nope'],
      ['GET', '/v2/cases'],
      ['GET', `/v1/cases/${id}/receipt.txt`],
      ['GET', '/v1/staff/cases'],
      ['POST', '/v1/case'],
      ['GET', '/v1/cancellations'],
      ['PUT', '/v1/cancellations'],
      ['DELETE', '/v1/cancellations'],
      ['OPTIONS', '/v1/cancellations'],
      ['POST', '/v1/cases'],
      ['DELETE', `/v1/cases/${id}`],
      ['PUT', `/v1/cases/${id}`],
      ['GET', `/v1/cases/${id}/withdraw`],
      ['PATCH', `/v1/staff/cases/${id}`],
      ['GET', `/v1/staff/cases/${id}/approve`],
      ['GET', '/v1/auth/codes'],
      ['PUT', '/v1/auth/sessions'],
      ['POST', '/v1/auth/sessions/current'],
      ['GET', '/cases/not-a-page/at-all'],
      ['POST', '/v1/lines'],
      ['POST', '/healthz'],
      ['GET', '/demo/lines/%2B447700900101/pay-debt'],
      ['DELETE', '/demo/personas'],
    ];
    table(
      routes.map(([method, url]) => ({
        name: `${method} ${url}`,
        method,
        url,
        status: 404,
        code: 'ROUTE_NOT_FOUND',
      })),
    );
  });

  describe('malformed URLs get the same error envelope', () => {
    table([
      {
        name: 'a lone % in a path parameter → 400 with a stable code',
        url: '/v1/lines/%/checklist',
        token: () => fx.owner.token,
        status: [400, 404],
        code: ['VALIDATION_FAILED', 'INVALID_MSISDN', 'ROUTE_NOT_FOUND'],
      },
      {
        name: 'a broken UTF-8 escape in a case id → 400 with a stable code',
        url: '/v1/cases/%E0%A4%A',
        token: () => fx.owner.token,
        status: [400, 404],
        code: ['VALIDATION_FAILED', 'CASE_NOT_FOUND', 'ROUTE_NOT_FOUND'],
      },
      {
        name: 'a broken escape in the demo inbox address → 400 with a stable code',
        url: '/demo/inbox/%ZZ447700900101',
        status: [400, 404],
        code: ['VALIDATION_FAILED', 'INVALID_MSISDN', 'ROUTE_NOT_FOUND'],
      },
      {
        name: 'a path parameter over the router limit → 4xx with a stable code',
        url: `/demo/inbox/${'x'.repeat(300)}`,
        status: [400, 404, 414],
        code: ['VALIDATION_FAILED', 'ROUTE_NOT_FOUND'],
      },
    ]);
  });

  describe('rate limits', () => {
    test('POST /v1/auth/codes: the 11th request a minute from one address → 429 RATE_LIMITED', async () => {
      const address = '192.0.2.11';
      for (let i = 1; i <= 10; i++) {
        const response = await sendJson('POST', '/v1/auth/codes', { msisdn: 'abc' }, { remoteAddress: address });
        assertError(response, 400, msisdnCodes, `request ${i}`);
      }
      const limited = await sendJson('POST', '/v1/auth/codes', { msisdn: 'abc' }, { remoteAddress: address });
      assertError(limited, 429, 'RATE_LIMITED', 'request 11');
      // Per address: another one is not affected.
      const other = await sendJson('POST', '/v1/auth/codes', { msisdn: 'abc' }, { remoteAddress: '192.0.2.12' });
      assertError(other, 400, msisdnCodes, 'another address');
    });

    for (const [url, body] of [
      ['/v1/auth/sessions', { challengeId: 'x', code: '1' }],
      ['/v1/staff/sessions', { email: 'x', password: '' }],
    ] as const) {
      test(`POST ${url}: the 21st request a minute from one address → 429 RATE_LIMITED`, async () => {
        const address = url.includes('staff') ? '192.0.2.21' : '192.0.2.22';
        for (let i = 1; i <= 20; i++) {
          const response = await sendJson('POST', url, body, { remoteAddress: address });
          assertError(response, 400, 'VALIDATION_FAILED', `request ${i}`);
        }
        const limited = await sendJson('POST', url, body, { remoteAddress: address });
        assertError(limited, 429, 'RATE_LIMITED', 'request 21');
      });
    }

    test('a fourth code for one number within 15 minutes → 429 RATE_LIMITED, from any address', async () => {
      const target = line('uk-debt-arrangement');
      for (let i = 1; i <= 3; i++) {
        const response = await requestCode(target);
        assert.equal(response.status, 201, `code ${i}: ${describeResponse(response)}`);
      }
      assertError(await requestCode(target), 429, 'RATE_LIMITED', 'code 4');
    });

    test('five wrong codes lock the number: 400 CODE_INVALID ×4, then 423 CODE_LOCKED', async () => {
      const target = line('uk-sim-swap');
      const sent = await requestCode(target);
      assert.equal(sent.status, 201, describeResponse(sent));
      const right = await latestCode(harness, target.msisdn);
      const wrong = right === '000000' ? '111111' : '000000';
      for (let attempt = 1; attempt <= 4; attempt++) {
        const response = await sendJson('POST', '/v1/auth/sessions', {
          challengeId: sent.body.challengeId,
          code: wrong,
        });
        assertError(response, 400, 'CODE_INVALID', `wrong code ${attempt}`);
      }
      const fifth = await sendJson('POST', '/v1/auth/sessions', { challengeId: sent.body.challengeId, code: wrong });
      assertError(fifth, 423, 'CODE_LOCKED', 'wrong code 5');
      const right6 = await sendJson('POST', '/v1/auth/sessions', { challengeId: sent.body.challengeId, code: right });
      assertError(right6, 423, 'CODE_LOCKED', 'the right code after the lock');
      assertError(await requestCode(target), 423, 'CODE_LOCKED', 'a new code while locked');
    });
  });

  describe('fuzz: random JSON never causes a 5xx', () => {
    /** Strings that have broken parsers, databases and headers before. */
    const nasty = fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\ud800',
      '\udfff',
      '🙂',
      '\u202e',
      "' OR 1=1 --",
      '"; DROP TABLE cases; --',
      '../../etc/passwd',
      '%00',
      '<script>',
      '9'.repeat(400),
      '1e400',
      '-0',
      'null',
      'undefined',
      'NaN',
      '__proto__',
      '2026-02-30',
      '+447700900101',
    );
    const anyJson: fc.Arbitrary<unknown> = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }),
      fc.object({ maxDepth: 2 }),
    );
    const leaf: fc.Arbitrary<unknown> = fc.oneof(
      { arbitrary: fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }), weight: 2 },
      { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
      { arbitrary: nasty, weight: 3 },
      { arbitrary: fc.constant(undefined), weight: 1 },
    );

    function paths(body: unknown, prefix: string[] = []): string[][] {
      if (body === null || typeof body !== 'object' || Array.isArray(body)) return [];
      return Object.entries(body).flatMap(([key, inner]) => [[...prefix, key], ...paths(inner, [...prefix, key])]);
    }
    function setAt(body: unknown, path: string[], replacement: unknown): unknown {
      const copy = structuredClone(body) as Record<string, unknown>;
      let target = copy;
      for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
      const last = path[path.length - 1]!;
      if (replacement === undefined) delete target[last];
      else target[last] = replacement;
      return copy;
    }
    /** The valid body with one field (at any depth) replaced by something odd, or removed. */
    function mutated(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
      const all = paths(valid);
      if (all.length === 0) return fc.dictionary(fc.string(), leaf, { maxKeys: 2 });
      return fc.tuple(fc.constantFrom(...all), leaf).map(([path, replacement]) => setAt(valid, path, replacement));
    }

    function expectNo5xx(label: string, response: Response, input: unknown): void {
      assert.ok(
        response.status < 500,
        `${label} answered ${describeResponse(response)} for ${JSON.stringify(input)?.slice(0, 300)}`,
      );
    }

    for (const spec of postRoutes) {
      test(`${spec.route}: ${FUZZ_RUNS} random and mutated bodies`, async () => {
        const valid = spec.valid();
        const bodies = fc.oneof({ arbitrary: anyJson, weight: 1 }, { arbitrary: mutated(valid), weight: 1 });
        await fc.assert(
          fc.asyncProperty(bodies, async (body) => {
            const response = await send({
              method: 'POST',
              url: spec.url(),
              token: spec.token?.(),
              headers: { 'content-type': 'application/json' },
              payload: JSON.stringify(body) ?? 'null',
            });
            expectNo5xx(spec.route, response, body);
          }),
          { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
        );
      });
    }

    test(`POST /demo/lines/:msisdn/pay-debt: ${FUZZ_RUNS} random bodies`, async () => {
      await fc.assert(
        fc.asyncProperty(anyJson, async (body) => {
          const response = await send({
            method: 'POST',
            url: `/demo/lines/${enc(line('uk-debt').msisdn)}/pay-debt`,
            headers: { 'content-type': 'application/json' },
            payload: JSON.stringify(body) ?? 'null',
          });
          expectNo5xx('pay-debt', response, body);
        }),
        { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
      );
    });

    const segment: fc.Arbitrary<string> = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary-ascii', maxLength: 40 }),
      fc.uuid(),
      fc.stringMatching(/^\+?[0-9 ()-]{0,20}$/),
      fc
        .tuple(fc.string({ unit: 'binary-ascii', maxLength: 12 }), fc.string({ unit: 'binary-ascii', maxLength: 12 }))
        .map(([local, domain]) => `${local}@${domain}`),
      nasty.filter((s) => !/[\ud800-\udfff]/.test(s)),
    );
    const getRoutes: [string, (s: string) => string, () => string | undefined][] = [
      ['GET /v1/lines/:msisdn/checklist', (s) => `/v1/lines/${s}/checklist`, () => fx.owner.token],
      ['GET /v1/staff/lines/:msisdn', (s) => `/v1/staff/lines/${s}`, () => fx.staff.clerk],
      ['GET /v1/cases/:id', (s) => `/v1/cases/${s}`, () => fx.owner.token],
      ['GET /v1/cases/:id/receipt.pdf', (s) => `/v1/cases/${s}/receipt.pdf`, () => fx.owner.token],
      ['GET /v1/staff/cases/:id', (s) => `/v1/staff/cases/${s}`, () => fx.staff.clerk],
      [
        'GET /v1/staff/cases/:id/documents/:documentId',
        (s) => `/v1/staff/cases/${fx.ownerCase}/documents/${s}`,
        () => fx.staff.clerk,
      ],
      ['GET /v1/staff/review-queue?limit=', (s) => `/v1/staff/review-queue?limit=${s}`, () => fx.staff.clerk],
      ['GET /demo/inbox/:address', (s) => `/demo/inbox/${s}`, () => undefined],
    ];
    for (const [route, url, token] of getRoutes) {
      test(`${route}: ${FUZZ_RUNS} random path parameters`, async () => {
        await fc.assert(
          fc.asyncProperty(segment, async (raw) => {
            const response = await send({ method: 'GET', url: url(enc(raw)), token: token() });
            expectNo5xx(route, response, raw);
          }),
          { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
        );
      });
    }
  });

  // Tests that move the clock come last.
  describe('expired codes', () => {
    test('a code used after OTP_TTL (10 minutes) → 410 CODE_EXPIRED', async () => {
      const target = line('uk-debt');
      const sent = await requestCode(target);
      assert.equal(sent.status, 201, describeResponse(sent));
      const code = await latestCode(harness, target.msisdn);
      harness.clock.advance(10 * MINUTE + 1000);
      const late = await sendJson('POST', '/v1/auth/sessions', { challengeId: sent.body.challengeId, code });
      assertError(late, 410, 'CODE_EXPIRED', 'an expired code');
    });
  });

  describe('control characters in review notes and answers (a case in review)', () => {
    let holder: Session;
    let caseId: string;
    before(async () => {
      holder = await signIn(line('uk-contact-change'));
      const created = await sendJson('POST', '/v1/cancellations', { msisdn: holder.msisdn }, { token: holder.token });
      assert.equal(created.status, 201, describeResponse(created));
      caseId = created.body.id;
      await harness.drain();
      await harness.advance(25 * HOUR);
      fx.staff = await signInAllStaff();
      const view = await send({ method: 'GET', url: `/v1/staff/cases/${caseId}`, token: fx.staff.clerk });
      assert.equal(view.body.state, 'in_review', describeResponse(view));
    });
    const staffRow = (path: string, name: string, body: unknown): Row => ({
      name: `POST /v1/staff/cases/:id/${path}: ${name}`,
      url: () => `/v1/staff/cases/${caseId}/${path}`,
      token: () => fx.staff.clerk,
      body,
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    table([
      staffRow('request-info', 'a NUL byte in the message', { message: 'Please\u0000confirm' }),
      staffRow('request-info', 'a lone surrogate in the message', { message: 'Please confirm \ud800' }),
      staffRow('approve', 'a NUL byte in the note', { note: 'fine\u0000' }),
      staffRow('reject', 'a NUL byte in the note', { reason: 'other', note: 'no\u0000' }),
    ]);
    test('a valid request for information still works (the case waits for the holder)', async () => {
      const asked = await sendJson(
        'POST',
        `/v1/staff/cases/${caseId}/request-info`,
        { message: 'Was the e-mail change yours?' },
        { token: fx.staff.clerk },
      );
      assert.equal(asked.status, 200, describeResponse(asked));
      assert.equal(asked.body.state, 'needs_info');
      holder = await signIn(line('uk-contact-change'));
    });
    const holderRow = (name: string, message: string): Row => ({
      name: `POST /v1/cases/:id/info: ${name}`,
      url: () => `/v1/cases/${caseId}/info`,
      token: () => holder.token,
      body: { message },
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    table([
      holderRow('a NUL byte in the answer', 'Yes\u0000it was'),
      holderRow('a lone surrogate in the answer', 'Yes \udc00'),
    ]);
  });
});

function phoneVerification() {
  return { method: 'line_confirmation', confirmationId: randomUUID() };
}

function storeVerification() {
  return { method: 'id_document', documentType: 'passport', documentNumber: '512876930', holderName: 'harry walker' };
}
