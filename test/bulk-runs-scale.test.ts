import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Tx } from '../src/db/database.js';
import {
  dueLines,
  insertRun,
  insertRunLines,
  lockMovableLines,
  moveLines,
} from '../src/db/repositories/bulk-runs.repository.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * What one batch of a bulk run reads of the run's lines, counted by the database itself
 * (pg_stat_xact_user_tables, this transaction's own counters): a batch must cost its own rows, not
 * the run's. The table's statistics are taken while it is empty, as they are when a run starts on a
 * server whose autovacuum has not caught up: with a guard the planner could answer from an index on
 * the guarded column, moving a batch read every open line of the run (times the batch, in a nested
 * loop), and the time per batch grew with the run until a million-line run never finished.
 */
const RUN_LINES = 3000;
const BATCH = 100;

describe('bulk run batches at scale', () => {
  let harness: Harness;
  const runId = crypto.randomUUID();
  const now = new Date('2026-11-23T10:00:00Z');

  before(async () => {
    harness = await startHarness({ seedDemo: false });
    const { db } = harness.system.context;
    await sql`analyze bulk_run_lines`.execute(db);
    await db.transaction().execute(async (tx) => {
      await insertRun(tx, {
        id: runId,
        market: 'UK',
        name: 'scale',
        state: 'running',
        source: 'csv',
        selector: null,
        stages: JSON.stringify(['notice', 'bar_outgoing', 'bar_full', 'deactivate']),
        delay_seconds: JSON.stringify({ bar_outgoing: 0, bar_full: 0, deactivate: 0 }),
        lines_per_second: 10_000,
        batch_size: BATCH,
        policy_version: 1,
        created_by: 'test',
        created_at: now,
        updated_at: now,
        started_at: now,
        finished_at: null,
        next_due_at: null,
        prepare_cursor: null,
        last_error: null,
      });
      const lines = Array.from({ length: RUN_LINES }, (_, n) => ({
        rowNumber: n + 2,
        msisdn: `+4478${String(n).padStart(8, '0')}`,
        iccid: `8944${String(n).padStart(15, '0')}`,
        subscriberId: `s-${n}`,
        productType: 'sim',
        email: null,
        contactNumbers: [],
        language: null,
      }));
      await insertRunLines(tx, runId, lines, now);
    });
    // Every line past its notice and due again, as in the middle of a run with no delays.
    await db.transaction().execute(async (tx) => {
      const all = await tx.selectFrom('bulk_run_lines').select('id').where('run_id', '=', runId).execute();
      await moveLines(tx, {
        ids: all.map((l) => l.id),
        from: { statuses: ['pending'], stage: null },
        to: { status: 'active', stage: 'notice', dueAt: now },
        now,
      });
    });
  });
  after(() => harness.close());

  /** Tuples of bulk_run_lines this transaction has read so far, by any scan. */
  const linesRead = async (tx: Tx) => {
    const row = await sql<{ read: string }>`
      select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) as read
      from pg_stat_xact_user_tables where relname = 'bulk_run_lines'`.execute(tx);
    return Number(row.rows[0]?.read ?? 0);
  };

  test('moving a batch on reads the batch’s lines, not the run’s', async () => {
    await harness.system.context.db.transaction().execute(async (tx) => {
      const due = await dueLines(tx, runId, now, BATCH);
      assert.equal(due.length, BATCH);
      const ids = due.map((l) => l.id);
      const from = { statuses: ['active' as const], stage: 'notice' as const };
      const before = await linesRead(tx);
      const movable = await lockMovableLines(tx, ids, from);
      assert.equal(movable.size, BATCH);
      const moved = await moveLines(tx, {
        ids: [...movable],
        from,
        to: { status: 'active', stage: 'bar_outgoing', dueAt: now },
        now,
      });
      assert.equal(moved.length, BATCH);
      const read = (await linesRead(tx)) - before;
      // Each of the two statements looks its batch's rows up (and a row may be read twice through a
      // lock); the whole run is 3000 lines, and the old plans read them all, once per line of the batch.
      assert.ok(read <= 4 * BATCH, `read ${read} tuples of bulk_run_lines for a batch of ${BATCH}`);
      // A repeat of the same batch moves nothing (the guard still holds).
      const again = await moveLines(tx, {
        ids,
        from,
        to: { status: 'active', stage: 'bar_outgoing', dueAt: now },
        now,
      });
      assert.equal(again.length, 0);
    });
  });

  test('the next batch starts after the previous one (keyset), not at the head of the index', async () => {
    const { db } = harness.system.context;
    const first = await dueLines(db, runId, now, BATCH);
    const last = first[first.length - 1]!;
    const next = await dueLines(db, runId, now, BATCH, { dueAt: last.due_at, id: last.id });
    assert.equal(next.length, BATCH);
    assert.ok(next.every((l) => l.id > last.id && l.due_at.getTime() === last.due_at.getTime()));
    assert.equal(new Set([...first, ...next].map((l) => l.id)).size, 2 * BATCH);
  });
});
