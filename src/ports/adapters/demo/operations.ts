import { sql } from 'kysely';
import type { Clock } from '../../../clock.js';
import type { DemoDb } from './demo-schema.js';

export interface DemoContext {
  ddb: DemoDb;
  clock: Clock;
  /** Simulated round-trip time of each call, to make the demo behave like a remote system. */
  latencyMs: number;
}

async function travel(context: DemoContext): Promise<void> {
  if (context.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, context.latencyMs / 2));
}

/**
 * A simulated remote call: the request travels, the system acts and commits, the answer travels
 * back. A caller that dies on the way back has caused the effect without learning of it.
 */
export async function roundTrip<T>(context: DemoContext, work: () => Promise<T>): Promise<T> {
  await travel(context);
  const result = await work();
  await travel(context);
  return result;
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
  return roundTrip(context, () =>
    context.ddb.transaction().execute(async (trx) => {
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
    }),
  );
}
