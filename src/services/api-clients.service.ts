import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  findApiToken,
  findEnabledApiClient,
  insertApiClientUnlessTaken,
  insertApiToken,
} from '../db/repositories/api-clients.repository.js';
import { insertAudit } from '../db/repositories/cases.repository.js';
import {
  clearCredentialFailures,
  credentialLockedUntil,
  recordCredentialFailure,
  type LockoutRule,
} from '../db/repositories/credential-failures.repository.js';
import type { ServiceContext } from './context.js';
import { MINUTE } from '../domain/time.js';

/**
 * OAuth 2.0 client-credentials clients (RFC 6749 §4.4): relying parties that ask the Number
 * Recycling API or read the revocation feed, and the operator's activation system that reports
 * number assignments.
 */
export const apiScopes = [
  'number-recycling:check',
  'numbers:events',
  'webhooks:manage',
  'tmf622:order',
  'number-revocations:read',
] as const;
export type ApiScope = (typeof apiScopes)[number];

const TOKEN_SECONDS = 3600;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** How a client secret is stored (and compared). */
export const apiSecretHash = (secret: string) => sha256(secret);

export async function createApiClient(
  context: ServiceContext,
  input: { id?: string; name: string; scopes: ApiScope[]; secret?: string },
): Promise<{ clientId: string; clientSecret: string; created: boolean }> {
  const clientId = input.id ?? `client-${randomBytes(8).toString('hex')}`;
  const clientSecret = input.secret ?? randomBytes(24).toString('base64url');
  const created = await insertApiClientUnlessTaken(context.db, {
    id: clientId,
    name: input.name,
    secretHash: sha256(clientSecret),
    scopes: input.scopes,
    createdAt: context.clock.now(),
  });
  return { clientId, clientSecret, created };
}

export type TokenResult =
  | { ok: true; accessToken: string; expiresIn: number; scope: string }
  | { ok: false; error: 'invalid_client' | 'invalid_scope' }
  | { ok: false; error: 'client_locked'; retryAt: Date };

/**
 * Bad secrets per client id (typed, whether or not the client exists) before the id is locked:
 * a secret cannot be guessed at the token endpoint's rate, and a leaked id is not a target.
 */
export const CLIENT_SECRET_LOCKOUT: LockoutRule = { maxFailures: 10, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

/** Issues an access token for a client's own scopes (or the requested subset of them). */
export async function issueToken(
  context: ServiceContext,
  input: { clientId: string; clientSecret: string; scope: string | null },
): Promise<TokenResult> {
  const lockKey = `client:${input.clientId}`;
  const now = context.clock.now();
  const lockedUntil = await credentialLockedUntil(context.db, lockKey, now);
  if (lockedUntil) return { ok: false, error: 'client_locked', retryAt: lockedUntil };
  const client = await findEnabledApiClient(context.db, input.clientId);
  const valid =
    client !== undefined &&
    timingSafeEqual(Buffer.from(client.secret_hash, 'hex'), Buffer.from(sha256(input.clientSecret), 'hex'));
  if (!client || !valid) {
    const locked = await recordCredentialFailure(context.db, lockKey, now, CLIENT_SECRET_LOCKOUT);
    await insertAudit(context.db, {
      subscriberId: null,
      actorKind: 'client',
      actorId: client?.id ?? null,
      action: locked ? 'client.auth_locked' : 'client.auth_failed',
      target: `client:${input.clientId.slice(0, 200)}`,
      at: now,
    });
    return locked ? { ok: false, error: 'client_locked', retryAt: locked } : { ok: false, error: 'invalid_client' };
  }
  await clearCredentialFailures(context.db, lockKey);
  const requested = input.scope ? input.scope.split(/\s+/).filter(Boolean) : client.scopes;
  if (requested.some((scope) => !client.scopes.includes(scope))) return { ok: false, error: 'invalid_scope' };
  const accessToken = randomBytes(32).toString('base64url');
  await insertApiToken(context.db, {
    tokenHash: sha256(accessToken),
    clientId: client.id,
    scopes: requested,
    createdAt: now,
    expiresAt: new Date(now.getTime() + TOKEN_SECONDS * 1000),
  });
  return { ok: true, accessToken, expiresIn: TOKEN_SECONDS, scope: requested.join(' ') };
}

/** The live token's client and scopes, or null. */
export async function tokenGrant(
  context: ServiceContext,
  token: string,
): Promise<{ clientId: string; scopes: string[] } | null> {
  const row = await findApiToken(context.db, sha256(token));
  if (!row || new Date(row.expires_at) <= context.clock.now()) return null;
  return { clientId: row.client_id, scopes: row.scopes };
}
