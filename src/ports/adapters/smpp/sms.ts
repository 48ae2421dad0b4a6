import { randomInt } from 'node:crypto';
import smpp from 'smpp';
import type { OutgoingMessage, SmsPort } from '../../ports.js';

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

/** One message part the SMSC accepted, as the adapter needs it to match receipts and to resume a send. */
export interface SubmittedPart {
  /** Our outbox message id. */
  messageId: string;
  /** The SMSC's id for the part, as written in submit_sm_resp. */
  smscMessageId: string;
  /** smscMessageId normalised for matching: trimmed, lower case, leading zeros dropped. */
  idKey: string;
  /** 0-based position of the part in the message. */
  partIndex: number;
  partCount: number;
  /** The concatenation reference the parts were sent with (unused for a one-part message). */
  reference: number;
}

/**
 * Where accepted parts are kept. Shared (the database: db/repositories/sms-parts.repository.ts),
 * any worker can match a receipt for a part another worker sent, or that it sent before a restart,
 * and a retry on any worker sends only the parts still missing.
 */
export interface SubmittedParts {
  /** Keeps a part the SMSC accepted; a later part under the same idKey replaces it (SMSC ids wrap). */
  record(part: SubmittedPart): Promise<void>;
  /** The first of these keys (tried in order) that names a kept part. */
  find(idKeys: string[]): Promise<SubmittedPart | null>;
  /** Every kept part of one message. */
  forMessage(messageId: string): Promise<SubmittedPart[]>;
}

