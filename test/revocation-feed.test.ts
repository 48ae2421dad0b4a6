import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync, verify, type JsonWebKey } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';
import { generateDueReports } from '../src/services/market-reports.service.js';
import { revocationKeySet } from '../src/services/revocation-feed.service.js';
import { caseIn, demoLine, staffSession } from './support/factories.js';
import { clientToken, startHarness, type Harness } from './support/harness.js';

/**
 * The revocation feed a bank polls (GET /v1/numbers/revocations) and the monthly revocation list.
 * The bank's side is written here as an integrator would write it from docs/REVOCATION-FEED.md, with
 * node:crypto alone: the Content-Digest recomputed from the body, the RFC 9421 signature base rebuilt
 * from Signature-Input, and Ed25519 checked against the published JWK.
 */

interface Entry {
  id: string;
  type: string;
  msisdn: string;
  market: string;
  disconnectedAt: string;
  reason: string;
}

/** RFC 9421 verification of a response, as a relying party does it. */
function verifyAnswer(response: { status: number; headers: Record<string, unknown>; raw: Buffer }, keys: JsonWebKey[]) {
  const digest = String(response.headers['content-digest']);
  if (digest !== `sha-256=:${createHash('sha256').update(response.raw).digest('base64')}:`) return 'digest';
  const input = /^simexit=(\(([^)]*)\).*)$/.exec(String(response.headers['signature-input']));
  const signature = /^simexit=:([A-Za-z0-9+/=]+):$/.exec(String(response.headers.signature));
  if (!input || !signature) return 'malformed';
  const params = input[1]!;
  if (!/;alg="ed25519"/.test(params) || !/;tag="simexit-revocations"/.test(params)) return 'parameters';
  const keyId = /;keyid="([^"]+)"/.exec(params)?.[1];
  const jwk = keys.find((key) => key.kid === keyId);
  if (!jwk) return 'unknown key';
  const lines = input[2]!.split(' ').map((quoted) => {
    const name = quoted.slice(1, -1);
    const value = name === '@status' ? String(response.status) : String(response.headers[name]).trim();
    return `"${name}": ${value}`;
  });
  const base = [...lines, `"@signature-params": ${params}`].join('\n');
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  return verify(null, Buffer.from(base, 'utf8'), key, Buffer.from(signature[1]!, 'base64')) ? 'ok' : 'signature';
}

