import type { Clock } from '../clock.js';
import type { Db, Tx } from '../db/database.js';
import type { CaseRow, OutboxRowInput } from '../db/repositories/cases.repository.js';
import {
  insertOutboxRows,
  outboxMessagesToSend,
  recordOutboxDelivered,
  recordOutboxFailure,
  recordOutboxReceipt,
} from '../db/repositories/outbox-messages.repository.js';
import {
  deleteSubmittedPartsBefore,
  findSubmittedPart,
  recordSubmittedPart,
  submittedPartsOf,
  type SubmittedPartRow,
} from '../db/repositories/sms-submitted-parts.repository.js';
import type { Recipient } from '../domain/contacts.js';
import { maskMsisdn } from '../domain/identifiers.js';
import type { NotificationTemplate } from '../domain/lifecycle.js';
import {
  formatMessageDate,
  formatMessageInstant,
  formatMessageList,
  messageLanguageFor,
} from '../domain/message-formats.js';
import { renderNotification, type RenderedMessage } from '../domain/notifications.js';
import type { SubmittedPart, SubmittedParts } from '../ports/adapters/smpp/sms.js';
import type { QueueName } from '../jobs/retry-policy.js';
import type { ServiceContext } from './context.js';
import { policyForCase } from './policies.service.js';
import { caseReference } from './presenters.js';
import { DAY } from '../domain/time.js';

export interface OutboxInput {
  subscriberId: string;
  caseId: string | null;
  channel: 'sms' | 'email';
  to: string;
  template: string;
  subject: string;
  body: string;
  /** Unique per message that should exist once: a repeated transaction cannot send it twice. */
  dedupeKey: string;
}

/** Writes a message to the outbox and its delivery job, inside the caller's transaction. */
export async function queueMessage(context: ServiceContext, tx: Tx, message: OutboxInput): Promise<string> {
  const [id] = await queueMessages(context, tx, [message]);
  return id!;
}

/**
 * Writes messages to the outbox and their delivery jobs, inside the caller's transaction: one
 * statement for the rows and one for the jobs, whatever their number. A message whose dedupe key
 * exists already is not written again; its id in the answer is then a fresh, unused one.
 */
export async function queueMessages(context: ServiceContext, tx: Tx, messages: OutboxInput[]): Promise<string[]> {
  const { ids, jobs } = await insertOutboxMessages(context, tx, messages);
  await context.queue.enqueueMany(tx, jobs);
  return ids;
}

/**
 * Writes messages to the outbox in one statement and answers the delivery jobs the caller must
 * enqueue in the same transaction (with any jobs of its own, in one statement). A message whose
 * dedupe key exists already is not written again and gets no job; its id in the answer is then a
 * fresh, unused one.
 */
/** The outbox rows for `messages` (new ids, delivery columns left empty), to write in the caller's transaction. */
export function outboxRowsFor(context: ServiceContext, messages: readonly OutboxInput[]): OutboxRowInput[] {
  const now = context.clock.now();
  return messages.map((message) => ({
    id: crypto.randomUUID(),
    subscriber_id: message.subscriberId,
    case_id: message.caseId,
    channel: message.channel,
    recipient: message.to,
    template: message.template,
    subject: message.subject,
    body: message.body,
    dedupe_key: message.dedupeKey,
    created_at: now,
  }));
}

/** The delivery job of each outbox row written, in its lane. */
export function deliveryJobsFor(written: readonly OutboxRowInput[]): { name: QueueName; payload: { id: string } }[] {
  return written.map((row) => ({ name: outboxLane(row.template), payload: { id: row.id } }));
}

/** The rows of `rows` whose ids are in `written` (a repeated dedupe key writes nothing). */
export function rowsWritten(rows: readonly OutboxRowInput[], written: readonly string[]): OutboxRowInput[] {
  const ids = new Set(written);
  return rows.filter((row) => ids.has(row.id));
}

export async function insertOutboxMessages(
  context: ServiceContext,
  tx: Tx,
  messages: OutboxInput[],
): Promise<{ ids: string[]; jobs: { name: QueueName; payload: { id: string } }[] }> {
  if (messages.length === 0) return { ids: [], jobs: [] };
  const rows = outboxRowsFor(context, messages);
  const written = await insertOutboxRows(tx, rows);
  return { ids: rows.map((row) => row.id), jobs: deliveryJobsFor(rowsWritten(rows, written)) };
}

