import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SIGNATURE_HEADER, verifySignature } from '../src/domain/webhook-signature.js';
import {
  clientToken,
  HOUR,
  passLineEnd,
  personaLines,
  signInWithIccid,
  staffToken,
  startHarness,
  type Harness,
} from './support/harness.js';

/**
 * Relying-party webhooks against a real receiver on loopback that checks every signature with the
 * reference verifier. The receiver is down for a while and still gets every event exactly once per
 * delivery id; a receiver that never recovers is dead-lettered and redelivered by an admin.
 */
describe('relying-party webhooks', () => {
  interface Received {
    deliveryId: string;
    event: string;
    body: string;
    signature: string;
  }
  const received: Received[] = [];
  let mode: 'down' | 'up' = 'down';
  let failingPathRecovers = false;
  let receiver: Server;
  let base: string;
  let harness: Harness;
  const rejectedSignatures: string[] = [];

  before(async () => {
    harness = await startHarness({
      // The receiver is on loopback, which only the operator's allowlist opens.
      env: { WEBHOOK_RETRY_LIMIT: '2', WEBHOOK_RETRY_DELAY_SECONDS: '1', WEBHOOK_ALLOWED_TARGETS: '127.0.0.1' },
    });
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const downHere = request.url === '/always-failing' ? !failingPathRecovers : mode === 'down';
        if (downHere) {
          response.writeHead(503).end();
          return;
        }
        const signature = String(request.headers[SIGNATURE_HEADER] ?? '');
        const verdict = verifySignature({
          header: signature,
          body,
          secret: secrets.get(String(request.url)) ?? '',
          now: harness.clock.now(),
        });
        if (!verdict.ok) {
          rejectedSignatures.push(verdict.reason);
          response.writeHead(400).end();
          return;
        }
        received.push({
          deliveryId: String(request.headers['simexit-delivery']),
          event: String(request.headers['simexit-event']),
          body,
          signature,
        });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  after(async () => {
    await harness.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  const secrets = new Map<string, string>();
  async function subscribe(path: string, numbers: string[] | null) {
    const token = await clientToken(harness, 'demo-bank', 'demo-bank-secret');
    const created = await harness.request({
      method: 'POST',
      url: '/v1/relying-party/webhooks',
      token,
      payload: { url: `${base}${path}`, numbers },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.match(created.body.secret, /^whsec_/);
    secrets.set(path, created.body.secret);
  }
  const drainFor = async (done: () => boolean | Promise<boolean>) => {
    for (let attempt = 0; attempt < 40 && !(await done()); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await harness.drain();
    }
  };

  test('a receiver down for a while still gets every event exactly once per delivery id, correctly signed', async () => {
    const line = (await personaLines(harness))['uk-debt-arrangement']![0]!;
    await subscribe('/bank', [line.msisdn]);
    await subscribe('/everything', null);
    const token = await signInWithIccid(harness, line.msisdn, line.iccid);
    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token,
      payload: { msisdn: line.msisdn },
    });
    assert.equal(created.status, 201);
    await harness.drain();
    await harness.advance(25 * HOUR);
    // On its end date (30 days' notice) it executes and completes: deactivated + quarantined, to both subscriptions.
    await passLineEnd(harness, created.body.id);
    assert.equal(received.length, 0, 'nothing gets through while the receiver is down');
    const pending = await harness.request({
      method: 'GET',
      url: '/v1/admin/webhook-deliveries?state=pending',
      token: await staffToken(harness, 'admin@demo.simexit.test'),
    });
    assert.equal(pending.body.deliveries.length, 4);
    assert.ok(
      pending.body.deliveries.every(
        (d: { attempts: number; lastStatus: number }) => d.attempts >= 1 && d.lastStatus === 503,
      ),
    );

    mode = 'up';
    await drainFor(() => received.length >= 4);
    assert.equal(received.length, 4, JSON.stringify(received.map((r) => r.event)));
    assert.equal(new Set(received.map((r) => r.deliveryId)).size, 4, 'each delivery id once');
    assert.deepEqual(received.map((r) => r.event).sort(), [
      'number.deactivated',
      'number.deactivated',
      'number.quarantined',
      'number.quarantined',
    ]);
    const payload = JSON.parse(received[0]!.body);
    assert.equal(payload.msisdn, line.msisdn);
    assert.deepEqual(rejectedSignatures, []);
    await harness.drain();
    assert.equal(received.length, 4, 'no duplicates after everything was delivered');
  });

  test('the reference verifier refuses a forged signature and a replay outside its window', () => {
    const sample = received[0]!;
    const secret = [...secrets.values()].find(
      (s) => verifySignature({ header: sample.signature, body: sample.body, secret: s, now: harness.clock.now() }).ok,
    )!;
    const tampered = sample.body.replace('number.', 'numbers.');
    assert.deepEqual(verifySignature({ header: sample.signature, body: tampered, secret, now: harness.clock.now() }), {
      ok: false,
      reason: 'bad_signature',
    });
    const forged = sample.signature.replace(/v1=[0-9a-f]+/, `v1=${'ab'.repeat(32)}`);
    assert.deepEqual(verifySignature({ header: forged, body: sample.body, secret, now: harness.clock.now() }), {
      ok: false,
      reason: 'bad_signature',
    });
    const replayAt = new Date(harness.clock.now().getTime() + 10 * 60_000);
    assert.deepEqual(verifySignature({ header: sample.signature, body: sample.body, secret, now: replayAt }), {
      ok: false,
      reason: 'outside_tolerance',
    });
  });

  test('a receiver that never answers is dead-lettered; an admin redelivers once it is fixed', async () => {
    const line = (await personaLines(harness))['us-postpaid']![0]!;
    await subscribe('/always-failing', [line.msisdn]);
    const token = await signInWithIccid(harness, line.msisdn, line.iccid);
    const created = await harness.request({
      method: 'POST',
      url: '/v1/cancellations',
      token,
      payload: { msisdn: line.msisdn, decisions: { acknowledgedServiceIds: ['12015550123-1'] } },
    });
    assert.equal(created.status, 201);
    await harness.drain();
    await harness.advance(25 * HOUR);
    const admin = await staffToken(harness, 'admin@demo.simexit.test');
    const dead = async () =>
      (await harness.request({ method: 'GET', url: '/v1/admin/webhook-deliveries?state=dead', token: admin })).body
        .deliveries as {
        id: string;
        url: string;
        attempts: number;
      }[];
    const deadHere = async () => (await dead()).filter((d) => d.url.endsWith('/always-failing'));
    await drainFor(async () => (await deadHere()).length === 2);
    const deadLetters = await deadHere();
    assert.equal(deadLetters.length, 2, 'deactivated and quarantined, each given up after 3 attempts');
    assert.ok(deadLetters.every((d) => d.attempts === 3));
    const clerk = await staffToken(harness, 'clerk@demo.simexit.test');
    const forbidden = await harness.request({
      method: 'POST',
      url: `/v1/admin/webhook-deliveries/${deadLetters[0]!.id}/redeliver`,
      token: clerk,
    });
    assert.equal(forbidden.status, 403);

    failingPathRecovers = true;
    for (const delivery of deadLetters) {
      const again = await harness.request({
        method: 'POST',
        url: `/v1/admin/webhook-deliveries/${delivery.id}/redeliver`,
        token: admin,
      });
      assert.equal(again.status, 202);
    }
    await drainFor(() => deadLetters.every((d) => received.some((r) => r.deliveryId === d.id)));
    for (const delivery of deadLetters) assert.equal(received.filter((r) => r.deliveryId === delivery.id).length, 1);
    assert.equal((await dead()).length, 0);
  });
});
