import { isUniqueViolation, type Tx } from '../db/database.js';
import { insertAudit } from '../db/repositories/cases.repository.js';
import { findOpenLineLock, insertLineLock, liftLineLock } from '../db/repositories/line-locks.repository.js';
import { caseContactsFor, recipientsOf } from '../domain/contacts.js';
import { SimexitError } from '../domain/errors.js';
import { maskMsisdn } from '../domain/identifiers.js';
import { renderLineLockChanged } from '../domain/notifications.js';
import { inTransaction, type Actor, type ServiceContext } from './context.js';
import { lineForActor } from './eligibility.service.js';
import { officialChannels, queueToRecipients } from './notifications.service.js';
import { holderMessageStyle } from './holder-language.service.js';
import { currentPolicy } from './policies.service.js';

type SubscriberActor = Extract<Actor, { kind: 'subscriber' }>;

export interface LineLockView {
  msisdn: string;
  locked: boolean;
  lockedAt: Date | null;
}

/**
 * A free lock the holder puts on porting and cancellation of a line (FCC 23-95 asks carriers to offer
 * one). While it holds, no cancellation is filed on any channel (online, staff, mail, BSS, SMS) and no
 * PAC or STAC is issued; a bulk deactivation on a regulator's order is not the holder's request and
 * still runs.
 *
 * Any holder session may set it. Lifting it needs a session proven through the account login (the code
 * went to the account e-mail), not one proven only by the line: whoever took the SIM over receives the
 * line's codes, and the lock exists to stop exactly them. Staff cannot lift it. Setting and lifting are
 * audited and told to every contact on file.
 */
export async function lockLine(context: ServiceContext, actor: SubscriberActor, msisdn: string): Promise<LineLockView> {
  const line = await lineForActor(context, actor, msisdn);
  const subscriber = await context.ports.crm.getSubscriber(line.subscriberId);
  const policy = await currentPolicy(context, line.market, context.db);
  const now = context.clock.now();
  try {
    return await inTransaction(context, async (tx) => {
      const open = await findOpenLineLock(tx, line.msisdn);
      if (open) return { msisdn: line.msisdn, locked: true, lockedAt: new Date(open.locked_at) };
      await insertLineLock(tx, {
        id: crypto.randomUUID(),
        msisdn: line.msisdn,
        subscriber_id: line.subscriberId,
        locked_at: now,
        locked_by: actor.id,
      });
      await insertAudit(tx, {
        subscriberId: line.subscriberId,
        actorKind: 'subscriber',
        actorId: actor.id,
        action: 'line.locked',
        target: `line:${line.msisdn}`,
        data: { scope: actor.scope === null ? 'account' : 'line' },
        at: now,
      });
      if (subscriber) await tellEveryContact(context, tx, line, subscriber, 'locked', policy, now);
      return { msisdn: line.msisdn, locked: true, lockedAt: now };
    });
  } catch (error) {
    // Two requests at once: the other one set it.
    if (isUniqueViolation(error)) return lineLockView(context, line.msisdn);
    throw error;
  }
}

export async function unlockLine(
  context: ServiceContext,
  actor: SubscriberActor,
  msisdn: string,
): Promise<LineLockView> {
  const line = await lineForActor(context, actor, msisdn);
  if (actor.scope !== null) {
    throw new SimexitError(
      'FORBIDDEN',
      'To lift the lock, sign in with your account login (the code goes to your account e-mail), not with the line: whoever has the SIM must not be able to lift it.',
      { requires: 'account_login' },
    );
  }
  const subscriber = await context.ports.crm.getSubscriber(line.subscriberId);
  const policy = await currentPolicy(context, line.market, context.db);
  const now = context.clock.now();
  return inTransaction(context, async (tx) => {
    const open = await findOpenLineLock(tx, line.msisdn);
    if (!open) return { msisdn: line.msisdn, locked: false, lockedAt: null };
    await liftLineLock(tx, open.id, now, actor.id);
    await insertAudit(tx, {
      subscriberId: line.subscriberId,
      actorKind: 'subscriber',
      actorId: actor.id,
      action: 'line.unlocked',
      target: `line:${line.msisdn}`,
      data: { lockedAt: new Date(open.locked_at).toISOString() },
      at: now,
    });
    if (subscriber) await tellEveryContact(context, tx, line, subscriber, 'unlocked', policy, now);
    return { msisdn: line.msisdn, locked: false, lockedAt: null };
  });
}

export async function lineLockView(context: ServiceContext, msisdn: string): Promise<LineLockView> {
  const open = await findOpenLineLock(context.db, msisdn);
  return { msisdn, locked: open !== undefined, lockedAt: open ? new Date(open.locked_at) : null };
}

/** Refuses with LINE_LOCKED when the holder has locked the line; `what` names the refused action. */
export async function assertNotLocked(context: ServiceContext, msisdn: string, what: string): Promise<void> {
  const open = await findOpenLineLock(context.db, msisdn);
  refuseIfLocked(context, open ? new Date(open.locked_at) : null, what);
}

/** The same refusal for a lock read already (readFilingGuards): `lockedAt` null when there is none. */
export function refuseIfLocked(context: ServiceContext, lockedAt: Date | null, what: string): void {
  if (lockedAt === null) return;
  throw new SimexitError(
    'LINE_LOCKED',
    `The holder has locked this line against porting and cancellation, so we cannot ${what}. The holder can lift the lock at ${context.config.PUBLIC_URL} after signing in with their account login.`,
    { lockedAt: lockedAt.toISOString() },
  );
}

async function tellEveryContact(
  context: ServiceContext,
  tx: Tx,
  line: { msisdn: string; subscriberId: string },
  subscriber: Parameters<typeof caseContactsFor>[1] & { language: string | null },
  change: 'locked' | 'unlocked',
  policy: { timeZone: string; language: string },
  now: Date,
): Promise<void> {
  const style = await holderMessageStyle(
    tx,
    { subscriberId: line.subscriberId, accountLanguage: subscriber.language },
    policy,
  );
  const message = renderLineLockChanged(
    change,
    { maskedMsisdn: maskMsisdn(line.msisdn), at: style.at(now), officialChannels: officialChannels(context) },
    style.language,
  );
  await queueToRecipients(context, tx, {
    subscriberId: line.subscriberId,
    recipients: recipientsOf(caseContactsFor(line.msisdn, subscriber, null)),
    template: `line_${change}`,
    message,
    dedupePrefix: `line_lock:${line.msisdn}:${change}:${now.getTime()}`,
  });
}
