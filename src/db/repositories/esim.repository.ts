import { sql, type Selectable } from 'kysely';
import type { EsimProfileState, FinalProfileStatus } from '../../domain/esim.js';
import type { CaseState } from '../../domain/lifecycle.js';
import type { Db, Tx } from '../database.js';
import type { EsimProfileReleasesTable } from '../schema.js';

export type EsimProfileReleaseRow = Selectable<EsimProfileReleasesTable>;

/**
 * Records an attempt to release a case's profile before the call goes out, and answers the release as
 * it now stands: on the first attempt the status, state, EID and matching id given here are stored; on
 * a repeat the stored ones are kept (a repeat asks exactly what the first call asked) and only `attempts` grows.
 */
export async function recordReleaseAttempt(
  db: Db | Tx,
  input: {
    caseId: string;
    subscriberId: string;
    iccid: string;
    functionCallIdentifier: string;
    finalProfileStatus: FinalProfileStatus;
    profileState: EsimProfileState | null;
    eid: string | null;
    matchingId: string | null;
    at: Date;
  },
): Promise<EsimProfileReleaseRow> {
  return db
    .insertInto('esim_profile_releases')
    .values({
      case_id: input.caseId,
      subscriber_id: input.subscriberId,
      iccid: input.iccid,
      function_call_identifier: input.functionCallIdentifier,
      final_profile_status: input.finalProfileStatus,
      profile_state: input.profileState,
      eid: input.eid,
      matching_id: input.matchingId,
      attempts: 1,
      first_attempt_at: input.at,
      last_attempt_at: input.at,
      last_error: null,
    })
    .onConflict((conflict) =>
      conflict.column('case_id').doUpdateSet({
        attempts: sql<number>`esim_profile_releases.attempts + 1`,
        last_attempt_at: input.at,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The release as it stands before an attempt: whether a call may have gone out already, and what it asked. */
export async function findRelease(db: Db | Tx, caseId: string): Promise<EsimProfileReleaseRow | undefined> {
  return db.selectFrom('esim_profile_releases').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

/**
 * The SM-DP+'s answer to a release, or the error of an attempt: `refused` when the SM-DP+ answered
 * that it did not act, as opposed to an answer that never came.
 */
export async function recordReleaseOutcome(
  db: Db | Tx,
  caseId: string,
  outcome: { answer: Record<string, unknown>; at: Date } | { error: string; refused: boolean },
): Promise<void> {
  await db
    .updateTable('esim_profile_releases')
    .set(
      'answer' in outcome
        ? { answer: JSON.stringify(outcome.answer), answered_at: outcome.at, last_error: null }
        : // Once refused, a later repeat can no longer be taken for a call that worked unseen.
          { last_error: outcome.error, ...(outcome.refused ? { refused: true } : {}) },
    )
    .where('case_id', '=', caseId)
    .execute();
}

/** The newest case of a card (the SM-DP+ names a profile by ICCID only), with what a timeline entry needs. */
export async function latestCaseOfIccid(
  db: Db | Tx,
  iccid: string,
): Promise<{ id: string; subscriber_id: string; state: CaseState } | undefined> {
  return db
    .selectFrom('cases')
    .select(['id', 'subscriber_id', 'state'])
    .where('iccid', '=', iccid)
    .orderBy('received_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Stores a notification from the SM-DP+ once per (requester, functionCallIdentifier); false when it was
 * stored before (the SM-DP+ sent it again).
 */
export async function insertEsimNotification(
  tx: Tx,
  input: {
    requesterId: string;
    functionCallIdentifier: string;
    caseId: string;
    subscriberId: string;
    iccid: string;
    notificationPointId: number;
    status: string;
    receivedAt: Date;
    data: Record<string, unknown>;
  },
): Promise<boolean> {
  const inserted = await tx
    .insertInto('esim_notifications')
    .values({
      requester_id: input.requesterId,
      function_call_identifier: input.functionCallIdentifier,
      case_id: input.caseId,
      subscriber_id: input.subscriberId,
      iccid: input.iccid,
      notification_point_id: input.notificationPointId,
      status: input.status,
      received_at: input.receivedAt,
      event_id: null,
      data: JSON.stringify(input.data),
    })
    .onConflict((conflict) => conflict.columns(['requester_id', 'function_call_identifier']).doNothing())
    .returning('case_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Links a stored notification to the timeline entry written for it. */
export async function linkEsimNotificationEvent(
  tx: Tx,
  key: { requesterId: string; functionCallIdentifier: string },
  eventId: string,
): Promise<void> {
  await tx
    .updateTable('esim_notifications')
    .set({ event_id: eventId })
    .where('requester_id', '=', key.requesterId)
    .where('function_call_identifier', '=', key.functionCallIdentifier)
    .execute();
}
