import { sql, type Kysely } from 'kysely';

/**
 * A run's progress without counting its lines. The console polls a moving run's progress every few
 * seconds and the run list reads it for every run; counting the lines grouped by status and stage read
 * every line of the run each time (100,000 lines: p50 33 ms on either engine, growing with the run;
 * `npm run bench:bulk-progress`). `bulk_run_line_counts` keeps those counts, one row per run, status
 * and stage, and is kept true by statement-level triggers on `bulk_run_lines`: whatever statement
 * inserts, moves or deletes lines (a batch, a reinstatement, a cancellation, a selector page) changes
 * the counts in the same transaction, so they can never drift from the lines, and the code that moves
 * lines needs no part in it. Each statement aggregates its own transition rows (a batch's 5,000 lines),
 * never the run's. A run's batches already take turns under the run's lock, so the few count rows of a
 * run are not contended; an update that moves no line between statuses or stages (a reinstatement
 * request) changes no count row at all.
 *
 * `stage` is '' before the notice (a primary key column cannot be null).
 *
 * The run's page also lists the lines that could not be processed (`failed`, with the reason): a
 * partial index holds just those, so the list does not walk a run of millions to find a few.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table bulk_run_line_counts (
      run_id uuid not null references bulk_runs(id),
      status text not null,
      stage text not null,
      lines bigint not null,
      primary key (run_id, status, stage)
    );

    create function bulk_run_line_counts_insert() returns trigger language plpgsql as $$
    begin
      insert into bulk_run_line_counts as c (run_id, status, stage, lines)
      select run_id, status, coalesce(stage, ''), count(*) from new_lines
      group by run_id, status, coalesce(stage, '')
      -- Sorted, so two statements that touch the same count rows lock them in the same order.
      order by 1, 2, 3
      on conflict (run_id, status, stage) do update set lines = c.lines + excluded.lines;
      return null;
    end $$;

    create function bulk_run_line_counts_update() returns trigger language plpgsql as $$
    begin
      insert into bulk_run_line_counts as c (run_id, status, stage, lines)
      select run_id, status, stage, sum(delta) from (
        select run_id, status, coalesce(stage, '') as stage, -1 as delta from old_lines
        union all
        select run_id, status, coalesce(stage, ''), 1 from new_lines
      ) moved
      group by run_id, status, stage
      having sum(delta) <> 0
      order by 1, 2, 3
      on conflict (run_id, status, stage) do update set lines = c.lines + excluded.lines;
      return null;
    end $$;

    create function bulk_run_line_counts_delete() returns trigger language plpgsql as $$
    begin
      insert into bulk_run_line_counts as c (run_id, status, stage, lines)
      select run_id, status, coalesce(stage, ''), -count(*) from old_lines
      group by run_id, status, coalesce(stage, '')
      order by 1, 2, 3
      on conflict (run_id, status, stage) do update set lines = c.lines + excluded.lines;
      return null;
    end $$;

    create trigger bulk_run_line_counts_insert after insert on bulk_run_lines
      referencing new table as new_lines for each statement execute function bulk_run_line_counts_insert();
    create trigger bulk_run_line_counts_update after update on bulk_run_lines
      referencing old table as old_lines new table as new_lines
      for each statement execute function bulk_run_line_counts_update();
    create trigger bulk_run_line_counts_delete after delete on bulk_run_lines
      referencing old table as old_lines for each statement execute function bulk_run_line_counts_delete();

    create index bulk_run_lines_failed on bulk_run_lines (run_id, msisdn) where status = 'failed';

    insert into bulk_run_line_counts (run_id, status, stage, lines)
    select run_id, status, coalesce(stage, ''), count(*) from bulk_run_lines group by 1, 2, 3;
  `.execute(db);
}
