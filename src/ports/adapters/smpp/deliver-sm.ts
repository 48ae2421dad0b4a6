import type smpp from 'smpp';
import { ESM_DELIVERY_RECEIPT, ESM_MESSAGE_TYPE, TON } from './pdu-fields.js';
import { GSM_ALPHABET } from './sms-encoding.js';

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

/** Whether a deliver_sm or data_sm is an SMSC delivery receipt rather than a subscriber's message. */
export function isDeliveryReceipt(pdu: smpp.PDU): boolean {
  return (Number(pdu.esm_class) & ESM_MESSAGE_TYPE) === ESM_DELIVERY_RECEIPT;
}

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
export function readReceipt(pdu: smpp.PDU): { smscMessageId: string; status: string } | null {
  const text = receiptText(pdu);
  const tlvId = typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id : '';
  const smscMessageId = tlvId || /\bid:(\S+)/i.exec(text)?.[1];
  if (!smscMessageId) return null;
  const state = typeof pdu.message_state === 'number' ? MESSAGE_STATES[pdu.message_state] : undefined;
  const status = state ?? /\bstat:(\w+)/i.exec(text)?.[1]?.toUpperCase() ?? 'UNKNOWN';
  return { smscMessageId, status };
}

/** A mobile-originated message's text: UCS-2 (data_coding 8) or the GSM/Latin text node-smpp decoded. */
export function inboundText(pdu: smpp.PDU): string {
  const field = pdu.short_message ?? pdu.message_payload;
  const message = field !== null && typeof field === 'object' && 'message' in field ? field.message : field;
  if (typeof message === 'string') return message;
  if (!Buffer.isBuffer(message)) return '';
  if ((Number(pdu.data_coding) & 0x0f) === 8) return Buffer.from(message).swap16().toString('utf16le');
  return message.toString('latin1');
}

/** The sender as +E.164 when the SMSC marks it international, as given otherwise. */
export function senderOf(pdu: smpp.PDU): string {
  const address = String(pdu.source_addr ?? '');
  return Number(pdu.source_addr_ton) === TON.international && /^\d+$/.test(address) ? `+${address}` : address;
}