/**
 * Messages a holder is waiting for or that protect them travel in their own lane, so they never
 * queue behind bulk notices: one-time codes, replies to texted keywords (UK text-to-switch answers
 * within 60 s), the receipt, the cooling-off "not you? stop it" warning, the notice that a PAC or STAC
 * was issued, and an agent's call confirmation (the caller waits on the line) with its "This wasn't me" alert.
 */
const urgentTemplates = new Set<string>([
  'one_time_code',
  'receipt',
  'cooling_off_started',
  'switching_code_issued',
  'call_confirmation',
  'call_denied',
]);

/**
 * Queues one rendered message to each recipient, outside any case: the safety alerts about a line
 * that go to every contact on file (lock changes, SIM changes, a PAC or STAC issued, "This wasn't me").
 * The dedupe key of each is `dedupePrefix:<recipient key>`.
 */
export async function queueToRecipients(
  context: ServiceContext,
  tx: Tx,
  input: {
    subscriberId: string;
    recipients: Recipient[];
    template: string;
    message: RenderedMessage;
    dedupePrefix: string;
  },
): Promise<void> {
  await queueMessages(
    context,
    tx,
    input.recipients.map((recipient) => ({
      subscriberId: input.subscriberId,
      caseId: null,
      channel: recipient.channel,
      to: recipient.to,
      template: input.template,
      subject: input.message.subject,
      body: input.message.body,
      dedupeKey: `${input.dedupePrefix}:${recipient.key}`,
    })),
  );
}

export function outboxLane(template: string): 'outbox.urgent' | 'outbox.deliver' {
  return urgentTemplates.has(template) || template.startsWith('keyword_') ? 'outbox.urgent' : 'outbox.deliver';
}

/**
 * The official channel every message names: simexit's address (PUBLIC_URL). Each language adds the
 * number printed on the bill in its own words (domain/notifications.ts).
 */
export function officialChannels(context: ServiceContext): string {
  return context.config.PUBLIC_URL;
}

/**
 * Renders a lifecycle notification for the recipients of a case and queues one message each; the
 * dedupe key of each is `dedupePrefix:<recipient key>` (`…:sms`, `…:email`, `…:sms:+44…`).
 */
export async function queueNotification(
  context: ServiceContext,
  tx: Tx,
  row: CaseRow,
  template: NotificationTemplate,
  recipients: Recipient[],
  dedupePrefix: string,
  data: Record<string, unknown>,
): Promise<void> {
  await queueMessages(
    context,
    tx,
    await notificationMessages(context, tx, row, template, recipients, dedupePrefix, data),
  );
}

/** The messages of a lifecycle notification for the recipients of a case, rendered, not yet written. */
export async function notificationMessages(
  context: ServiceContext,
  tx: Db | Tx,
  row: CaseRow,
  template: NotificationTemplate,
  recipients: Recipient[],
  dedupePrefix: string,
  data: Record<string, unknown>,
): Promise<OutboxInput[]> {
  const policy = await policyForCase(context, row, tx);
  // The holder's language, fixed on the case when it was filed and following their choices in the
  // portal since (services/holder-language.service.ts); cases from before that use the market's.
  const language = row.language ?? messageLanguageFor(policy.language);
  const rendered = renderNotification(
    template,
    {
      reference: caseReference(row.id),
      maskedMsisdn: maskMsisdn(row.msisdn),
      receivedAt: formatMessageInstant(new Date(row.received_at), policy.timeZone, language, policy.language),
      lineEndsOn: formatMessageDate(String(row.line_ends_on), language, policy.language),
      caseUrl: `${context.config.PUBLIC_URL}/cases/${row.id}`,
      officialChannels: officialChannels(context),
      reason: typeof data.reason === 'string' ? data.reason : row.reason_code,
      infoRequest: typeof data.message === 'string' ? data.message : null,
      cardReturnAddress: policy.cardReturn.address,
      cardReturnDeadlineDays: policy.cardReturn.deadlineDays,
      boundServicesTold:
        Array.isArray(data.boundServicesTold) && data.boundServicesTold.length > 0
          ? formatMessageList(data.boundServicesTold.map(String), language, policy.language)
          : null,
      deleteEsimProfile: data.deleteEsimProfile === true,
    },
    language,
  );
  return recipients.map((recipient) => ({
    subscriberId: row.subscriber_id,
    caseId: row.id,
    channel: recipient.channel,
    to: recipient.to,
    template,
    subject: rendered.subject,
    body: rendered.body,
    dedupeKey: `${dedupePrefix}:${recipient.key}`,
  }));
}

