import { createHash } from 'node:crypto';
import { findCase, findIdempotencyKey, type CaseRow } from '../db/repositories/cases.repository.js';
import { SimexitError } from '../domain/errors.js';
import type { ServiceContext } from './context.js';

/** An Idempotency-Key as a submission claims it: its scope (who sent it), the key and the request's hash. */
export interface IdempotencyClaim {
  scope: string;
  key: string;
  requestHash: string;
}

/** A request's fingerprint for Idempotency-Key: the same fields in any order hash the same. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The case an earlier request with this key filed, or null when the key is new. The same key with a
 * different request is refused: a client reusing a key by mistake must not get someone else's answer.
 */
export async function replayIfKnown(
  context: ServiceContext,
  idempotency: IdempotencyClaim | null,
): Promise<CaseRow | null> {
  if (!idempotency) return null;
  const known = await findIdempotencyKey(context.db, idempotency.scope, idempotency.key);
  if (!known) return null;
  if (known.request_hash !== idempotency.requestHash) {
    throw new SimexitError(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
      { caseId: known.case_id },
    );
  }
  return (await findCase(context.db, known.case_id)) ?? null;
}

/**
 * How long a copy of a request whose call confirmation another copy spent waits for that copy's case:
 * the first copy still asks the CRM and billing for the checklist before it commits.
 */
const REPLAY_WAIT_MS = 5000;

/** Waits for the case a concurrent copy of this request is filing, up to REPLAY_WAIT_MS. */
export async function awaitReplay(context: ServiceContext, idempotency: IdempotencyClaim): Promise<CaseRow | null> {
  for (let waited = 0; ; waited += 50) {
    const winner = await replayIfKnown(context, idempotency);
    if (winner || waited >= REPLAY_WAIT_MS) return winner;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
