import { getCountries, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { SimexitError } from './errors.js';
import type { Market } from './policy/types.js';

/** A phone number in E.164 form (`+447700900123`), only ever produced by {@link parseMsisdn}. */
export type Msisdn = string & { readonly __brand: 'Msisdn' };

/** A SIM serial number: digits only, `89…`, Luhn-checked. Only ever produced by {@link parseIccid} / {@link makeIccid}. */
export type Iccid = string & { readonly __brand: 'Iccid' };

/**
 * Countries whose national number formats {@link parseMsisdn} accepts without a `+` prefix, in the
 * order readings are tried.
 */
export const msisdnCountries = ['GB', 'DE', 'CN', 'US'] as const;
export type MsisdnCountry = (typeof msisdnCountries)[number];

/** The country of each market (ISO 3166; the UK market is GB), whose national format its numbers use. */
export const msisdnCountryOfMarket: Readonly<Record<Market, MsisdnCountry>> = {
  UK: 'GB',
  DE: 'DE',
  CN: 'CN',
  US: 'US',
};

const MSISDN_HINT = 'Enter the phone number in international format, e.g. +44 7700 900123';
/** A mobile number as people in each country write it, for messages that show the national format. */
const NATIONAL_EXAMPLE: Readonly<Record<MsisdnCountry, string>> = {
  GB: '07700 900123',
  DE: '0151 12345678',
  CN: '138 0013 8000',
  US: '(201) 555-0123',
};
const MAX_MSISDN_INPUT = 30;
/** Digits and the punctuation people type around them; a `+` only in front. */
const MSISDN_CHARACTERS = /^\+?[0-9 \-().\u00a0]*$/;

/**
 * Ofcom reserves 07700 900000–900999 for drama and documentation, so real-looking UK mobile numbers
 * in demos, tests and training material cannot reach a real person. libphonenumber's metadata marks
 * the range invalid on purpose; simexit accepts exactly this range on top of the metadata so the demo
 * operator works. (US 555-0100…0199 fictional numbers are already valid in the metadata.)
 */
const OFCOM_DRAMA_MOBILE_RANGE = /^\+447700900\d{3}$/;

/** How to write a number: the national example where the country is known, else international. */
function formatHint(country: MsisdnCountry | undefined): string {
  return country === undefined
    ? MSISDN_HINT
    : `Enter a mobile number in the right format, like ${NATIONAL_EXAMPLE[country]}.`;
}

function invalidMsisdn(reason: string, message: string, country?: MsisdnCountry): SimexitError {
  return new SimexitError('INVALID_MSISDN', message, country === undefined ? { reason } : { reason, country });
}

/**
 * Parses a phone number the way people type it (spaces, dashes, dots, parentheses, a leading `+` or
 * `00`) into E.164.
 *
 * Validity comes from libphonenumber-js's full ("max") metadata, which checks the number against the
 * national numbering plan, not just its length; the Ofcom drama range is the one addition (see
 * {@link OFCOM_DRAMA_MOBILE_RANGE}). Numbers of any country are accepted: the relying-party API and
 * balance transfers need them, and whether simexit serves the number is the CRM's question, not the
 * parser's. Without `+`/`00` a number is read in `defaultCountry`'s national format (`07700 900123`
 * in GB, `0151 12345678` in DE, `138 0013 8000` in CN); with no default country it is refused, because
 * a bare national number is ambiguous across the four markets ({@link msisdnReadings} reads it in
 * each of them).
 *
 * An empty input and a malformed one are told apart (`details.reason` `empty` against the others), so
 * a form can say "Enter your mobile number" for the first and show the right format for the second.
 *
 * Idempotent: `parseMsisdn(parseMsisdn(x)) === parseMsisdn(x)`.
 *
 * @throws SimexitError `INVALID_MSISDN` with `details.reason` one of `empty`, `too_long`,
 *   `invalid_characters`, `missing_country_code`, `not_a_phone_number` (and `details.country` when
 *   the number was read in a country's national format).
 */
export function parseMsisdn(input: string, defaultCountry?: MsisdnCountry): Msisdn {
  const trimmed = typeof input === 'string' ? input.trim() : '';
  const hint = formatHint(defaultCountry);
  if (trimmed === '') throw invalidMsisdn('empty', 'Enter the mobile number.', defaultCountry);
  if (trimmed.length > MAX_MSISDN_INPUT) {
    throw invalidMsisdn('too_long', `That is too long for a phone number. ${hint}`, defaultCountry);
  }
  if (!MSISDN_CHARACTERS.test(trimmed)) {
    throw invalidMsisdn(
      'invalid_characters',
      `A phone number has only digits, spaces and dashes. ${hint}`,
      defaultCountry,
    );
  }
  if (!/[0-9]/.test(trimmed)) throw invalidMsisdn('not_a_phone_number', hint, defaultCountry);
  // `00` is the international prefix in all four markets except the US (011), where no national
  // number starts with 0, so reading `00` as `+` never misreads a national number.
  const international = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
  if (!international.startsWith('+') && defaultCountry === undefined) {
    throw invalidMsisdn('missing_country_code', `Add the country code. ${MSISDN_HINT}`);
  }
  const parsed = parsePhoneNumberFromString(international, defaultCountry);
  if (parsed === undefined) throw invalidMsisdn('not_a_phone_number', hint, defaultCountry);
  // A national number is the national significant number with at most its one-digit trunk prefix
  // (0 in GB, DE and CN, 1 in the US). libphonenumber would also take a country code typed without its
  // `+` (447700900101); that is refused, as without a default country, rather than guessed.
  if (!international.startsWith('+')) {
    const digits = international.replace(/\D/g, '');
    if (!digits.endsWith(parsed.nationalNumber) || digits.length - parsed.nationalNumber.length > 1) {
      throw invalidMsisdn('missing_country_code', `Add a + before the country code. ${MSISDN_HINT}`, defaultCountry);
    }
  }
  const e164 = parsed.number;
  if (!parsed.isValid() && !OFCOM_DRAMA_MOBILE_RANGE.test(e164)) {
    throw invalidMsisdn('not_a_phone_number', `This is not a valid phone number. ${hint}`, defaultCountry);
  }
  return e164 as Msisdn;
}

/**
 * Whether a valid number is a mobile one (or one the numbering plan does not tell apart, as in the US),
 * or in the Ofcom drama range: the numbers a SIM card can have. German and Chinese numbering plans
 * have landline ranges that read almost any digits as a number (`07700 900101` is a valid landline in
 * both), so a national number is only read as one of these.
 */
function isMobileNumber(e164: Msisdn): boolean {
  if (OFCOM_DRAMA_MOBILE_RANGE.test(e164)) return true;
  const type = parsePhoneNumberFromString(e164)?.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}

/**
 * Every E.164 number an input can mean when the market is not known yet (the portal's sign-in, the
 * desk's search): the number itself when it carries a country code, else its reading in the national
 * format of each of `countries` that is a valid mobile number there ({@link isMobileNumber}), without
 * repeats, in the order of `countries`. A national number may have more than one reading
 * (`0151 12345678` is a German mobile number and, its leading 0 dropped, a Chinese one); the caller
 * asks the CRM which of them is a line (the CRM knows each line's market).
 *
 * @throws SimexitError `INVALID_MSISDN` as {@link parseMsisdn} does: `empty` for an empty input, else
 *   the reason of the first country's reading when no country reads it as a valid number.
 */
export function msisdnReadings(input: string, countries: readonly MsisdnCountry[] = msisdnCountries): Msisdn[] {
  const trimmed = typeof input === 'string' ? input.trim() : '';
  if (trimmed.startsWith('+') || trimmed.startsWith('00') || countries.length === 0) return [parseMsisdn(input)];
  const readings: Msisdn[] = [];
  let firstError: unknown = null;
  for (const country of countries) {
    try {
      const reading = parseMsisdn(input, country);
      if (isMobileNumber(reading) && !readings.includes(reading)) readings.push(reading);
    } catch (error) {
      firstError ??= error;
    }
  }
  if (readings.length === 0) {
    // Not a number in any of the countries: the message shows how to write one, with its country code.
    const reason =
      firstError instanceof SimexitError && typeof firstError.details?.reason === 'string'
        ? firstError.details.reason
        : 'not_a_phone_number';
    if (reason === 'empty') throw firstError;
    throw invalidMsisdn(
      reason,
      'Enter a mobile number in the right format, like 07700 900123, 0151 12345678 or 138 0013 8000, ' +
        'or with the country code, like +44 7700 900123.',
    );
  }
  return readings;
}

/**
 * The Luhn (mod 10) check digit of `digitsWithoutCheck`, as ITU-T E.118 prescribes for the last digit
 * of an ICCID.
 *
 * @throws SimexitError `VALIDATION_FAILED` if the input is empty or holds anything but digits.
 */
export function luhnCheckDigit(digitsWithoutCheck: string): number {
  if (!/^[0-9]+$/.test(digitsWithoutCheck)) {
    throw new SimexitError('VALIDATION_FAILED', 'A Luhn check digit is computed over digits only.');
  }
  let sum = 0;
  // Walking from the right, the digit next to the (future) check digit is doubled, then every second one.
  for (let index = 0; index < digitsWithoutCheck.length; index += 1) {
    let digit = digitsWithoutCheck.charCodeAt(digitsWithoutCheck.length - 1 - index) - 48;
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

function invalidIccid(reason: string, message: string): SimexitError {
  return new SimexitError('INVALID_ICCID', message, { reason });
}

const ICCID_WHERE = 'It is printed on the SIM card and on the card holder it came in.';

/**
 * Parses a SIM serial number (ICCID) as printed on the card: spaces and dashes are ignored.
 *
 * Rules (ITU-T E.118): 19 or 20 digits including the check digit; starts with `89`, the
 * telecommunications major industry identifier; the last digit is the Luhn check digit of the others.
 * Each failure says which rule broke so the holder can re-read the card rather than retype blindly.
 *
 * @throws SimexitError `INVALID_ICCID` with `details.reason` one of `invalid_characters`, `length`,
 *   `prefix`, `check_digit`.
 */
export function parseIccid(input: string): Iccid {
  const digits = (typeof input === 'string' ? input : '').replace(/[\s-]/g, '');
  if (!/^[0-9]*$/.test(digits)) {
    throw invalidIccid('invalid_characters', `The SIM serial number (ICCID) has digits only. ${ICCID_WHERE}`);
  }
  if (digits.length !== 19 && digits.length !== 20) {
    throw invalidIccid(
      'length',
      `The SIM serial number (ICCID) has 19 or 20 digits; you entered ${digits.length}. ${ICCID_WHERE}`,
    );
  }
  if (!digits.startsWith('89')) {
    throw invalidIccid('prefix', `The SIM serial number (ICCID) starts with 89. ${ICCID_WHERE}`);
  }
  const expected = luhnCheckDigit(digits.slice(0, -1));
  if (Number(digits.slice(-1)) !== expected) {
    throw invalidIccid(
      'check_digit',
      `The SIM serial number (ICCID) is not right: one digit is probably mistyped. Check each digit against the card.`,
    );
  }
  return digits as Iccid;
}

/**
 * Builds a valid ICCID from its 18- or 19-digit body (everything but the check digit) by appending the
 * Luhn check digit. Used to seed the demo operator with realistic cards.
 *
 * @throws SimexitError `INVALID_ICCID` if the body has the wrong length or does not start with `89`.
 */
export function makeIccid(body18or19digits: string): Iccid {
  if (!/^[0-9]{18,19}$/.test(body18or19digits)) {
    throw invalidIccid('length', 'An ICCID body has 18 or 19 digits (the check digit is appended).');
  }
  return parseIccid(`${body18or19digits}${luhnCheckDigit(body18or19digits)}`);
}

/**
 * A phone number safe to show on screens, receipts and messages that others may see:
 * the country calling code and the last three digits, e.g. `+44 *** *** 123`. Asterisks, not bullets:
 * they are in the GSM 03.38 alphabet, so an SMS that shows a masked number is not forced into UCS-2
 * (which would halve the characters per part).
 * Accepts any string (stored numbers, SMS recipients); never throws.
 */
export function maskMsisdn(msisdn: string): string {
  const digits = msisdn.replace(/\D/g, '');
  const last3 = digits.slice(-3);
  // Too short to be a phone number: showing any digit could reveal most of it.
  if (digits.length < 7) return '***';
  if (!msisdn.trim().startsWith('+')) return `*** *** ${last3}`;
  const code = countryCallingCodeOf(digits) ?? parsePhoneNumberFromString(msisdn.trim())?.countryCallingCode;
  return code === undefined ? `*** *** ${last3}` : `+${code} *** *** ${last3}`;
}

/** Every country's calling code (libphonenumber's metadata); non-geographic ones (+800, +882…) are not here. */
const geographicCallingCodes = new Set(getCountries().map((country) => getCountryCallingCode(country)));

/**
 * The country calling code that begins an international number's digits, read without parsing the
 * whole number (masking runs on every message): E.164 country codes are prefix-free, so the first of
 * one, two or three digits that is a code is the code. Undefined for a non-geographic code.
 */
function countryCallingCodeOf(digits: string): string | undefined {
  for (let length = 1; length <= 3; length++) {
    const code = digits.slice(0, length);
    if (geographicCallingCodes.has(code)) return code;
  }
  return undefined;
}

/**
 * An e-mail address safe to show when telling someone where a code went: first letter of the local
 * part and the full domain, e.g. `a***@example.com`. Never throws.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return '***';
  const first = Array.from(email.slice(0, at))[0] ?? '';
  return `${first}***@${email.slice(at + 1)}`;
}
