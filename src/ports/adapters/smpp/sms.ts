import { randomInt } from 'node:crypto';
import smpp from 'smpp';
import type { OutgoingMessage, SmsPort } from '../../ports.js';
import { inboundText, isDeliveryReceipt, readReceipt, senderOf } from './deliver-sm.js';
import {
  describeStatus,
  destinationOf,
  ESM_UDH_INDICATOR,
  NPI,
  REGISTERED_DELIVERY_FINAL,
  sourceFields,
  TON,
} from './pdu-fields.js';
import { encodeSms, type EncodedSms } from './sms-encoding.js';
import { NotSentError, smppSession, type Link } from './smpp-session.js';
import {
  idKey,
  memorySubmittedParts,
  receiptIdCandidates,
  remember,
  type SubmittedPart,
  type SubmittedParts,
} from './submitted-parts.js';

export { memorySubmittedParts, type SubmittedPart, type SubmittedParts } from './submitted-parts.js';

/** What the SMSC reports about one submitted part (SMPP 3.4 Appendix B delivery receipt). */
export interface DeliveryReceipt {
  /** Our outbox message id. A message sent in several parts gets one receipt per part. */
  messageId: string;
  /** The part's id as the SMSC gave it in submit_sm_resp. */
  smscMessageId: string;
  /** SMPP 3.4 Appendix B state: DELIVRD, EXPIRED, DELETED, UNDELIV, ACCEPTD, UNKNOWN, REJECTD (ENROUTE if interim). */
  status: string;
  /**
   * When simexit received the receipt. The receipt's own "done date" is SMSC local time with no
   * time zone, so it cannot be turned into an instant reliably.
   */
  at: Date;
}

export interface SmppSmsOptions {
  /** smpp://system_id:password@host:port (port defaults to 2775, SMPP's IANA port). */
  url: string;
  /** Sender: "+4477…" (international), "12345" (short code or national), or up to 11 letters/digits. */
  sourceAddress: string;
  /** Bind (connect + bind_transceiver_resp) and every submit_sm must be answered within this long. */
  timeoutMs: number;
  /** Where accepted parts are kept (default: this process's memory, so receipts only match here). */
  submittedParts?: SubmittedParts;
  /**
   * Called for each delivery receipt that belongs to a message in submittedParts. deliver_sm_resp
   * waits for it: if it throws (or its promise rejects or outlives timeoutMs) the SMSC gets
   * ESME_RX_T_APPN, a temporary error, and offers the receipt again later instead of losing it.
   */
  onDeliveryReceipt?: (receipt: DeliveryReceipt) => void | Promise<void>;
  /**
   * enquire_link period while bound (default 30 s; 0 turns it off). It keeps NAT and SMSC idle
   * timers from dropping the bind, so receipts keep arriving, and finds a dead connection before a
   * send has to.
   */
  enquireLinkMs?: number;
  /** The receipt time source (the system clock by default). */
  now?: () => Date;
  /**
   * Called for each message a subscriber sends (mobile-originated deliver_sm that is not a receipt),
   * with the sender as +E.164. Answered like receipts: a failure gets a temporary error so the SMSC
   * offers the message again.
   */
  onInbound?: (message: { from: string; text: string }) => void | Promise<void>;
}

export type SmppSms = SmsPort & {
  /** Binds now rather than at the first send, so messages from subscribers reach this process. */
  start(): Promise<void>;
  close(): Promise<void>;
};

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

interface Submission {
  body: string;
  to: string;
  reference: number;
  /** The SMSC's id for each part it accepted; null for a part still to send. */
  smscIds: (string | null)[];
  /** Whether each accepted part is in submittedParts; a retry records those that are not. */
  recorded: boolean[];
}

/** How many sent messages this process remembers in full (body and parts) for at-most-once. */
const REMEMBERED_MESSAGES = 10_000;
/**
 * A receipt whose id is not found is looked up once more after this long: the worker that sent the
 * part may be a moment from committing its record (an SMSC can answer and receipt in one breath).
 */
const RECEIPT_RECHECK_MS = 200;

