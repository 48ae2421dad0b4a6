import { sql, type Kysely } from 'kysely';

/**
 * Bulk runs at millions of lines (measured with `npm run bench:bulk`; docs/OPERATIONS.md).
 *
 * The due-line index of 0016 was partial on `status in ('pending', 'active')`. The statements that
 * move a batch on guard on the same status (only lines still where the batch found them move), so
 * the planner could answer them from that index, and did whenever the table's statistics were older
 * than the run (a run changes millions of rows between two ANALYZEs; with autovacuum late or off, the
 * statistics say the run's table is empty): it read every open line of the run for every batch, and
 * once joined them against the batch's ids in a nested loop, open lines × batch size per batch. The
 * index is now partial on `due_at is not null`, which every line has exactly while it is open (a line
 * that ends has no next stage due): the batch selection (`due_at <= now`) implies it and uses it, and
 * the guards (status, stage) no longer can. An agent's reinstatement requests, looked for before every
 * batch, get their own small partial index instead of a walk over the run's lines.
 *
 * The demo network's lines are updated three times in a run (bars, then deactivation) and none of
 * their indexed columns change: with room left on each page those updates are HOT (no new index
 * entries, and the dead versions are pruned as pages are read, vacuum or not). The run's lines are
 * updated once per stage; room on the page keeps each new version beside the old one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index bulk_run_lines_due;
    create index bulk_run_lines_due on bulk_run_lines (run_id, due_at, id) where due_at is not null;
    create index bulk_run_lines_reinstate on bulk_run_lines (run_id, reinstate_requested_at)
      where reinstate_requested_at is not null;
    alter table bulk_run_lines set (fillfactor = 80);
    alter table demo.lines set (fillfactor = 70);
  `.execute(db);
}
