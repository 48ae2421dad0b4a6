import type { Tx } from '../db/database.js';
import { insertAudit } from '../db/repositories/cases.repository.js';
import {
  insertOwnershipEventUnlessRecorded,
  ownershipEventsOfNumber,
  ownershipHistory,
} from '../db/repositories/number-ledger.repository.js';
import { SimexitError } from '../domain/errors.js';
import { parseMsisdn } from '../domain/identifiers.js';
import { inTransaction, type ServiceContext } from './context.js';
import { queueWebhookEvents } from './webhooks.service.js';
import { DAY } from '../domain/time.js';

/** What can happen to a number's ownership. `reassigned` means a new holder got a number that had one before. */
export const ownershipEvents = ['assigned', 'deactivated', 'quarantined', 'released', 'reassigned'] as const;
export type OwnershipEvent = (typeof ownershipEvents)[number];

export interface OwnershipRecord {
  msisdn: string;
  subscriberId: string | null;
  event: OwnershipEvent;
  at: Date;
  caseId?: string | null;
  source: 'simexit' | 'activation_system' | 'demo';
  /** The same fact reported twice is recorded once. */
  dedupeKey: string;
}

/** Records a fact about a number, and the webhook deliveries it causes, in the caller's transaction. */
export async function recordOwnership(context: ServiceContext, tx: Tx, record: OwnershipRecord): Promise<void> {
  const inserted = await insertOwnershipEventUnlessRecorded(tx, {
    ...record,
    caseId: record.caseId ?? null,
    recordedAt: context.clock.now(),
  });
  if (inserted) await queueWebhookEvents(context, tx, record);
}

/**
 * The operator's activation system reports that a number was given to a subscriber. If the number
 * had a holder before (simexit deactivated it), this is a reassignment: the number changed hands.
 */
export async function receiveAssignment(
  context: ServiceContext,
  input: { eventId: string; msisdn: string; subscriberRef: string | null; at: Date; source: OwnershipRecord['source'] },
): Promise<{ event: OwnershipEvent }> {
  const msisdn = parseMsisdn(input.msisdn);
  return inTransaction(context, async (tx) => {
    const history = await ownershipHistory(tx, msisdn);
    const last = history[0];
    if (last && (last.event === 'deactivated' || last.event === 'quarantined')) {
      throw new SimexitError('NUMBER_IN_QUARANTINE', 'This number is still in quarantine and cannot be assigned yet.', {
        msisdn,
        lastEvent: last.event,
      });
    }
    const event: OwnershipEvent = history.some((h) => h.event === 'deactivated') ? 'reassigned' : 'assigned';
    await recordOwnership(context, tx, {
      msisdn,
      subscriberId: input.subscriberRef,
      event,
      at: input.at,
      source: input.source,
      dedupeKey: `assignment:${input.eventId}`,
    });
    await insertAudit(tx, {
      subscriberId: input.subscriberRef,
      actorKind: 'system',
      actorId: input.source,
      action: `number.${event}`,
      target: `line:${msisdn}`,
      data: { eventId: input.eventId, at: input.at.toISOString() },
      at: context.clock.now(),
    });
    return { event };
  });
}

/**
 * CAMARA Number Recycling (v0.2.0, release r2.2): has the number changed hands after
 * `specifiedDate`? True exactly when a reassignment to a new holder is on record from the day after
 * it (UTC): the spec answers false for the date on which the current user signed their contract, and
 * true for a date in a gap between two holders. A number that was only cancelled, or is still in
 * quarantine, has not been recycled.
 *
 * The answer is only about numbers this operator holds or held: the spec's Generic404 answers a number
 * "used by a different network operator" with 404 IDENTIFIER_NOT_FOUND. With NUMBER_RANGES configured,
 * "holds" means "in the operator's ranges", answered without asking the CRM, so a number nobody has
 * and a number in service look alike.
 * @returns null when the number is not the operator's.
 */
export async function wasRecycledSince(
  context: ServiceContext,
  msisdn: string,
  specifiedDate: string,
): Promise<boolean | null> {
  const dayAfter = new Date(new Date(`${specifiedDate}T00:00:00Z`).getTime() + DAY);
  const known = await ownershipEventsOfNumber(context.db, msisdn);
  if (known.length === 0) {
    const ranges = context.config.NUMBER_RANGES;
    if (ranges.length > 0) return ranges.some((prefix) => msisdn.startsWith(prefix)) ? false : null;
    const line = await context.ports.crm.findLine(msisdn);
    return line ? false : null;
  }
  return known.some((row) => row.event === 'reassigned' && new Date(row.at) >= dayAfter);
}