describe('revocation feed', () => {
  let harness: Harness;
  let bank: string;
  let keys: JsonWebKey[];
  /** The three completed cases, in the order they completed. */
  const completed: { msisdn: string; caseId: string; market: string }[] = [];

  const feed = (query: string, token: string | null = bank) =>
    harness.request({ method: 'GET', url: `/v1/numbers/revocations${query}`, token: token ?? undefined });
  /** Our cases' entries in a list (the seeded demo has none of its own, but the test does not rely on it). */
  const ours = (entries: Entry[]) => entries.filter((e) => completed.some((c) => c.msisdn === e.msisdn));

  before(async () => {
    harness = await startHarness({ start: '2026-11-02T09:00:00Z' });
    for (const [persona, decisions] of [
      ['uk-prepaid-credit', { balance: { option: 'refund' } }],
      ['de-prepaid', { balance: { option: 'refund' } }],
      ['uk-two-lines', { balance: { option: 'forfeit', acknowledged: true } }],
    ] as const) {
      const line = await demoLine(harness, persona);
      const done = await caseIn(harness, 'completed', line, { decisions });
      completed.push({ msisdn: line.msisdn, caseId: done.id, market: done.market });
    }
    bank = await clientToken(harness, 'demo-bank', 'demo-bank-secret');
    const published = await harness.request({ method: 'GET', url: '/v1/numbers/revocations/keys' });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    keys = published.body.keys;
  });
  after(() => harness?.close());

  test("a completed case's number is in the feed for a bank's token, with its market, instant and id", async () => {
    const answer = await feed('');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const entries = ours(answer.body.entries);
    assert.deepEqual(
      entries.map((e) => [e.msisdn, e.market, e.type, e.reason, e.id]),
      completed.map((c) => [c.msisdn, c.market, 'number.deactivated', 'subscriber_request', `deactivated:${c.caseId}`]),
    );
    const ledger = await harness.system.context.db
      .selectFrom('number_ownership_events')
      .select(['msisdn', 'at'])
      .where('event', '=', 'deactivated')
      .where('case_id', '=', completed[0]!.caseId)
      .executeTakeFirstOrThrow();
    assert.equal(entries[0]!.disconnectedAt, new Date(ledger.at).toISOString());
    assert.match(entries[0]!.msisdn, /^\+[1-9]\d{6,14}$/);
    assert.equal(answer.body.more, false);
  });

  test('paging with limit and the cursor gives every entry once, in order, and resumes where it stopped', async () => {
    const everything: Entry[] = (await feed('?limit=1000')).body.entries;
    const paged: Entry[] = [];
    let since: string | null = null;
    for (let pages = 0; pages < 50; pages += 1) {
      const page = await feed(`?limit=2${since === null ? '' : `&since=${encodeURIComponent(since)}`}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.ok(page.body.entries.length <= 2);
      paged.push(...page.body.entries);
      assert.equal(page.body.more, page.body.entries.length === 2);
      since = page.body.next;
      if (!page.body.more) break;
    }
    assert.deepEqual(paged, everything);
    assert.equal(new Set(paged.map((e) => e.id)).size, paged.length, 'no entry twice');
    assert.ok(ours(paged).length === 3);

    // Nothing new: the same cursor back. A disconnection after it: exactly that one.
    const idle = await feed(`?since=${encodeURIComponent(since!)}`);
    assert.deepEqual([idle.body.entries, idle.body.next, idle.body.more], [[], since, false]);
    // The account's other line (the demo lists an account's lines in no fixed order).
    const candidates = [await demoLine(harness, 'uk-two-lines', 0), await demoLine(harness, 'uk-two-lines', 1)];
    const line = candidates.find((l) => !completed.some((c) => c.msisdn === l.msisdn))!;
    const done = await caseIn(harness, 'completed', line, {
      decisions: { balance: { option: 'forfeit', acknowledged: true } },
    });
    bank = await clientToken(harness, 'demo-bank', 'demo-bank-secret');
    const resumed = await feed(`?since=${encodeURIComponent(since!)}`);
    assert.deepEqual(
      resumed.body.entries.map((e: Entry) => e.id),
      [`deactivated:${done.id}`],
    );
    completed.push({ msisdn: line.msisdn, caseId: done.id, market: done.market });
  });

  test('the signature and the digest verify with node:crypto against the published key, and fail on a changed body', async () => {
    const answer = await feed('?limit=2');
    assert.equal(verifyAnswer(answer, keys), 'ok');
    assert.equal(keys.length, 1);
    assert.deepEqual([keys[0]!.kty, keys[0]!.crv, keys[0]!.alg, keys[0]!.use], ['OKP', 'Ed25519', 'EdDSA', 'sig']);
    // One changed character of the body: the digest no longer matches.
    const changed = Buffer.from(answer.raw.toString('utf8').replace('+44', '+45'));
    assert.notDeepEqual(changed, answer.raw);
    assert.equal(verifyAnswer({ ...answer, raw: changed }, keys), 'digest');
    // The digest header made to match the changed body: the signature no longer does.
    const forged = {
      ...answer,
      raw: changed,
      headers: {
        ...answer.headers,
        'content-digest': `sha-256=:${createHash('sha256').update(changed).digest('base64')}:`,
      },
    };
    assert.equal(verifyAnswer(forged, keys), 'signature');
    // Another status over the same body and headers: refused too.
    assert.equal(verifyAnswer({ ...answer, status: 204 }, keys), 'signature');
    // A key that is not the deployment's: refused.
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    assert.equal(verifyAnswer(answer, [{ ...other, kid: keys[0]!.kid }]), 'signature');
  });

  test('every process signs with the one key: kept in the database, or the configured one', async () => {
    const { context } = harness.system;
    // Another process: a context of its own over the same database.
    assert.deepEqual((await revocationKeySet({ ...context })).keys, keys);
    const generated = await context.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'revocation_feed.key_generated')
      .execute();
    assert.equal(generated.length, 1, 'generated once, audited');

    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = String(privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const configured = loadConfig({ DATA_DIR: 'memory://', REVOCATION_SIGNING_KEY: pem.replace(/\n/g, '\\n') });
    const set = await revocationKeySet({ ...context, config: configured });
    assert.equal(set.keys[0]!.x, publicKey.export({ format: 'jwk' }).x);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    assert.throws(
      () => loadConfig({ DATA_DIR: 'memory://', REVOCATION_SIGNING_KEY: String(rsa) }),
      (error: unknown) =>
        error instanceof ConfigError && error.problems.some((p) => p.startsWith('REVOCATION_SIGNING_KEY')),
    );
  });

  test('refusals: 401 without a token, 403 with the wrong scope, 400 with a stable code for a bad cursor or limit; all signed', async () => {
    const anonymous = await feed('', null);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.error.code, 'UNAUTHENTICATED');
    assert.equal(verifyAnswer(anonymous, keys), 'ok');
    const unknownToken = await feed('', 'x'.repeat(40));
    assert.equal(unknownToken.status, 401);

    const activation = await clientToken(harness, 'demo-activation', 'demo-activation-secret');
    const wrongScope = await feed('?limit=0', activation);
    assert.equal(wrongScope.status, 403, 'the scope is checked before the query');
    assert.equal(wrongScope.body.error.code, 'FORBIDDEN');
    assert.deepEqual(wrongScope.body.error.details, { scope: 'number-revocations:read' });

    for (const since of ['not-a-cursor', Buffer.from('{"v":1,"p":"x"}').toString('base64url'), '%2B%2F', '']) {
      const bad = await feed(`?since=${since}`);
      assert.equal(bad.status, 400, `since=${since}`);
      assert.equal(bad.body.error.code, 'CURSOR_INVALID', `since=${since}`);
      assert.equal(bad.body.error.details.field, 'querystring.since');
      assert.equal(verifyAnswer(bad, keys), 'ok');
    }
    for (const limit of ['0', '1001', 'ten', '1.5']) {
      const bad = await feed(`?limit=${limit}`);
      assert.equal(bad.status, 400, `limit=${limit}`);
      assert.equal(bad.body.error.code, 'VALIDATION_FAILED');
      assert.equal(bad.body.error.details.issues[0].field, 'querystring.limit');
    }
    const unknown = await feed('?from=2026-01-01');
    assert.equal(unknown.status, 400);
  });

  test('the monthly revocation list: produced on the 8th for the month before, one per market, with its rows', async () => {
    // Staff sessions last hours and the clock jumps weeks: a session of the moment for each look.
    const admin = () => staffSession(harness, 'admin@demo.simexit.test');
    const revocationLists = async (market: string) =>
      (
        (await harness.request({ method: 'GET', url: `/v1/admin/reports?market=${market}`, token: await admin() })).body
          .reports as { id: string; kind: string; period: string; rowCount: number }[]
      ).filter((r) => r.kind === 'mobile_number_revocation_list');

    harness.clock.set('2026-12-07T22:00:00Z');
    await generateDueReports(harness.system.context);
    assert.deepEqual(
      (await revocationLists('UK')).map((r) => r.period),
      ['2026-10'],
      'on the 7th the list due is October’s; November’s waits for the 8th',
    );
    harness.clock.set('2026-12-08T00:30:00Z');
    assert.ok((await generateDueReports(harness.system.context)).includes('mobile_number_revocation_list'));
    assert.deepEqual(await generateDueReports(harness.system.context), [], 'nothing twice');

    const entries: Entry[] = ours(
      (await feed('?limit=1000', await clientToken(harness, 'demo-bank', 'demo-bank-secret'))).body.entries,
    );
    const zones: Record<string, string> = { UK: 'Europe/London', DE: 'Europe/Berlin' };
    for (const market of ['UK', 'DE']) {
      const november = (await revocationLists(market)).find((r) => r.period === '2026-11');
      assert.ok(november, `${market}: November's list`);
      const rows = entries
        .filter((e) => e.market === market)
        .map((e) => {
          const day = new Intl.DateTimeFormat('en-CA', { timeZone: zones[market] }).format(new Date(e.disconnectedAt));
          return `${e.msisdn},${day},subscriber_request`;
        });
      assert.ok(rows.length > 0);
      const download = await harness.request({
        method: 'GET',
        url: `/v1/admin/reports/${november.id}`,
        token: await admin(),
      });
      assert.equal(download.status, 200);
      assert.equal(download.body, ['mobile_number,date_of_disconnection,reason_category', ...rows, ''].join('\n'));
      assert.equal(november.rowCount, rows.length);
    }
    const cn = (await revocationLists('CN')).find((r) => r.period === '2026-11');
    assert.equal(cn?.rowCount, 0, 'a market with no disconnection gets an empty list');
    assert.equal(
      (await revocationLists('US')).find((r) => r.period === '2026-11'),
      undefined,
      'in New York it is still the 7th',
    );
  });
  test(
    'a disconnection not yet committed holds back the ones recorded after it, so no cursor passes it',
    { skip: process.env.DATABASE_URL ? false : 'needs two connections (a PostgreSQL server)' },
    async () => {
      const { db } = harness.system.context;
      bank = await clientToken(harness, 'demo-bank', 'demo-bank-secret');
      const last = (await feed('?limit=1000')).body;
      const fact = (key: string) => ({
        msisdn: completed[0]!.msisdn,
        subscriber_id: null,
        event: 'deactivated',
        at: harness.clock.now(),
        case_id: completed[0]!.caseId,
        source: 'simexit',
        dedupe_key: key,
        recorded_at: harness.clock.now(),
      });
      let commitSlow!: () => void;
      const slowMayCommit = new Promise<void>((resolve) => (commitSlow = resolve));
      let slowInserted!: () => void;
      const slowHasInserted = new Promise<void>((resolve) => (slowInserted = resolve));
      const slow = db.transaction().execute(async (tx) => {
        await tx.insertInto('number_ownership_events').values(fact('test:slow')).execute();
        slowInserted();
        await slowMayCommit;
      });
      await slowHasInserted;
      const fast = db
        .transaction()
        .execute((tx) => tx.insertInto('number_ownership_events').values(fact('test:fast')).execute());
      const raced = await Promise.race([
        fast.then(() => 'committed'),
        new Promise((resolve) => setTimeout(() => resolve('waiting'), 500)),
      ]);
      const meanwhile = await feed(`?since=${encodeURIComponent(last.next)}`);
      commitSlow();
      await Promise.all([slow, fast]);
      assert.equal(raced, 'waiting', 'the later transaction waits for the earlier one to commit');
      assert.deepEqual(meanwhile.body.entries, [], 'nothing is served past an uncommitted position');
      const after = await feed(`?since=${encodeURIComponent(last.next)}`);
      assert.deepEqual(
        after.body.entries.map((e: Entry) => e.id),
        ['test:slow', 'test:fast'],
      );
    },
  );
});
