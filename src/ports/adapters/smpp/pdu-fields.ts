import smpp from 'smpp';
import { GSM_ALPHABET } from './sms-encoding.js';

/** SMPP 3.4 §5.2.5 / §5.2.6: type of number and numbering plan indicator of an address. */
export const TON = { unknown: 0, international: 1, alphanumeric: 5 } as const;
export const NPI = { unknown: 0, isdn: 1 } as const;

/**
 * The sender fields. "+" and digits is an international number; digits alone are left to the
 * SMSC's numbering plan (short codes, national numbers); anything else is an alphanumeric sender,
 * which TS 23.040 §9.1.2.5 limits to 11 characters of the GSM alphabet.
 */
export function sourceFields(address: string) {
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
export function destinationOf(to: string): string {
  if (!/^\+[1-9]\d{6,14}$/.test(to)) throw new Error(`SMS recipient ${JSON.stringify(to)} is not an E.164 number`);
  return to.slice(1);
}

const STATUS_NAMES = new Map(Object.entries(smpp.errors).map(([name, code]) => [code, name]));

/** Names a command_status, e.g. "ESME_RTHROTTLED (0x00000058)", so a stored last_error says what went wrong. */
export function describeStatus(status: number): string {
  return `${STATUS_NAMES.get(status) ?? 'unknown status'} (0x${status.toString(16).padStart(8, '0')})`;
}

/** SMPP 3.4 §5.2.12: esm_class bits 5–2 = 0001 mark an SMSC delivery receipt; 0x40 flags a UDH. */
export const ESM_MESSAGE_TYPE = 0x3c;
export const ESM_DELIVERY_RECEIPT = 0x04;
export const ESM_UDH_INDICATOR = 0x40;
/** SMPP 3.4 §5.2.17: ask for an SMSC delivery receipt on the final outcome, success or failure. */
export const REGISTERED_DELIVERY_FINAL = 0x01;
