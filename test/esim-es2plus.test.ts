import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { findCase, type CaseRow } from '../src/db/repositories/cases.repository.js';
import { recordReleaseAttempt } from '../src/db/repositories/esim.repository.js';
import { stepsOfCase } from '../src/db/repositories/execution-steps.repository.js';
import { timerDueAt } from '../src/db/repositories/timers.repository.js';
import { makeEid, type EsimProfileState } from '../src/domain/esim.js';
import { makeIccid } from '../src/domain/identifiers.js';
import { es2plusEsim } from '../src/ports/adapters/http/es2plus.js';
import { OutsideSystemUnavailableError } from '../src/ports/adapters/http/json-client.js';
import { caseReference } from '../src/services/presenters.js';
import { caseIn, type DemoLine } from './support/factories.js';
import { startEs2plusServer, type Es2plusServer, type SmdpProfile } from './support/es2plus-server.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * eSIM lines end with their profile released at the operator's SM-DP+ over GSMA SGP.22 ES2+
 * (docs/ESIM-ES2PLUS.md), checked against an SM-DP+ written for the tests from the public definitions
 * (test/support/es2plus-server.ts, its own process on loopback), which remembers each call by its
 * functionCallIdentifier and can fail, or act and lose its answer, on demand.
 */
const SECRET = 'es2plus-notification-secret-for-tests';
const REQUESTER = 'simexit-test-operator';
const HOLDER = 'demo-uk-two-lines';
const HOLDER_EMAIL = 'charlotte.evans@example.co.uk';

let smdp: Es2plusServer;
let harness: Harness;
let operatorUrl: string;

before(async () => {
  smdp = await startEs2plusServer();
  harness = await startHarness({
    env: {
      ES2PLUS_URL: smdp.url,
      ES2PLUS_REQUESTER_ID: REQUESTER,
      ES2PLUS_NOTIFICATION_SECRET: SECRET,
      // Two attempts of a case's execution: a retry, and the last attempt soon after.
      JOB_RETRY_LIMIT: '1',
    },
  });
  // The SM-DP+ calls simexit over the network, as it would the operator's endpoint.
  await harness.app.listen({ port: 0, host: '127.0.0.1' });
  operatorUrl = `http://127.0.0.1:${(harness.app.server.address() as AddressInfo).port}`;
});
after(async () => {
  await harness?.close();
  await smdp?.close();
});

let nextLine = 50;

/**
 * A new pay-as-you-go eSIM line on the demo account of `uk-two-lines` (nothing on it to refund), whose
 * profile the CRM records in `state`, and the same profile at the SM-DP+ in `atSmdp` (absent: the
 * SM-DP+ does not know it).
 */
async function esimLine(
  state: EsimProfileState,
  atSmdp: SmdpProfile['state'] | null,
): Promise<DemoLine & { eid: string | null; matchingId: string }> {
  const n = nextLine++;
  const msisdn = `+4477009001${n}`;
  const iccid = makeIccid(`894410000000000${100 + n}`);
  const eid = state === 'not_downloaded' ? null : makeEid(`89049032${String(n).padStart(22, '0')}`);
  const matchingId = `TEST-MATCHING-${n}`;
  const now = harness.clock.now().getTime();
  await harness.system
    .demo!.ddb.insertInto('lines')
    .values({
      msisdn,
      iccid,
      subscriber_id: HOLDER,
      product_type: 'esim',
      market: 'UK',
      sim_changed_at: null,
      contract_term_ends_on: null,
      prepaid: true,
      billing_stopped_at: null,
      deactivated_at: null,
      registered_at: new Date(now - 400 * 86_400_000),
      last_activity_at: new Date(now - 86_400_000),
      esim_profile_state: state,
      esim_eid: eid,
      esim_matching_id: matchingId,
    })
    .execute();
  if (atSmdp) await smdp.addProfiles([{ iccid, state: atSmdp, eid, matchingId }]);
  return { msisdn, iccid, subscriberId: HOLDER, eid, matchingId };
}

/** The ES2+ calls the SM-DP+ received for a case (its functionCallIdentifier). */
async function callsFor(caseId: string) {
  const { calls } = await smdp.state();
  return calls.filter((call) => call.functionCallIdentifier === `release_esim_profile:${caseId}`);
}

async function profileAtSmdp(iccid: string) {
  return (await smdp.state()).profiles.find((profile) => profile.iccid === iccid);
}