/**
 * Delivers outbox messages (jobs outbox.deliver and outbox.urgent), a batch at a time: one read for
 * the batch, the sends side by side, one write for every message delivered. The channel receives
 * the message id, so a delivery repeated after a crash between sending and recording is recognised
 * by the receiver. Returns, per message, null when it is done (delivered, given up on its last
 * attempt, or nothing to do) or the error that should make its job retry.
 */
export async function deliverMessages(
  context: ServiceContext,
  batch: { messageId: string; final: boolean }[],
): Promise<(Error | null)[]> {
  if (batch.length === 0) return [];
  const rows = await outboxMessagesToSend(
    context.db,
    batch.map((b) => b.messageId),
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const outcomes = await Promise.all(
    batch.map(async ({ messageId }): Promise<Error | null | 'sent'> => {
      const message = byId.get(messageId);
      if (!message || message.delivered_at || message.failed_at) return null;
      const port = message.channel === 'sms' ? context.ports.sms : context.ports.email;
      try {
        await port.send({ id: message.id, to: message.recipient, subject: message.subject, body: message.body });
        return 'sent';
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    }),
  );
  const now = context.clock.now();
  const sent = batch.filter((_, i) => outcomes[i] === 'sent').map((b) => b.messageId);
  if (sent.length > 0) {
    await recordOutboxDelivered(context.db, sent, now);
  }
  return Promise.all(
    batch.map(async ({ messageId, final }, i) => {
      const outcome = outcomes[i]!;
      if (outcome === null || outcome === 'sent') return null;
      await recordOutboxFailure(context.db, messageId, { error: outcome.message, final, at: now });
      if (!final) return outcome;
      context.logger.error({ messageId, err: outcome }, 'message given up after its last attempt');
      return null;
    }),
  );
}

/** Records the SMSC's delivery receipt for an outbox SMS (shown in the case's communication log). */
export async function recordDeliveryReceipt(
  context: ServiceContext,
  receipt: { messageId: string; status: string; at: Date },
): Promise<void> {
  await recordOutboxReceipt(context.db, receipt.messageId, receipt);
}

/**
 * How long an SMS part's SMSC id is kept to match its receipt. An SMSC stops trying a message at the
 * end of its validity period (commonly one to three days, rarely over a week), after which no
 * receipt comes; two weeks leaves a margin for a late or re-offered one.
 */
export const SMS_PART_RETENTION_DAYS = 14;

const partOf = (row: SubmittedPartRow): SubmittedPart => ({
  messageId: row.outbox_message_id,
  smscMessageId: row.smsc_message_id,
  idKey: row.smsc_id_key,
  partIndex: row.part_index,
  partCount: row.part_count,
  reference: row.concat_reference,
});

/**
 * The SMPP adapter's accepted parts in the database, shared by every worker: a receipt reaching any
 * of them (or one restarted since the send) is matched, and a retry anywhere resumes the send.
 */
export function sharedSubmittedParts(db: Db, clock: Clock): SubmittedParts {
  return {
    record: (part) => recordSubmittedPart(db, { ...part, at: clock.now() }),
    find: async (idKeys) => {
      const row = await findSubmittedPart(db, idKeys);
      return row ? partOf(row) : null;
    },
    forMessage: async (messageId) => (await submittedPartsOf(db, messageId)).map(partOf),
  };
}

/** Forgets SMS parts too old for a receipt to come (the scheduler calls it). */
export async function forgetOldSmsParts(context: ServiceContext): Promise<number> {
  const before = new Date(context.clock.now().getTime() - SMS_PART_RETENTION_DAYS * DAY);
  return deleteSubmittedPartsBefore(context.db, before);
}
