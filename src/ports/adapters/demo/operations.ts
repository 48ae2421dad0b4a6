import { sql } from 'kysely';
import type { Clock } from '../../../clock.js';
import type { DemoDb } from './demo-schema.js';

export interface DemoContext {
  ddb: DemoDb;
  clock: Clock;
  /** Simulated round-trip time of each call, to make the demo behave like a remote system. */
  latencyMs: number;
}

export async function simulateLatency(context: DemoContext): Promise<void> {
  if (context.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, context.latencyMs));
}

/**
 * Performs a side effect at most once per idempotency key, as a well-behaved BSS does: the first
 * call runs `effect` and stores its result; a repeat returns the stored result and counts a replay.
 */
export async function performOnce<T extends Record<string, unknown>>(
  context: DemoContext,
  operation: { key: string; name: string; msisdn: string },
  effect: (trx: DemoDb) => Promise<T>,
): Promise<T> {
  await simulateLatency(context);
  return context.ddb.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('operations')
      .values({
        idempotency_key: operation.key,
        operation: operation.name,
        msisdn: operation.msisdn,
        data: '{}',
        first_at: context.clock.now(),
      })
      .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
      .returning('idempotency_key')
      .executeTakeFirst();
    if (!inserted) {
      const existing = await trx
        .updateTable('operations')
        .set({ replays: sql`replays + 1` })
        .where('idempotency_key', '=', operation.key)
        .returning('data')
        .executeTakeFirstOrThrow();
      return existing.data as T;
    }
    const result = await effect(trx);
    await trx
      .updateTable('operations')
      .set({ data: JSON.stringify(result) })
      .where('idempotency_key', '=', operation.key)
      .execute();
    return result;
  });
}