/** Files a case for the line and lets its cooling-off end, running its execution to wherever it gets. */
async function carriedOut(line: DemoLine, before?: (row: CaseRow) => Promise<void>): Promise<CaseRow> {
  const { context } = harness.system;
  const cooling = await caseIn(harness, 'cooling_off', line);
  await before?.(cooling);
  const end = await timerDueAt(context.db, cooling.id, 'cooling_off_end');
  await harness.advance(new Date(end.due_at).getTime() - context.clock.now().getTime());
  // A failed attempt is retried by pg-boss after 1–2 s of real time (its backoff has a floor of a
  // second): drain again until the case settles.
  for (let round = 0; round < 50; round++) {
    const row = (await findCase(context.db, cooling.id))!;
    if (row.state !== 'executing') return row;
    await new Promise((resolve) => setTimeout(resolve, 200));
    await harness.drain();
  }
  return (await findCase(context.db, cooling.id))!;
}

/** Why the case failed, as its timeline says. */
async function failureReason(caseId: string): Promise<string> {
  const event = await harness.system.context.db
    .selectFrom('case_events')
    .select('reason')
    .where('case_id', '=', caseId)
    .where('to_state', '=', 'failed')
    .executeTakeFirst();
  return String(event?.reason);
}

async function releaseStep(caseId: string) {
  const steps = await stepsOfCase(harness.system.context.db, caseId);
  return steps.find((step) => step.step === 'release_esim_profile')?.result;
}

