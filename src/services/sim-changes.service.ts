import { insertAudit } from '../db/repositories/cases.repository.js';
import { findOutboxMessageByDedupeKey } from '../db/repositories/outbox-messages.repository.js';
import { caseContactsFor, recipientsOf } from '../domain/contacts.js';
import { SimexitError } from '../domain/errors.js';
import { maskMsisdn } from '../domain/identifiers.js';
import { renderSimChanged } from '../domain/notifications.js';
import { inTransaction, type ServiceContext } from './context.js';
import { officialChannels, queueToRecipients } from './notifications.service.js';
import { currentPolicy } from './policies.service.js';
import { holderMessageStyle } from './holder-language.service.js';

/**
 * The network (or the activation system) reports a SIM change for a line: every contact on file is told
 * at once, in one transaction with the audit entry. Idempotent by the reporter's event id: a repeated
 * report finds its messages' dedupe keys taken and writes nothing twice.
 */
export async function announceSimChange(
  context: ServiceContext,
  event: { eventId: string; msisdn: string; changedAt: Date; source: string },
): Promise<{ announced: number }> {
  const line = await context.ports.crm.findLine(event.msisdn);
  if (!line) throw new SimexitError('LINE_NOT_FOUND', 'We have no line with this number.', { field: 'msisdn' });
  const subscriber = await context.ports.crm.getSubscriber(line.subscriberId);
  if (!subscriber) throw new SimexitError('LINE_NOT_FOUND', 'The account of this line could not be found.');
  const policy = await currentPolicy(context, line.market, context.db);
  const style = await holderMessageStyle(
    context.db,
    { subscriberId: line.subscriberId, accountLanguage: subscriber.language },
    policy,
  );
  const message = renderSimChanged(
    {
      maskedMsisdn: maskMsisdn(line.msisdn),
      at: style.at(event.changedAt),
      // PACs are a UK mechanism (Ofcom GC C7): elsewhere there is none to hold back.
      pacBlockDays: line.market === 'UK' ? policy.risk.pacBlockDaysAfterSimChange : 0,
      officialChannels: officialChannels(context),
    },
    style.language,
  );
  const recipients = recipientsOf(caseContactsFor(line.msisdn, subscriber, null));
  return inTransaction(context, async (tx) => {
    const known = await findOutboxMessageByDedupeKey(tx, `sim_change:${event.eventId}:${recipients[0]!.key}`);
    if (known) return { announced: 0 };
    await queueToRecipients(context, tx, {
      subscriberId: line.subscriberId,
      recipients,
      template: 'sim_changed',
      message,
      dedupePrefix: `sim_change:${event.eventId}`,
    });
    await insertAudit(tx, {
      subscriberId: line.subscriberId,
      actorKind: 'system',
      actorId: event.source,
      action: 'line.sim_changed',
      target: `line:${line.msisdn}`,
      data: { eventId: event.eventId, changedAt: event.changedAt.toISOString(), recipients: recipients.length },
      at: context.clock.now(),
    });
    return { announced: recipients.length };
  });
}
