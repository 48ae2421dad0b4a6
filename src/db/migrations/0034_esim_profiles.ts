import { sql, type Kysely } from 'kysely';

/**
 * eSIM profiles at the SM-DP+ (issue 13, GSMA SGP.22 ES2+; docs/ESIM-ES2PLUS.md).
 *
 * `esim_profile_releases`: the release of an eSIM line's profile (ES2+ CancelOrder), one per case,
 * written before each call and after its answer. What the first attempt asked (status, EID, matching
 * id) is what every repeat asks for (a repeat is the same call, with the same functionCallIdentifier).
 * `attempts` and `refused` tell whether an earlier call may have taken effect unseen (it went out and
 * no answer came back, rather than the SM-DP+ refusing it): only then does a refusal because the
 * profile is no longer cancellable mean that the earlier call took effect.
 *
 * `esim_notifications`: what the SM-DP+ reported through ES2+ HandleDownloadProgressInfo, once per
 * (requester, functionCallIdentifier), so a notification the SM-DP+ sends again is recorded once; the
 * case's timeline entry is `event_id`.
 *
 * `cases_iccid`: the SM-DP+ names a profile by its ICCID only, so a notification finds its case by it.
 *
 * The demo operator's lines gain what its CRM knows of an eSIM profile and what its SM-DP+ did.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table esim_profile_releases (
      case_id uuid primary key references cases(id),
      subscriber_id text not null,
      iccid text not null,
      function_call_identifier text not null,
      final_profile_status text not null check (final_profile_status in ('Available', 'Unavailable')),
      profile_state text,
      eid text,
      matching_id text,
      attempts integer not null,
      first_attempt_at timestamptz not null,
      last_attempt_at timestamptz not null,
      answered_at timestamptz,
      answer jsonb,
      last_error text,
      refused boolean not null default false
    );
    create table esim_notifications (
      requester_id text not null,
      function_call_identifier text not null,
      case_id uuid not null references cases(id),
      subscriber_id text not null,
      iccid text not null,
      notification_point_id integer not null,
      status text not null,
      received_at timestamptz not null,
      event_id bigint,
      data jsonb not null,
      primary key (requester_id, function_call_identifier)
    );
    create index esim_notifications_case on esim_notifications (case_id);
    create index cases_iccid on cases (iccid, received_at desc);
    alter table demo.lines
      add column esim_profile_state text,
      add column esim_eid text,
      add column esim_matching_id text,
      add column esim_released_as text;
  `.execute(db);
}