describe('eSIM profiles released at the SM-DP+ (ES2+)', () => {
  let installedCase: CaseRow;
  let installedLine: Awaited<ReturnType<typeof esimLine>>;

  test('an installed profile: the case completes with exactly one cancelOrder, Unavailable, and the holder is told to delete it', async () => {
    installedLine = await esimLine('installed', 'Installed');
    installedCase = await caseIn(harness, 'completed', installedLine);

    const calls = await callsFor(installedCase.id);
    assert.equal(calls.length, 1, JSON.stringify(calls));
    const [call] = calls;
    assert.equal(call!.function, 'cancelOrder');
    assert.equal(call!.outcome, 'executed');
    assert.equal(call!.requester, REQUESTER);
    assert.match(call!.adminProtocol ?? '', /^gsma\/rsp\/v2\./);
    assert.equal(call!.body.iccid, installedLine.iccid);
    assert.equal(call!.body.eid, installedLine.eid);
    assert.equal(call!.body.matchingId, installedLine.matchingId);
    assert.equal(call!.body.finalProfileStatusIndicator, 'Unavailable');
    assert.equal((await profileAtSmdp(installedLine.iccid))?.state, 'Unavailable');

    const step = await releaseStep(installedCase.id);
    assert.equal(step?.status, 'Executed-Success');
    assert.equal(step?.finalProfileStatusIndicator, 'Unavailable');
    assert.equal(step?.profileState, 'installed');

    const reference = caseReference(installedCase.id);
    const cancelled = (await harness.system.demo!.inbox(HOLDER_EMAIL)).filter(
      (message) => message.body.includes(reference) && / is cancelled/.test(message.subject),
    );
    assert.equal(cancelled.length, 1);
    assert.match(cancelled[0]!.body, /delete its profile from your phone/);
  });

  test('a profile never downloaded goes back to stock: Available, without an EID', async () => {
    const line = await esimLine('not_downloaded', 'Released');
    const done = await caseIn(harness, 'completed', line);
    const calls = await callsFor(done.id);
    assert.deepEqual(
      calls.map((call) => [call.outcome, call.body.finalProfileStatusIndicator, 'eid' in call.body]),
      [['executed', 'Available', false]],
    );
    assert.equal((await profileAtSmdp(line.iccid))?.state, 'Available');
  });

  test('a line that is not an eSIM records the step as skipped and calls no SM-DP+', async () => {
    const steps = await stepsOfCase(harness.system.context.db, installedCase.id);
    assert.deepEqual(steps.map((step) => step.step).sort(), [
      'balance',
      'bound_services',
      'deactivate_line',
      'final_bill',
      'quarantine_number',
      'release_esim_profile',
    ]);
    const before = (await smdp.state()).calls.length;
    const card = { msisdn: '+447700900109', iccid: '', subscriberId: HOLDER };
    card.iccid = (await harness.system.demo!.lines()).find((l) => l.msisdn === card.msisdn)!.iccid;
    const done = await caseIn(harness, 'completed', card, {
      decisions: { balance: { option: 'forfeit', acknowledged: true } },
    });
    assert.deepEqual(await releaseStep(done.id), { skipped: 'not an eSIM line' });
    assert.equal((await smdp.state()).calls.length, before);
  });

  test('a 5xx is retried: once in place, then by the job while the case shows it waits; the profile is cancelled once', async () => {
    const line = await esimLine('installed', 'Installed');
    // Three answers of 503: the first job attempt (a call and its two quick repeats) gives up.
    await smdp.injectFaults([
      { kind: 'status', status: 503 },
      { kind: 'status', status: 503 },
      { kind: 'status', status: 503 },
    ]);
    const done = await carriedOut(line);
    assert.equal(done.state, 'completed');
    const calls = await callsFor(done.id);
    assert.deepEqual(
      calls.map((call) => call.outcome),
      ['fault', 'fault', 'fault', 'executed'],
    );
    const waited = await harness.system.context.db
      .selectFrom('case_events')
      .select(['type', 'reason'])
      .where('case_id', '=', done.id)
      .where('type', '=', 'waiting_for_outside_system')
      .execute();
    assert.deepEqual(waited, [{ type: 'waiting_for_outside_system', reason: 'esim' }]);
  });

  test('an answer lost after the SM-DP+ acted: the call is repeated with the same identifier and counted once', async () => {
    const line = await esimLine('installed', 'Installed');
    await smdp.injectFaults([{ kind: 'drop_after_executing' }]);
    const done = await carriedOut(line);
    assert.equal(done.state, 'completed');
    const calls = await callsFor(done.id);
    assert.deepEqual(
      calls.map((call) => call.outcome),
      ['executed', 'replayed'],
    );
    assert.equal(calls[0]!.functionCallIdentifier, calls[1]!.functionCallIdentifier);
    assert.equal((await releaseStep(done.id))?.status, 'Executed-Success');
  });

  test('"no longer cancellable" is done on a repeat of a call that went out, and a failure otherwise', async () => {
    // A worker sent the call and died; the SM-DP+ acted but keeps no memory of call identifiers.
    const repeated = await esimLine('installed', 'Unavailable');
    const done = await carriedOut(repeated, async (row) => {
      await recordReleaseAttempt(harness.system.context.db, {
        caseId: row.id,
        subscriberId: row.subscriber_id,
        iccid: row.iccid,
        functionCallIdentifier: `release_esim_profile:${row.id}`,
        finalProfileStatus: 'Unavailable',
        profileState: 'installed',
        eid: repeated.eid,
        matchingId: repeated.matchingId,
        at: harness.clock.now(),
      });
    });
    assert.equal(done.state, 'completed');
    assert.equal((await releaseStep(done.id))?.status, 'AlreadyFinal');

    // The same refusal to a first call: someone else changed the profile, so a person looks.
    const first = await esimLine('installed', 'Unavailable');
    const failed = await carriedOut(first);
    assert.equal(failed.state, 'failed');
    assert.match(await failureReason(failed.id), /cancelOrder Failed 8\.2\.1\/3\.5/);
    // Its repeats were refused alike, never taken for an earlier call that worked.
    assert.ok((await callsFor(failed.id)).length > 1);
  });

  test('an ICCID the SM-DP+ does not know fails the case after its retries, with the ES2+ status on record', async () => {
    const line = await esimLine('installed', null);
    const failed = await carriedOut(line);
    assert.equal(failed.state, 'failed');
    assert.match(await failureReason(failed.id), /cancelOrder Failed 8\.2\.1\/3\.9/);
    assert.equal((await releaseStep(failed.id)) ?? null, null, 'the step is not recorded as done');
  });

  test('the SM-DP+ reports the profile deleted on the phone: recorded once on the case, which stays completed', async () => {
    const payload = (functionCallIdentifier: string, iccid: string) => ({
      header: { functionRequesterIdentifier: 'smdp.test', functionCallIdentifier },
      eid: installedLine.eid,
      iccid,
      profileType: 'consumer-esim',
      timestamp: '2026-11-24T09:30:00Z',
      notificationPointId: 5,
      notificationPointStatus: { status: 'Executed-Success' },
    });
    const sent = await smdp.notify(operatorUrl, SECRET, payload('notify-1', installedLine.iccid));
    assert.equal(sent.status, 204, JSON.stringify(sent.body));
    // The SM-DP+ sends the same notification again: recorded once.
    const again = await smdp.notify(operatorUrl, SECRET, payload('notify-1', installedLine.iccid));
    assert.equal(again.status, 204);

    const events = await harness.system.context.db
      .selectFrom('case_events')
      .select(['type', 'from_state', 'to_state', 'reason', 'actor_id'])
      .where('case_id', '=', installedCase.id)
      .where('type', '=', 'esim_notification')
      .execute();
    assert.deepEqual(events, [
      {
        type: 'esim_notification',
        from_state: 'completed',
        to_state: 'completed',
        reason: 'profile_deleted',
        actor_id: 'sm-dp+:smdp.test',
      },
    ]);
    assert.equal((await findCase(harness.system.context.db, installedCase.id))!.state, 'completed');

    const unknown = await smdp.notify(operatorUrl, SECRET, payload('notify-2', makeIccid('894410000000009999')));
    assert.equal(unknown.status, 200);
    assert.deepEqual(unknown.body, {
      header: {
        functionExecutionStatus: {
          status: 'Failed',
          statusCodeData: {
            subjectCode: '8.2.1',
            reasonCode: '3.9',
            message: 'No line with this ICCID is known here.',
          },
        },
      },
    });

    const stranger = await smdp.notify(operatorUrl, 'not-the-shared-secret', payload('notify-3', installedLine.iccid));
    assert.equal(stranger.status, 401);
    const count = await harness.system.context.db
      .selectFrom('esim_notifications')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);
  });
});

