import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { laneOptions } from '../src/jobs/queue.js';
import { inTransaction } from '../src/services/context.js';
import { queueMessage } from '../src/services/notifications.service.js';
import { personaLines, startHarness, type Harness } from './support/harness.js';

/**
 * The worker as it runs in production (lanes, not the test drain): a one-time code is delivered
 * while a backlog of ordinary notices is still waiting, and the backlog then drains by itself.
 */
describe('worker lanes', () => {
  let harness: Harness;
  before(async () => {
    // Every send takes 20 ms, as a real SMSC or mail server does: the backlog takes seconds one at a time.
    harness = await startHarness({ env: { DEMO_LATENCY_MS: '20' } });
  });
  after(() => harness.close());

  test('a one-time code does not wait behind a backlog of notices', async () => {
    const { context } = harness.system;
    const BACKLOG = 200;
    await inTransaction(context, async (tx) => {
      for (let n = 0; n < BACKLOG; n++) {
        await queueMessage(context, tx, {
          subscriberId: 'demo-uk-prepaid-credit',
          caseId: null,
          channel: 'email',
          to: `backlog-${n}@example.net`,
          template: 'bulk_notice',
          subject: 'Notice',
          body: 'An ordinary notice.',
          dedupeKey: `backlog-${n}`,
        });
      }
    });
    const line = (await personaLines(harness))['uk-prepaid-credit']![0]!;
    const sent = await harness.request({
      method: 'POST',
      url: '/v1/auth/codes',
      payload: { msisdn: line.msisdn, iccid: line.iccid },
    });
    assert.equal(sent.status, 201);

    const lanes = laneOptions(context.config);
    // One notice at a time: the backlog takes hundreds of round trips; the code must not wait for them.
    const worker = context.queue.work(harness.system.handlers, {
      'outbox.deliver': { ...lanes['outbox.deliver'], concurrency: 1, batchSize: 1 },
      'outbox.urgent': lanes['outbox.urgent'],
    });
    try {
      const undelivered = async () =>
        Number(
          (
            await sql<{ n: number }>`select count(*)::int as n from outbox_messages where delivered_at is null`.execute(
              context.db,
            )
          ).rows[0]?.n,
        );
      let codeArrived = false;
      for (let poll = 0; poll < 200 && !codeArrived; poll++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        const inbox = await harness.system.demo!.inbox(line.msisdn);
        codeArrived = inbox.some((message) => /\d{6}/.test(message.body));
      }
      assert.ok(codeArrived, 'the code reached the phone');
      const waiting = await undelivered();
      assert.ok(
        waiting > BACKLOG / 2,
        `most of the backlog still waits when the code arrives (${waiting} of ${BACKLOG})`,
      );

      for (let poll = 0; poll < 1200 && (await undelivered()) > 0; poll++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(await undelivered(), 0, 'the backlog drains by itself');
    } finally {
      await worker.stop();
    }
  });
});
