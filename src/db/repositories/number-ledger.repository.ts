import type { Db, Tx } from '../database.js';

/**
 * The ownership ledger of numbers (number_ownership_events): who was given, lost or got back a
 * number, and when, as simexit and the operator's activation system report it. Each fact is keyed
 * (dedupe_key), so one reported twice is recorded once.
 */
export interface NewOwnershipEvent {
  msisdn: string;
  subscriberId: string | null;
  event: string;
  at: Date;
  caseId: string | null;
  source: string;
  dedupeKey: string;
  recordedAt: Date;
}

/** @returns whether the fact was recorded now (false: its dedupe key was on record already). */
export async function insertOwnershipEventUnlessRecorded(tx: Tx, record: NewOwnershipEvent): Promise<boolean> {
  const inserted = await tx
    .insertInto('number_ownership_events')
    .values({
      msisdn: record.msisdn,
      subscriber_id: record.subscriberId,
      event: record.event,
      at: record.at,
      case_id: record.caseId,
      source: record.source,
      dedupe_key: record.dedupeKey,
      recorded_at: record.recordedAt,
    })
    .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The number's ledger, latest first. */
export async function ownershipHistory(db: Db | Tx, msisdn: string): Promise<{ event: string; at: Date }[]> {
  return db
    .selectFrom('number_ownership_events')
    .select(['event', 'at'])
    .where('msisdn', '=', msisdn)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The number's ledger, in no particular order. */
export async function ownershipEventsOfNumber(db: Db | Tx, msisdn: string): Promise<{ event: string; at: Date }[]> {
  return db.selectFrom('number_ownership_events').select(['event', 'at']).where('msisdn', '=', msisdn).execute();
}