/**
 * A CA, an SM-DP+ server certificate for 127.0.0.1 and an operator client certificate, made with the
 * openssl command line for this test only.
 */
function makeCertificates(dir: string): void {
  const openssl = (...args: string[]) => {
    const run = spawnSync('openssl', args, { cwd: dir });
    if (run.status !== 0) throw new Error(`openssl ${args[0]}: ${run.stderr.toString()}`);
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test-SMDP-CA');
  const extensions = { server: 'subjectAltName=IP:127.0.0.1', client: 'extendedKeyUsage=clientAuth' };
  for (const [name, extension] of Object.entries(extensions)) {
    writeFileSync(join(dir, `${name}.ext`), `${extension}\n`);
    openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    );
  }
}

describe('ES2+ over mutual TLS', () => {
  test('the client presents the configured certificate and trusts the configured CA; without the certificate the SM-DP+ refuses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simexit-es2plus-tls-'));
    const file = (name: string) => join(dir, name);
    try {
      makeCertificates(dir);
      const clients: string[] = [];
      // An SM-DP+ that accepts only clients with a certificate from its CA (SGP.22 ES2+ is mutually authenticated).
      const server = createHttpsServer(
        {
          key: readFileSync(file('server.key')),
          cert: readFileSync(file('server.pem')),
          ca: readFileSync(file('ca.pem')),
          requestCert: true,
          rejectUnauthorized: true,
        },
        (request, response) => {
          clients.push(String((request.socket as TLSSocket).getPeerCertificate().subject.CN));
          request.resume();
          request.on('end', () => {
            response.writeHead(200, { 'content-type': 'application/json', 'x-admin-protocol': 'gsma/rsp/v2.5.0' });
            response.end(JSON.stringify({ header: { functionExecutionStatus: { status: 'Executed-Success' } } }));
          });
        },
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const client = (tls: { certFile?: string; keyFile?: string; caFile?: string }) =>
        es2plusEsim({
          baseUrl,
          requesterId: REQUESTER,
          tls,
          timeoutMs: 5000,
          retries: 0,
          backoffBaseMs: 10,
          breaker: { failures: 100, openMs: 1 },
        }).esim;
      const profile = {
        iccid: makeIccid('894410000000000199'),
        eid: null,
        matchingId: null,
        finalProfileStatusIndicator: 'Unavailable' as const,
      };
      try {
        const answer = await client({
          certFile: file('client.pem'),
          keyFile: file('client.key'),
          caFile: file('ca.pem'),
        }).releaseProfile(profile, 'release_esim_profile:tls', { repeated: false });
        assert.equal(answer.status, 'Executed-Success');
        assert.deepEqual(clients, ['client']);
        await assert.rejects(
          client({ caFile: file('ca.pem') }).releaseProfile(profile, 'release_esim_profile:tls-2', { repeated: false }),
          (error) => error instanceof OutsideSystemUnavailableError,
        );
        assert.deepEqual(clients, ['client'], 'no request got through without a certificate');
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
