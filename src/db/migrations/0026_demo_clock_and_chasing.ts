import { sql, type Kysely } from 'kysely';

/**
 * Three things for issue 11.
 *
 * `demo_clock`: one row, the offset (ms) the demo operator's clock runs ahead of the wall clock. It is
 * shared through the database so every API, worker and scheduler process of a demo agrees on "now";
 * it only ever grows (time moves forward, never back). Only a process running the demo operator
 * reads it (src/clock.ts DemoClock); a production process never does.
 *
 * `cases.awaiting_answer_since`: the holder wrote on the case (a question, a document, chasing a late
 * review) and no member of staff has answered yet. Cases outside review with such a message are one
 * group of the review queue, read from `cases_awaiting_answer` in the queue's order.
 *
 * `cases.escalations`: how many times the review SLA escalated in the current review (1 at the
 * deadline, one more each further period unanswered); 0 when not escalated.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table demo_clock (
      singleton boolean primary key default true check (singleton),
      offset_ms bigint not null default 0 check (offset_ms >= 0),
      updated_at timestamptz not null default now(),
      updated_by text
    );
    insert into demo_clock (singleton, offset_ms) values (true, 0);
    alter table cases
      add column awaiting_answer_since timestamptz,
      add column escalations integer not null default 0;
    create index cases_awaiting_answer on cases (awaiting_answer_since, received_at, id)
      where awaiting_answer_since is not null and state not in ('in_review', 'needs_info');
  `.execute(db);
}
