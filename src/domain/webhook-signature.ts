import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signatures of relying-party webhooks, Stripe-style: the header
 * `Simexit-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * Signing the timestamp with the body lets a receiver refuse replays outside a tolerance window;
 * several v1 entries may appear while a secret is being rotated. Pure: the time is a parameter.
 */
export const SIGNATURE_HEADER = 'simexit-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signPayload(secret: string, body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${digest}`;
}

export type VerifyResult =
  { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'bad_signature' | 'outside_tolerance' };

/**
 * The reference verifier receivers can follow: checks the HMAC over the raw body (as received, not
 * re-serialised) in constant time, then that the timestamp is within `toleranceSeconds` of `now`.
 */
export function verifySignature(input: {
  header: string | undefined;
  body: string;
  secret: string;
  now: Date;
  toleranceSeconds?: number;
}): VerifyResult {
  const parts = (input.header ?? '').split(',').map((part) => part.trim().split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  const signatures = parts
    .filter(([key, value]) => key === 'v1' && /^[0-9a-f]{64}$/.test(value ?? ''))
    .map(([, value]) => value!);
  if (!Number.isInteger(timestamp) || signatures.length === 0) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(
    createHmac('sha256', input.secret).update(`${timestamp}.${input.body}`).digest('hex'),
    'hex',
  );
  if (!signatures.some((signature) => timingSafeEqual(Buffer.from(signature, 'hex'), expected))) {
    return { ok: false, reason: 'bad_signature' };
  }
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(input.now.getTime() / 1000 - timestamp) > tolerance) return { ok: false, reason: 'outside_tolerance' };
  return { ok: true, timestamp };
}
