import type { Config } from '../config.js';

/**
 * Every retry, backoff and last-attempt rule in simexit, in one place: the job queues and the
 * clients of outside systems. A rule elsewhere reads its numbers from here.
 *
 * The job queues retry with exponential backoff (pg-boss `retryBackoff`: delay × 2^attempt, with
 * jitter). A handler sees `final: true` on its last attempt and must then do something deliberate
 * instead of throwing into the void; what each does is written beside its queue below.
 */

/** The queues simexit runs; each task is idempotent and keyed by the case or message it works on. */
export const queueNames = [
  'case.assess',
  'execution.run',
  'outbox.urgent',
  'outbox.deliver',
  'webhooks.deliver',
  'bulk.advance',
  'bulk.deliver',
] as const;
export type QueueName = (typeof queueNames)[number];

export interface QueueRetryPolicy {
  /** Attempts after the first. */
  retryLimit: number;
  /** First retry delay; doubled at each further attempt. */
  retryDelaySeconds: number;
  /** A job whose worker vanished (kill, crash) is handed to another worker after this long. */
  expireInSeconds: number;
  /** What the last attempt does instead of failing again (for people reading this table). */
  lastAttempt: string;
}

export function queueRetryPolicies(config: Config): Record<QueueName, QueueRetryPolicy> {
  const ownWork = {
    retryLimit: config.JOB_RETRY_LIMIT,
    retryDelaySeconds: config.JOB_RETRY_DELAY_SECONDS,
    expireInSeconds: config.JOB_EXPIRE_SECONDS,
  };
  const messages = {
    ...ownWork,
    lastAttempt:
      'the message is marked failed (outbox_messages.failed_at, with the last error), counted in ' +
      "simexit_outbox_failed and shown on the case's communication log; it never waits undelivered for ever",
  };
  return {
    'case.assess': {
      ...ownWork,
      lastAttempt:
        'outside checks still unavailable: the case goes to a person for review (route manual), never auto-approved',
    },
    'execution.run': {
      ...ownWork,
      lastAttempt:
        'an outside system is down: the case waits visibly and is re-run every OUTAGE_RECHECK_SECONDS; ' +
        'any other error: the case moves to failed, for a supervisor to retry',
    },
    // One-time codes and "not you? stop it" warnings retry quickly: a holder is waiting, and a code
    // lives OTP_TTL_SECONDS.
    'outbox.urgent': { ...messages, retryDelaySeconds: Math.ceil(config.JOB_RETRY_DELAY_SECONDS / 2) },
    'outbox.deliver': messages,
    'bulk.advance': {
      ...ownWork,
      lastAttempt:
        'the error is shown on the run and the scheduler wakes the run again later: a run waits out an outage, it never stops',
    },
    'bulk.deliver': messages,
    'webhooks.deliver': {
      retryLimit: config.WEBHOOK_RETRY_LIMIT,
      retryDelaySeconds: config.WEBHOOK_RETRY_DELAY_SECONDS,
      expireInSeconds: config.JOB_EXPIRE_SECONDS,
      lastAttempt: 'the delivery is dead-lettered for an admin to redeliver (GET /v1/admin/webhook-deliveries)',
    },
  };
}

/** How long an executing case waiting out an outside system's outage waits between checks. */
export const outageRecheckSeconds = (config: Config): number => config.OUTAGE_RECHECK_SECONDS;

/**
 * Clients of outside systems. Calls that are safe to repeat (reads, and writes with an
 * Idempotency-Key) are retried in place a few times with a short doubling backoff; beyond that the
 * job's own retries take over. A circuit breaker per system makes an outage fail fast.
 */
export function outsideSystemPolicies(config: Config) {
  return {
    bss: {
      timeoutMs: config.BSS_TIMEOUT_MS,
      retries: 2,
      backoffBaseMs: 100,
      breaker: { failures: 5, openMs: 30_000 },
    },
    simSwap: { timeoutMs: 10_000 },
    // ES2+ calls carry their functionCallIdentifier, so a repeat is the same call: retried in place
    // like the BSS's keyed writes.
    es2plus: {
      timeoutMs: config.ES2PLUS_TIMEOUT_MS,
      retries: 2,
      backoffBaseMs: 100,
      breaker: { failures: 5, openMs: 30_000 },
    },
    // SMTP and SMPP are not retried in place: the outbox job retries the message as a whole, and the
    // message id travels with it so a receiver recognises a repeat.
    smtp: { timeoutMs: 15_000 },
    smpp: { timeoutMs: 10_000 },
  } as const;
}
