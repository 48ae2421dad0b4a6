import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { signPayload, verifySignature } from './webhook-signature.js';

const at = new Date('2026-11-23T10:00:00Z');
const body = '{"type":"number.deactivated","msisdn":"+447700900101"}';

test('a signature made with the secret verifies; one made with another secret does not', () => {
  const header = signPayload('whsec_1', body, at);
  assert.deepEqual(verifySignature({ header, body, secret: 'whsec_1', now: at }), {
    ok: true,
    timestamp: at.getTime() / 1000,
  });
  assert.deepEqual(verifySignature({ header, body, secret: 'whsec_2', now: at }), {
    ok: false,
    reason: 'bad_signature',
  });
});

test('a changed body, a forged or a malformed header is refused', () => {
  const header = signPayload('whsec_1', body, at);
  assert.equal(verifySignature({ header, body: body.replace('101', '102'), secret: 'whsec_1', now: at }).ok, false);
  assert.deepEqual(
    verifySignature({ header: `t=${at.getTime() / 1000},v1=${'0'.repeat(64)}`, body, secret: 'whsec_1', now: at }),
    {
      ok: false,
      reason: 'bad_signature',
    },
  );
  for (const bad of [undefined, '', 't=abc,v1=zz', 'v1=' + 'a'.repeat(64), 't=1']) {
    assert.deepEqual(verifySignature({ header: bad, body, secret: 'whsec_1', now: at }), {
      ok: false,
      reason: 'malformed',
    });
  }
});

test('a replay outside the tolerance window is refused, even with a valid signature', () => {
  const header = signPayload('whsec_1', body, at);
  const later = new Date(at.getTime() + 301_000);
  assert.deepEqual(verifySignature({ header, body, secret: 'whsec_1', now: later }), {
    ok: false,
    reason: 'outside_tolerance',
  });
  assert.equal(verifySignature({ header, body, secret: 'whsec_1', now: new Date(at.getTime() + 299_000) }).ok, true);
});

test('during secret rotation either signature verifies', () => {
  const old = signPayload('old', body, at);
  const next = signPayload('new', body, at).split(',')[1];
  assert.equal(verifySignature({ header: `${old},${next}`, body, secret: 'new', now: at }).ok, true);
});

test('property: any body and secret round-trip; any other secret fails', () => {
  fc.assert(
    fc.property(fc.string(), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (payload, secret, other) => {
      const header = signPayload(secret, payload, at);
      assert.equal(verifySignature({ header, body: payload, secret, now: at }).ok, true);
      if (other !== secret) assert.equal(verifySignature({ header, body: payload, secret: other, now: at }).ok, false);
    }),
  );
});
