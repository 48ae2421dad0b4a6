import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { insertJobRows, jobRowFor } from '../src/db/repositories/jobs.repository.js';
import { queueNames } from '../src/jobs/queue.js';
import { inTransaction } from '../src/services/context.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * simexit writes pg-boss job rows itself inside the statement that records a state change
 * (`insertJobRows`). The rows must be the ones pg-boss's own `insert()` writes, for every queue,
 * so a pg-boss upgrade that changes its table or defaults fails here rather than in production.
 */
describe('job rows written with a state change', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness({ seedDemo: false });
  });
  after(() => harness.close());

  const jobsOf = async (key: string) =>
    (
      await sql<Record<string, unknown>>`
        select name, data, priority, state, retry_limit, retry_count, retry_delay, retry_backoff,
          singleton_key, singleton_on, expire_in::text as expire_in, dead_letter, policy,
          extract(epoch from keep_until - start_after) as kept_seconds,
          start_after <= now() as ready
        from pgboss.job where singleton_key = ${key}`.execute(harness.system.context.db)
    ).rows;

  test('every queue: the row written in the statement equals the row pg-boss inserts', async () => {
    const { context } = harness.system;
    for (const name of queueNames) {
      const byBoss = jobRowFor(name, { id: crypto.randomUUID() });
      const bySimexit = jobRowFor(name, { id: crypto.randomUUID() });
      await inTransaction(context, async (tx) => {
        await context.queue.enqueueMany(tx, [{ name, payload: byBoss.data }]);
        await sql`with written as (${insertJobRows(
          sql`select ${name}::text as name, ${JSON.stringify(bySimexit.data)}::jsonb as data, ${bySimexit.singletonKey}::text as singleton_key`,
        )}) select 1`.execute(tx);
      });
      const [expected] = await jobsOf(byBoss.singletonKey);
      const [actual] = await jobsOf(bySimexit.singletonKey);
      assert.ok(expected && actual, `${name}: both jobs written`);
      assert.deepEqual(
        { ...actual, data: null, singleton_key: null },
        { ...expected, data: null, singleton_key: null },
        `${name}: same columns as pg-boss`,
      );
      assert.deepEqual(actual.data, bySimexit.data);
    }
  });

  test('a key that already waits is not enqueued twice (the stately policy), and the statement still succeeds', async () => {
    const { context } = harness.system;
    const job = jobRowFor('case.assess', { id: crypto.randomUUID() });
    const write = () =>
      inTransaction(context, (tx) =>
        sql`with written as (${insertJobRows(
          sql`select ${job.name}::text as name, ${JSON.stringify(job.data)}::jsonb as data, ${job.singletonKey}::text as singleton_key`,
        )}) select 1`.execute(tx),
      );
    await write();
    await write();
    assert.equal((await jobsOf(job.singletonKey)).length, 1);
  });
});
