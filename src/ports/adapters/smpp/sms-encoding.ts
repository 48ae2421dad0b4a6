/**
 * The GSM 7-bit default alphabet in code order, 3GPP TS 23.038 §6.2.1 (formerly GSM 03.38).
 * Position 0x1B is the escape to the extension table, not a character of its own.
 */
export const GSM_ALPHABET =
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