/**
 * SMS over SMPP 3.4 as a transceiver ESME: one bind both submits and receives the receipts, rather
 * than a transmitter and a receiver bind to keep alive side by side.
 *
 * - Binds lazily on the first send and again on the send after the connection dropped. One bind at
 *   a time: concurrent sends wait for the same one. A bind, and each submit_sm, that is not
 *   answered within timeoutMs fails the send and drops the connection, since a session with an
 *   unanswered request is in an unknown state; the outbox job retries with its backoff.
 * - At most once per outbox id, as the port asks, as far as submittedParts knows: each part the
 *   SMSC accepted is recorded there before the send returns, so a retry after a failed part (in
 *   this process or another) sends only the missing parts, with the same concatenation reference
 *   so the handset joins them, and a retry after full acceptance sends nothing. SMPP has no
 *   idempotency key: a submit_sm whose response was lost can still mean a part arrives twice.
 * - Receipts are matched to the outbox id through the SMSC message id of each part in
 *   submittedParts; with the shared store a receipt reaching any worker, or one restarted since,
 *   is reported. Every deliver_sm is answered, since an SMSC holds back or re-sends unanswered
 *   ones; an unknown receipt is acknowledged and not reported.
 */
export function smppSms(options: SmppSmsOptions): SmppSms {
  const session = smppSession({
    url: options.url,
    timeoutMs: options.timeoutMs,
    enquireLinkMs: options.enquireLinkMs ?? 30_000,
    onDelivery: (link, pdu) => void answerDelivery(link, pdu),
  });
  const source = sourceFields(options.sourceAddress);
  const { timeoutMs } = options;
  const now = options.now ?? (() => new Date());

  /** Random start, so a restarted process does not reuse references a handset may still be joining. */
  let reference = randomInt(256);
  const submissions = new Map<string, Submission>();
  const submittedParts = options.submittedParts ?? memorySubmittedParts();
  /** Records of accepted parts still being written: a receipt waits for them before looking up. */
  const recording = new Set<Promise<unknown>>();
  const inFlight = new Map<string, Promise<void>>();

  /** The accepted part a receipt names, waiting for records still being written here and elsewhere. */
  async function findPart(receiptId: string): Promise<SubmittedPart | null> {
    await Promise.allSettled([...recording]);
    const keys = [...new Set(receiptIdCandidates(receiptId).map(idKey))];
    const part = await submittedParts.find(keys);
    if (part) return part;
    await new Promise((resolve) => setTimeout(resolve, Math.min(RECEIPT_RECHECK_MS, timeoutMs / 4)));
    return submittedParts.find(keys);
  }

  /** Keeps an accepted part; the promise is tracked so a receipt for it waits until it is kept. */
  function recordPart(submission: Submission, part: SubmittedPart): Promise<void> {
    const written = submittedParts.record(part).then(() => {
      submission.recorded[part.partIndex] = true;
    });
    recording.add(written);
    void written.finally(() => recording.delete(written)).catch(() => {});
    return written;
  }

  /** What another attempt (any process) got accepted of this message, if it split the same way. */
  async function resumedSubmission(message: OutgoingMessage, total: number): Promise<Submission | null> {
    const accepted = await submittedParts.forMessage(message.id);
    const first = accepted[0];
    if (!first || accepted.some((part) => part.partCount !== total || part.reference !== first.reference)) return null;
    const smscIds: (string | null)[] = Array.from({ length: total }, () => null);
    for (const part of accepted) smscIds[part.partIndex] = part.smscMessageId;
    return {
      body: message.body,
      to: message.to,
      reference: first.reference,
      smscIds,
      recorded: smscIds.map((id) => id !== null),
    };
  }

  /** Answers a deliver_sm or data_sm after reporting a receipt it carries; see onDeliveryReceipt. */
  async function answerDelivery(link: Link, pdu: smpp.PDU) {
    let status = 0;
    const isReceipt = isDeliveryReceipt(pdu);
    const receipt = isReceipt ? readReceipt(pdu) : null;
    if (!isReceipt && options.onInbound) {
      const handler = options.onInbound;
      const message = { from: senderOf(pdu), text: inboundText(pdu) };
      try {
        await withTimeout(
          Promise.resolve().then(() => handler(message)),
          timeoutMs,
          'onInbound',
        );
      } catch {
        status = smpp.errors.ESME_RX_T_APPN!;
      }
    }
    if (receipt && options.onDeliveryReceipt) {
      const handler = options.onDeliveryReceipt;
      try {
        await withTimeout(
          (async () => {
            const part = await findPart(receipt.smscMessageId);
            if (part) {
              await handler({
                messageId: part.messageId,
                smscMessageId: part.smscMessageId,
                status: receipt.status,
                at: now(),
              });
            }
          })(),
          timeoutMs,
          'onDeliveryReceipt',
        );
      } catch {
        status = smpp.errors.ESME_RX_T_APPN!;
      }
    }
    if (link.open) link.session.send(pdu.response(status ? { command_status: status } : {}));
  }

  /**
   * One submit_sm on the current bind. When the connection turns out to be gone before the PDU was
   * written (the SMSC dropped it and the close is not processed yet), nothing reached the SMSC, so it
   * is safe to bind again and submit once more.
   */
  async function submit(params: smpp.Params, onResponse: smpp.ResponseCallback): Promise<smpp.PDU> {
    try {
      return await session.request(await session.bound(), 'submit_sm', params, onResponse);
    } catch (error) {
      if (!(error instanceof NotSentError)) throw error;
      return session.request(await session.bound(), 'submit_sm', params, onResponse);
    }
  }

  async function deliver(message: OutgoingMessage, destination: string, encoded: EncodedSms) {
    const total = encoded.parts.length;
    let submission: Submission | null | undefined = submissions.get(message.id);
    if (!submission || submission.body !== message.body || submission.to !== message.to) {
      submission = submission ? null : await resumedSubmission(message, total);
      if (!submission) {
        reference = (reference + 1) % 256;
        const none = encoded.parts.map(() => null);
        submission = { body: message.body, to: message.to, reference, smscIds: none, recorded: none.map(() => false) };
      }
      remember(submissions, message.id, submission, REMEMBERED_MESSAGES);
    }
    const record = submission;
    const part = (index: number, smscMessageId: string): SubmittedPart => ({
      messageId: message.id,
      smscMessageId,
      idKey: idKey(smscMessageId),
      partIndex: index,
      partCount: total,
      reference: record.reference,
    });
    // Parts accepted by an attempt whose record failed: kept now, before anything more is sent.
    for (const [index, smscMessageId] of record.smscIds.entries()) {
      if (smscMessageId && !record.recorded[index]) await recordPart(record, part(index, smscMessageId));
    }
    for (const [index, body] of encoded.parts.entries()) {
      if (record.smscIds[index] !== null) continue;
      let written: Promise<void> | null = null;
      // TS 23.040 §9.2.3.24.1: UDHL 5, IEI 0x00 (concatenation, 8-bit reference), IEDL 3, ref, total, sequence.
      const udh = total > 1 ? Buffer.from([0x05, 0x00, 0x03, record.reference, total, index + 1]) : null;
      const response = await submit(
        {
          ...source,
          dest_addr_ton: TON.international,
          dest_addr_npi: NPI.isdn,
          destination_addr: destination,
          esm_class: udh ? ESM_UDH_INDICATOR : 0,
          registered_delivery: REGISTERED_DELIVERY_FINAL,
          data_coding: encoded.dataCoding,
          short_message: udh ? Buffer.concat([udh, body]) : body,
        },
        (pdu) => {
          if (pdu.command_status !== 0) return;
          const smscMessageId = typeof pdu.message_id === 'string' ? pdu.message_id : '';
          record.smscIds[index] = smscMessageId;
          // Started here, synchronously, so a receipt read right after this response waits for it.
          if (smscMessageId) written = recordPart(record, part(index, smscMessageId));
        },
      );
      if (response.command_status !== 0) {
        const which = total > 1 ? ` (part ${index + 1} of ${total})` : '';
        throw new Error(`SMPP submit_sm${which} refused by the SMSC: ${describeStatus(response.command_status)}`);
      }
      // A part whose record failed fails the send: the retry records it and sends nothing twice.
      await written;
    }
  }

  return {
    async start() {
      if (session.closed) throw new Error('SMPP adapter is closed');
      await session.bound();
    },

    async send(message: OutgoingMessage) {
      if (session.closed) throw new Error('SMPP adapter is closed');
      const destination = destinationOf(message.to);
      const encoded = encodeSms(message.body);
      // One attempt per outbox id at a time, so a second one sees what the first got accepted.
      const previous = inFlight.get(message.id) ?? Promise.resolve();
      const attempt = previous.catch(() => {}).then(() => deliver(message, destination, encoded));
      inFlight.set(message.id, attempt);
      try {
        await attempt;
      } finally {
        if (inFlight.get(message.id) === attempt) inFlight.delete(message.id);
      }
    },

    /** Unbinds (so the SMSC stops routing receipts here) and closes the connection. */
    close: () => session.close(),
  };
}
