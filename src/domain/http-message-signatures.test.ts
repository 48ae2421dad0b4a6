import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  contentDigest,
  okpThumbprint,
  responseSignatureBase,
  signatureParams,
  signResponse,
} from './http-message-signatures.js';

describe('HTTP message signatures of responses', () => {
  test('Content-Digest is RFC 9530 sha-256 over the body bytes', () => {
    // RFC 9530's example body and its sha-256 digest.
    assert.equal(contentDigest('{"hello": "world"}'), 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:');
    assert.equal(contentDigest(Buffer.from('{"hello": "world"}')), contentDigest('{"hello": "world"}'));
  });

  test('the signature base is RFC 9421 §2.5: one line per component, the parameters last, no final newline', () => {
    const params = signatureParams({ keyId: 'k1', created: 1618884473, tag: 't' });
    assert.equal(
      params,
      '("@status" "content-type" "content-digest");created=1618884473;keyid="k1";alg="ed25519";tag="t"',
    );
    assert.equal(
      responseSignatureBase({ status: 200, contentType: ' application/json ', digest: 'sha-256=:AA==:' }, params),
      [
        '"@status": 200',
        '"content-type": application/json',
        '"content-digest": sha-256=:AA==:',
        `"@signature-params": ${params}`,
      ].join('\n'),
    );
  });

  test('a signed response verifies with the public key over the rebuilt base, and only that one', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const x = String(publicKey.export({ format: 'jwk' }).x);
    const keyId = okpThumbprint(x);
    const response = { status: 200, contentType: 'application/json; charset=utf-8', body: '{"entries":[]}' };
    const headers = signResponse(response, { privateKey, keyId }, new Date('2026-12-01T00:00:00Z'), 'tag');
    assert.equal(headers['content-digest'], contentDigest(response.body));
    const params = headers['signature-input'].replace(/^simexit=/, '');
    assert.match(params, /;created=1796083200;keyid="[A-Za-z0-9_-]{43}";alg="ed25519";tag="tag"$/);
    const signature = Buffer.from(headers.signature.replace(/^simexit=:(.*):$/, '$1'), 'base64');
    const base = (status: number) =>
      responseSignatureBase({ status, contentType: response.contentType, digest: headers['content-digest'] }, params);
    const jwkKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    assert.ok(verify(null, Buffer.from(base(200)), jwkKey, signature));
    assert.ok(!verify(null, Buffer.from(base(201)), jwkKey, signature));
  });
});