/** Accepted parts in this process's memory, bounded: enough for one process on its own (and tests). */
export function memorySubmittedParts(limit = 50_000): SubmittedParts {
  const byKey = new Map<string, SubmittedPart>();
  return {
    async record(part) {
      remember(byKey, part.idKey, part, limit);
    },
    async find(idKeys) {
      for (const key of idKeys) {
        const part = byKey.get(key);
        if (part) return part;
      }
      return null;
    },
    async forMessage(messageId) {
      return [...byKey.values()].filter((part) => part.messageId === messageId);
    },
  };
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

/**
 * The GSM 7-bit default alphabet in code order, 3GPP TS 23.038 §6.2.1 (formerly GSM 03.38).
 * Position 0x1B is the escape to the extension table, not a character of its own.
 */
const GSM_ALPHABET =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const ESCAPE = 0x1b;

/**
 * The default alphabet extension table, TS 23.038 §6.2.1.1. Each of these is sent as ESC + code,
 * so it costs two septets of the 160.
 */
const GSM_EXTENSION: ReadonlyMap<string, number> = new Map([
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
]);

const GSM_SEPTETS: ReadonlyMap<string, number[]> = new Map([
  ...[...GSM_ALPHABET].flatMap((char, code): [string, number[]][] => (code === ESCAPE ? [] : [[char, [code]]])),
  ...[...GSM_EXTENSION].map(([char, code]): [string, number[]] => [char, [ESCAPE, code]]),
]);

/** SMPP 3.4 §5.2.19 data_coding: 0 = the SMSC default alphabet (GSM 7-bit), 8 = UCS-2. */
export type DataCoding = 0 | 8;

export interface EncodedSms {
  dataCoding: DataCoding;
  /** Each part's short_message without its UDH: unpacked septets (GSM) or UTF-16BE octets (UCS-2). */
  parts: Buffer[];
}

/** TS 23.040 §9.2.3.24.1: the 8-bit reference number field limits a message to 255 parts. */
const MAX_PARTS = 255;

/**
 * How a text goes over SMS, following 3GPP TS 23.038 (alphabets) and TS 23.040 (concatenation):
 *
 * - GSM 7-bit when every character is in the default alphabet or its extension table, because
 *   that fits 160 characters in the 140-octet user data; otherwise UCS-2 (70 characters). Nothing
 *   is transliterated: a text that needs UCS-2 (Chinese, or a single "ç" or emoji) is sent as
 *   written rather than changed.
 * - Septets go unpacked, one per octet: SMPP 3.4 leaves packing to the SMSC for data_coding 0, and
 *   that is what most SMSCs expect. Whether an SMSC's "default alphabet" really is GSM 7-bit is SMSC
 *   configuration (some treat data_coding 0 as Latin-1 or ASCII), to confirm when connecting one.
 * - A longer text is split into parts that each start with a 6-octet user data header holding a
 *   concatenation element (IEI 0x00, 8-bit reference). The header takes 48 bits, 7 septets with
 *   fill, leaving 153 GSM septets or 134 octets = 67 UCS-2 code units per part.
 * - A part never ends inside an escape pair or a UTF-16 surrogate pair, because some handsets and
 *   SMSCs decode each part on its own before joining them; a part may then be a unit short.
 * - Characters outside the Basic Multilingual Plane (emoji) are sent as UTF-16 surrogate pairs,
 *   strictly beyond UCS-2 but what handsets display.
 */
export function encodeSms(text: string): EncodedSms {
  const chars = [...text];
  const septets = chars.map((char) => GSM_SEPTETS.get(char));
  const encoded = septets.every((s) => s !== undefined)
    ? { dataCoding: 0 as const, parts: split(septets, 160, 153) }
    : {
        dataCoding: 8 as const,
        parts: split(
          chars.map((char) => [...Buffer.from(char, 'utf16le').swap16()]),
          140,
          134,
        ),
      };
  if (encoded.parts.length > MAX_PARTS) {
    throw new Error(`SMS of ${chars.length} characters needs ${encoded.parts.length} parts; at most ${MAX_PARTS}`);
  }
  return encoded;
}

/** Splits whole characters (each a run of octets) into parts of at most `limit` octets. */
function split(chars: number[][], single: number, limit: number): Buffer[] {
  const octets = chars.reduce((sum, char) => sum + char.length, 0);
  if (octets <= single) return [Buffer.from(chars.flat())];
  const parts: number[][] = [[]];
  for (const char of chars) {
    if (parts.at(-1)!.length + char.length > limit) parts.push([]);
    parts.at(-1)!.push(...char);
  }
  return parts.map((part) => Buffer.from(part));
}

/** SMPP 3.4 §5.2.5 / §5.2.6: type of number and numbering plan indicator of an address. */
const TON = { unknown: 0, international: 1, alphanumeric: 5 } as const;
const NPI = { unknown: 0, isdn: 1 } as const;

/**
 * The sender fields. "+" and digits is an international number; digits alone are left to the
 * SMSC's numbering plan (short codes, national numbers); anything else is an alphanumeric sender,
 * which TS 23.040 §9.1.2.5 limits to 11 characters of the GSM alphabet.
 */
function sourceFields(address: string) {
  if (/^\+[1-9]\d{1,14}$/.test(address)) {
    return { source_addr_ton: TON.international, source_addr_npi: NPI.isdn, source_addr: address.slice(1) };
  }
  if (/^\d{1,20}$/.test(address)) {
    return { source_addr_ton: TON.unknown, source_addr_npi: NPI.isdn, source_addr: address };
  }
  if (/^[\x20-\x7e]{1,11}$/.test(address) && [...address].every((char) => GSM_ALPHABET.includes(char))) {
    return { source_addr_ton: TON.alphanumeric, source_addr_npi: NPI.unknown, source_addr: address };
  }
  throw new Error(
    `SMS source address ${JSON.stringify(address)} is neither a number nor 1–11 GSM letters, digits and spaces`,
  );
}

/**
 * Recipients are E.164 with "+"; without it a national number could not be told from an
 * international one, and TON international would send it to the wrong country.
 */
function destinationOf(to: string): string {
  if (!/^\+[1-9]\d{6,14}$/.test(to)) throw new Error(`SMS recipient ${JSON.stringify(to)} is not an E.164 number`);
  return to.slice(1);
}

const STATUS_NAMES = new Map(Object.entries(smpp.errors).map(([name, code]) => [code, name]));

/** Names a command_status, e.g. "ESME_RTHROTTLED (0x00000058)", so a stored last_error says what went wrong. */
export function describeStatus(status: number): string {
  return `${STATUS_NAMES.get(status) ?? 'unknown status'} (0x${status.toString(16).padStart(8, '0')})`;
}

/** SMPP 3.4 message_state values, named as in the Appendix B receipt text's stat: field. */
const MESSAGE_STATES = [
  'SCHEDULED',
  'ENROUTE',
  'DELIVRD',
  'EXPIRED',
  'DELETED',
  'UNDELIV',
  'ACCEPTD',
  'UNKNOWN',
  'REJECTD',
];

/** SMPP 3.4 §5.2.12: esm_class bits 5–2 = 0001 mark an SMSC delivery receipt; 0x40 flags a UDH. */
const ESM_MESSAGE_TYPE = 0x3c;
const ESM_DELIVERY_RECEIPT = 0x04;
const ESM_UDH_INDICATOR = 0x40;
/** SMPP 3.4 §5.2.17: ask for an SMSC delivery receipt on the final outcome, success or failure. */
const REGISTERED_DELIVERY_FINAL = 0x01;
/** bind_transceiver interface_version: we speak SMPP 3.4 (node-smpp would announce 5.0). */
const SMPP_3_4 = 0x34;

/** The receipt's text. node-smpp decodes data_coding 0 and 1 as GSM 7-bit; receipts are ASCII, so that is undone. */
function receiptText(pdu: smpp.PDU): string {
  const field = pdu.short_message ?? pdu.message_payload;
  const message = field !== null && typeof field === 'object' && 'message' in field ? field.message : field;
  if (Buffer.isBuffer(message)) return message.toString('latin1');
  if (typeof message !== 'string') return '';
  if ((Number(pdu.data_coding) & 0x0f) > 1) return message;
  return [...message]
    .map((char) => {
      const code = GSM_ALPHABET.indexOf(char);
      return code >= 0 ? String.fromCharCode(code) : char;
    })
    .join('');
}

/**
 * The receipted message id and state: from the receipted_message_id and message_state TLVs when
 * the SMSC sends them (exact), else from the "id:… stat:…" text of SMPP 3.4 Appendix B.
 */
function readReceipt(pdu: smpp.PDU): { smscMessageId: string; status: string } | null {
  const text = receiptText(pdu);
  const tlvId = typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id : '';
  const smscMessageId = tlvId || /\bid:(\S+)/i.exec(text)?.[1];
  if (!smscMessageId) return null;
  const state = typeof pdu.message_state === 'number' ? MESSAGE_STATES[pdu.message_state] : undefined;
  const status = state ?? /\bstat:(\w+)/i.exec(text)?.[1]?.toUpperCase() ?? 'UNKNOWN';
  return { smscMessageId, status };
}

/** A mobile-originated message's text: UCS-2 (data_coding 8) or the GSM/Latin text node-smpp decoded. */
function inboundText(pdu: smpp.PDU): string {
  const field = pdu.short_message ?? pdu.message_payload;
  const message = field !== null && typeof field === 'object' && 'message' in field ? field.message : field;
  if (typeof message === 'string') return message;
  if (!Buffer.isBuffer(message)) return '';
  if ((Number(pdu.data_coding) & 0x0f) === 8) return Buffer.from(message).swap16().toString('utf16le');
  return message.toString('latin1');
}

/** The sender as +E.164 when the SMSC marks it international, as given otherwise. */
function senderOf(pdu: smpp.PDU): string {
  const address = String(pdu.source_addr ?? '');
  return Number(pdu.source_addr_ton) === TON.international && /^\d+$/.test(address) ? `+${address}` : address;
}

/** How an SMSC message id is matched: SMSCs differ in case and zero padding between submit_sm_resp and receipt. */
export const idKey = (id: string) =>
  id
    .trim()
    .toLowerCase()
    .replace(/^0+(?=.)/, '');

/**
 * Receipt ids as written, then in the other base: SMSCs are known to answer submit_sm_resp in hex
 * and write the receipt's id: in decimal, or the reverse (Kannel's msg-id-type exists for this).
 */
function receiptIdCandidates(id: string): string[] {
  const candidates = [id];
  if (/^\d{1,30}$/.test(id)) candidates.push(BigInt(id).toString(16));
  if (/^[0-9a-f]{1,30}$/i.test(id)) candidates.push(BigInt(`0x${id}`).toString(10));
  return candidates;
}

/** Keeps at most `limit` entries, dropping the oldest, so a long-running process stays bounded. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number) {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value!);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

interface Link {
  session: smpp.Session;
  open: boolean;
  /** Rejects each request still waiting for its response when the connection goes. */
  waiting: Set<(error: Error) => void>;
  keepAlive: NodeJS.Timeout | undefined;
  error: Error | null;
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

/** The request never left simexit, so repeating it cannot duplicate anything. */
class NotSentError extends Error {
  override name = 'NotSentError';
}

type Operation = 'bind_transceiver' | 'submit_sm' | 'enquire_link' | 'unbind';

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
  const url = new URL(options.url);
  if (url.protocol !== 'smpp:') throw new Error('SMPP URL must look like smpp://system_id:password@host:port');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : 2775;
  const systemId = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  if (!host || !systemId) throw new Error('SMPP URL needs a system_id and a host: smpp://system_id:password@host:port');
  const where = `${host}:${port}`;
  const source = sourceFields(options.sourceAddress);
  const { timeoutMs } = options;
  const enquireLinkMs = options.enquireLinkMs ?? 30_000;
  const now = options.now ?? (() => new Date());

  let current: Link | null = null;
  let binding: Promise<Link> | null = null;
  let closed = false;
  /** Random start, so a restarted process does not reuse references a handset may still be joining. */
  let reference = randomInt(256);
  const submissions = new Map<string, Submission>();
  const submittedParts = options.submittedParts ?? memorySubmittedParts();
  /** Records of accepted parts still being written: a receipt waits for them before looking up. */
  const recording = new Set<Promise<unknown>>();
  const inFlight = new Map<string, Promise<void>>();

  /** Stops using a link at once: the 'close' event can come a loop turn later than the next send. */
  function retire(link: Link) {
    link.open = false;
    clearInterval(link.keepAlive);
    if (current === link) current = null;
  }

  function drop(link: Link) {
    retire(link);
    link.session.destroy();
  }

  /** Sends a request and waits for its response; no response within timeoutMs drops the connection. */
  function request(link: Link, operation: Operation, params: smpp.Params, onResponse?: smpp.ResponseCallback) {
    return new Promise<smpp.PDU>((resolve, reject) => {
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        link.waiting.delete(fail);
        reject(error);
      };
      const timer = setTimeout(() => {
        fail(new Error(`SMPP ${operation} to ${where} got no response within ${timeoutMs} ms`));
        drop(link);
      }, timeoutMs);
      if (!link.open) return fail(new NotSentError(`SMPP connection to ${where} is closed`));
      link.waiting.add(fail);
      try {
        const sent = link.session[operation](params, (pdu) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          link.waiting.delete(fail);
          // Synchronously, before the next PDU: a receipt may follow its submit_sm_resp in the same read.
          onResponse?.(pdu);
          resolve(pdu);
        });
        if (!sent) {
          retire(link);
          fail(new NotSentError(`SMPP connection to ${where} is no longer writable`));
        }
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  function bind(): Promise<Link> {
    return new Promise<Link>((resolve, reject) => {
      const session = smpp.connect({ host, port });
      const link: Link = { session, open: true, waiting: new Set(), keepAlive: undefined, error: null };
      let settled = false;
      const giveUp = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        drop(link);
        reject(error);
      };
      const timer = setTimeout(
        () => giveUp(new Error(`SMPP bind to ${where} got no response within ${timeoutMs} ms`)),
        timeoutMs,
      );

      session.on('error', (error: Error) => {
        link.error = error;
        giveUp(new Error(`SMPP connection to ${where} failed: ${error.message}`));
        drop(link);
      });
      session.on('close', () => {
        retire(link);
        const reason = `SMPP connection to ${where} closed${link.error ? `: ${link.error.message}` : ''}`;
        for (const fail of [...link.waiting]) fail(new Error(reason));
        giveUp(new Error(`${reason} before the bind completed`));
      });
      session.on('deliver_sm', (pdu: smpp.PDU) => void answerDelivery(link, pdu));
      session.on('data_sm', (pdu: smpp.PDU) => void answerDelivery(link, pdu));
      session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
      session.on('unbind', (pdu: smpp.PDU) => {
        // The SMSC ends the bind (SMPP 3.4 §4.2): answer, and let the next send bind again.
        retire(link);
        session.send(pdu.response());
        session.close();
      });
      session.on('unknown', (pdu: smpp.PDU) => session.send(pdu.response()));
      session.on('connect', () => {
        request(link, 'bind_transceiver', { system_id: systemId, password, interface_version: SMPP_3_4 }).then(
          (pdu) => {
            if (pdu.command_status !== 0) {
              giveUp(new Error(`SMPP bind_transceiver to ${where} refused: ${describeStatus(pdu.command_status)}`));
              return;
            }
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            if (enquireLinkMs > 0) {
              link.keepAlive = setInterval(() => void request(link, 'enquire_link', {}).catch(() => {}), enquireLinkMs);
              link.keepAlive.unref();
            }
            current = link;
            resolve(link);
          },
          giveUp,
        );
      });
    });
  }

  function bound(): Promise<Link> {
    if (closed) return Promise.reject(new Error('SMPP adapter is closed'));
    if (current?.open) return Promise.resolve(current);
    binding ??= bind().finally(() => {
      binding = null;
    });
    return binding;
  }

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
    const isReceipt = (Number(pdu.esm_class) & ESM_MESSAGE_TYPE) === ESM_DELIVERY_RECEIPT;
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
      return await request(await bound(), 'submit_sm', params, onResponse);
    } catch (error) {
      if (!(error instanceof NotSentError)) throw error;
      return request(await bound(), 'submit_sm', params, onResponse);
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
      if (closed) throw new Error('SMPP adapter is closed');
      await bound();
    },

    async send(message: OutgoingMessage) {
      if (closed) throw new Error('SMPP adapter is closed');
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
    async close() {
      closed = true;
      await binding?.catch(() => {});
      const link = current;
      if (!link?.open) return;
      await request(link, 'unbind', {}).catch(() => {});
      retire(link);
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => link.session.destroy(), timeoutMs);
        link.session.socket.once('close', () => {
          clearTimeout(force);
          resolve();
        });
        if (link.session.socket.destroyed) {
          clearTimeout(force);
          resolve();
        } else link.session.close();
      });
    },
  };
}
