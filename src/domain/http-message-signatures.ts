import { createHash, sign, type KeyObject } from 'node:crypto';

/**
 * Signed answers, by the IETF standards a relying party can check with node:crypto (or any
 * Ed25519 library) alone:
 * - `Content-Digest` (RFC 9530): `sha-256=:<base64 SHA-256 of the body bytes>:`, a Structured Field
 *   dictionary whose value is a byte sequence;
 * - `Signature-Input` and `Signature` (RFC 9421 HTTP Message Signatures) over the response's
 *   `@status`, `content-type` and `content-digest`, with algorithm `ed25519` (§3.3.6: EdDSA over the
 *   signature base's bytes, no pre-hash), the key named by `keyid` (the RFC 7638 thumbprint of the
 *   public JWK) and `created` in Unix seconds, labelled `simexit`.
 * The signature base (§2.5) is one line per covered component, `"<name>": <value>`, then
 * `"@signature-params": <the inner list as sent in Signature-Input>`, lines joined by LF, no LF at the end.
 * Pure: the time and the key are parameters.
 */
export const SIGNATURE_LABEL = 'simexit';
/** RFC 9421 §2.3 `tag`: what the signature is for, so it is not taken for one made for something else. */
export const REVOCATION_SIGNATURE_TAG = 'simexit-revocations';
export const SIGNED_RESPONSE_COMPONENTS = ['@status', 'content-type', 'content-digest'] as const;

/** RFC 9530 Content-Digest of `body` with sha-256. */
export function contentDigest(body: Buffer | string): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}

export interface ResponseToSign {
  status: number;
  contentType: string;
  body: Buffer | string;
}

export interface SignatureParameters {
  keyId: string;
  /** Unix seconds. */
  created: number;
  tag: string;
}

/** The `Signature-Input` member's value: the covered components and the parameters, as RFC 9421 §4.1 serialises them. */
export function signatureParams(parameters: SignatureParameters): string {
  const components = SIGNED_RESPONSE_COMPONENTS.map((name) => `"${name}"`).join(' ');
  return `(${components});created=${parameters.created};keyid="${parameters.keyId}";alg="ed25519";tag="${parameters.tag}"`;
}

/** RFC 9421 §2.5's signature base of a response whose Content-Digest is `digest`. */
export function responseSignatureBase(
  response: { status: number; contentType: string; digest: string },
  params: string,
): string {
  return [
    `"@status": ${response.status}`,
    // §2.1: a field's value with leading and trailing whitespace removed.
    `"content-type": ${response.contentType.trim()}`,
    `"content-digest": ${response.digest}`,
    `"@signature-params": ${params}`,
  ].join('\n');
}

/** The three headers that make `response` verifiable with the public key named `keyId`. */
export function signResponse(
  response: ResponseToSign,
  key: { privateKey: KeyObject; keyId: string },
  at: Date,
  tag: string,
): { 'content-digest': string; 'signature-input': string; signature: string } {
  const digest = contentDigest(response.body);
  const params = signatureParams({ keyId: key.keyId, created: Math.floor(at.getTime() / 1000), tag });
  const base = responseSignatureBase({ status: response.status, contentType: response.contentType, digest }, params);
  const signature = sign(null, Buffer.from(base, 'utf8'), key.privateKey).toString('base64');
  return {
    'content-digest': digest,
    'signature-input': `${SIGNATURE_LABEL}=${params}`,
    signature: `${SIGNATURE_LABEL}=:${signature}:`,
  };
}

/** RFC 7638 JWK thumbprint of an Ed25519 public key (RFC 8037 OKP): the key's id. */
export function okpThumbprint(x: string): string {
  // The required members in lexicographic order, no whitespace (RFC 7638 §3.2, RFC 8037 §2).
  return createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');
}
