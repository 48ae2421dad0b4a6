import { sql, type Kysely } from 'kysely';

/**
 * The revocation feed (GET /v1/numbers/revocations) and the monthly revocation list.
 *
 * - `number_ownership_events.feed_position`: each deactivation's place in the feed, given by a
 *   trigger on every insert of one (whichever path records it: a case's execution, a bulk batch, and
 *   later port-outs). A bigserial alone would not do: ids are taken at insert and transactions commit
 *   in another order, so a poller could pass id 11 while id 10 was still uncommitted and never see
 *   10. The trigger takes a transaction-scoped advisory lock before taking the next position, so
 *   positions become visible strictly in order: every cursor handed out is behind only positions
 *   already visible. The lock is held from the insert to the commit of the recording transaction
 *   (the end of a case's completion, or of a bulk batch).
 *   Deactivations recorded before this migration get the first positions, in id order.
 * - Market reports are one per kind, market and period (the revocation list is made for every market
 *   each month), instead of one per kind and period.
 * - The demo bank (a published demo client, seeded only where the demo runs) may read the feed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence revocation_feed_positions;
    alter table number_ownership_events add column feed_position bigint;
    with ordered as (
      select id, row_number() over (order by id) as position
      from number_ownership_events where event = 'deactivated'
    )
    update number_ownership_events e set feed_position = ordered.position from ordered where e.id = ordered.id;
    select setval('revocation_feed_positions', coalesce(max(feed_position), 0) + 1, false) from number_ownership_events;
    create unique index number_ownership_revocations on number_ownership_events (feed_position)
      where feed_position is not null;

    create function number_ownership_feed_position() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(hashtext('simexit.revocation_feed'));
      new.feed_position := nextval('revocation_feed_positions');
      return new;
    end $$;
    create trigger number_ownership_feed_position before insert on number_ownership_events
      for each row when (new.event = 'deactivated') execute function number_ownership_feed_position();

    alter table market_reports drop constraint market_reports_kind_period_key;
    alter table market_reports add constraint market_reports_kind_market_period_key unique (kind, market, period);

    update api_clients set scopes = scopes || '["number-revocations:read"]'::jsonb
      where id = 'demo-bank' and not scopes @> '["number-revocations:read"]'::jsonb;
  `.execute(db);
}
