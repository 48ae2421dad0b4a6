import type { ReviewRoute } from './risk.js';
import { sameName } from './name-matching.js';
import { isOneOf } from './one-of.js';
import type { RejectionReason } from './rejection-reasons.js';

/** Every way a cancellation reaches simexit. */
export const channels = ['online', 'phone', 'chat', 'email', 'social', 'store', 'mail', 'bss', 'sms', 'bulk'] as const;
export type Channel = (typeof channels)[number];

/** The channels on which the holder confirms an agent's contact from the line on file (the agent files). */
export const remoteChannels = ['phone', 'chat', 'email', 'social'] as const satisfies readonly Channel[];
/** The channels staff file on at the desk: the remote ones, the store (an ID document) and the post (a letter). */
export const assistedChannels = [...remoteChannels, 'store', 'mail'] as const satisfies readonly Channel[];
export type AssistedChannel = (typeof assistedChannels)[number];
/** The channels whose cases can wait for a person (the review queue's filter): a bulk run's lines never do. */
export const reviewableChannels = channels.filter((channel): channel is Exclude<Channel, 'bulk'> => channel !== 'bulk');

/** The ID documents a store agent checks against the account (evidenceRules.store). */
export const idDocumentTypes = ['passport', 'id_card', 'driving_licence', 'resident_id', 'residence_permit'] as const;
export type IdDocumentType = (typeof idDocumentTypes)[number];

/**
 * What proves, on each channel, that the holder asked, and whether a case from it may be approved
 * without a person. The proof is matched to what the channel can carry: a live channel proves
 * possession of the line or shows a document on the spot; a letter carries only what is written on it,
 * which anyone who found an old bill could write, so it must name things only the holder and the
 * operator know together, and a person always reads it.
 */
export interface EvidenceRule {
  /** The verification methods the channel accepts (recorded on the case as `verification.method`). */
  methods: readonly string[];
  /** What the method must show, as a reviewer reads it. */
  requires: string;
  /** The least review a case from this channel gets, whatever the risk rules say. */
  reviewFloor: ReviewRoute;
}

/**
 * Assisted channels never have the holder read a code aloud (the one rule every message of ours states):
 * the holder confirms the agent's contact from the line on file, by reply or one-time link.
 */
const CALL_CONFIRMED_FROM_LINE =
  'the holder confirmed the contact from the line on file (a YES reply or the one-time link), asked for by the agent filing';

export const evidenceRules: Record<Channel, EvidenceRule> = {
  online: {
    methods: ['line_code', 'account_login_code'],
    requires: 'a one-time code sent to the line, or to the account e-mail after the account login',
    reviewFloor: 'auto',
  },
  phone: { methods: ['line_confirmation'], requires: CALL_CONFIRMED_FROM_LINE, reviewFloor: 'auto' },
  chat: { methods: ['line_confirmation'], requires: CALL_CONFIRMED_FROM_LINE, reviewFloor: 'auto' },
  email: { methods: ['line_confirmation'], requires: CALL_CONFIRMED_FROM_LINE, reviewFloor: 'auto' },
  social: { methods: ['line_confirmation'], requires: CALL_CONFIRMED_FROM_LINE, reviewFloor: 'auto' },
  store: {
    methods: ['id_document'],
    requires: 'an ID document whose type, number and holder name match the account, seen by the store agent',
    reviewFloor: 'auto',
  },
  mail: {
    methods: ['mailed_letter'],
    requires:
      'the holder name and address on file plus one more factor the operator holds: date of birth, account number or the last digits of the card serial number',
    reviewFloor: 'manual',
  },
  bss: { methods: ['bss_order'], requires: 'the operator’s own BSS identified the customer', reviewFloor: 'auto' },
  sms: { methods: ['possession_of_line'], requires: 'a text from the line itself', reviewFloor: 'auto' },
  bulk: {
    methods: ['bulk_run'],
    requires: 'the operator’s own decision (a regulator’s deadline)',
    reviewFloor: 'auto',
  },
};

const routeRank: Record<ReviewRoute, number> = { auto: 0, manual: 1, second_approver: 2 };

/** The stricter of two routes. */
export function stricterRoute(a: ReviewRoute, b: ReviewRoute): ReviewRoute {
  return routeRank[a] >= routeRank[b] ? a : b;
}

/**
 * The least review a case gets for its channel: a mailed application is never approved automatically.
 * An unknown channel (a row older than this rule) gets a person too.
 */
export function reviewFloorFor(channel: string): ReviewRoute {
  return isOneOf(channels, channel) ? evidenceRules[channel].reviewFloor : 'manual';
}

/** The factors a mailed letter can name. */
export const mailedLetterFactors = ['name', 'address', 'date_of_birth', 'account_number', 'iccid_last_digits'] as const;
export type MailedLetterFactor = (typeof mailedLetterFactors)[number];

/** The factors a letter must add to name and address; one of them is enough. */
export const additionalMailFactors = ['date_of_birth', 'account_number', 'iccid_last_digits'] as const;

/**
 * How many trailing digits of the ICCID a letter must give to count as a factor. The last digit is a
 * Luhn check digit anyone can compute, so six digits carry five unknown ones.
 */
export const ICCID_DIGITS_MIN = 6;

/** What the clerk keyed in from the letter; null: the letter does not say. */
export interface MailedLetterEvidence {
  holderName: string;
  address: string | null;
  dateOfBirth: string | null;
  accountNumber: string | null;
  iccidLastDigits: string | null;
}

/** What the operator holds about the account and the line. */
export interface MailedLetterRecord {
  name: string;
  address: string;
  dateOfBirth: string | null;
  /** The account's number as printed on bills (the CRM's subscriber id). */
  accountNumber: string;
  iccid: string;
}

export type MailedLetterAssessment =
  /** Name, address and at least one more factor match, none contradicts: a person still reviews it. */
  | { outcome: 'matched'; matched: MailedLetterFactor[] }
  /** A factor the letter gives contradicts the records: the case is recorded and rejected with them. */
  | { outcome: 'mismatch'; matched: MailedLetterFactor[]; mismatched: MailedLetterFactor[] }
  /** Nothing contradicts, but the letter does not say enough: a person reviews it, with `reason`. */
  | { outcome: 'insufficient'; matched: MailedLetterFactor[]; missing: string[]; reason: string };

/**
 * Weighs a mailed letter against the records (the rule of `evidenceRules.mail`). A keyed name or
 * address is compared with the one on file by `sameName` (case and spacing do not matter, letters do,
 * look-alikes never match); dates, account numbers and digits compare exactly.
 *
 * A factor that is given and wrong is a mismatch: the letter names someone or something else. A
 * factor that is absent is only missing. ICCID digits shorter than {@link ICCID_DIGITS_MIN} count as
 * absent rather than matched, whatever they say.
 */
export function assessMailedLetter(letter: MailedLetterEvidence, record: MailedLetterRecord): MailedLetterAssessment {
  const matched: MailedLetterFactor[] = [];
  const mismatched: MailedLetterFactor[] = [];
  const check = (factor: MailedLetterFactor, given: string | null, matches: (value: string) => boolean) => {
    if (given === null || given.trim() === '') return;
    (matches(given.trim()) ? matched : mismatched).push(factor);
  };
  check('name', letter.holderName, (value) => sameName(value, record.name));
  check('address', letter.address, (value) => sameName(value, record.address));
  check('date_of_birth', letter.dateOfBirth, (value) => record.dateOfBirth !== null && value === record.dateOfBirth);
  check(
    'account_number',
    letter.accountNumber,
    (value) => value.replace(/\s+/g, '').toLowerCase() === record.accountNumber.toLowerCase(),
  );
  const digits = letter.iccidLastDigits?.replace(/\s+/g, '') ?? '';
  if (digits.length >= ICCID_DIGITS_MIN) check('iccid_last_digits', digits, (value) => record.iccid.endsWith(value));

  if (mismatched.length > 0) return { outcome: 'mismatch', matched, mismatched };
  const missing: string[] = [];
  if (!matched.includes('name')) missing.push('name');
  if (!matched.includes('address')) missing.push('address');
  if (!additionalMailFactors.some((factor) => matched.includes(factor))) {
    missing.push('date_of_birth|account_number|iccid_last_digits');
  }
  if (missing.length === 0) return { outcome: 'matched', matched };
  const short = digits.length > 0 && digits.length < ICCID_DIGITS_MIN;
  const reason =
    `The letter does not prove the holder wrote it: it needs the name and address on file plus their date of ` +
    `birth, account number or the last ${ICCID_DIGITS_MIN} digits of the card's serial number` +
    `${short ? ` (the letter gives only ${digits.length} digits)` : ''}. Missing: ${missing.join(', ')}.`;
  return { outcome: 'insufficient', matched, missing, reason };
}

/**
 * What the clerk decides for a letter that contradicts the records (`assessMailedLetter` answered
 * `mismatch`). A contradiction can be a typing slip, a holder who moved and wrote their new address,
 * or a letter from someone else, and only a person who has the letter in hand can tell which; so the
 * clerk must choose, and the choice is recorded with the case:
 * - `review`: the case goes on to a reviewer (never the clerk who filed it, domain/four-eyes.ts), who
 *   sees what did not match and the clerk's note;
 * - `ask_holder`: the case waits for the holder (`needs_info`) with the clerk's question, then goes on
 *   to review; unanswered, it is rejected when the answer is due;
 * - `reject`: recorded and rejected with the reason, and the holder is told.
 */
export const letterMismatchOutcomes = ['review', 'ask_holder', 'reject'] as const;
export type LetterMismatchOutcome = (typeof letterMismatchOutcomes)[number];

export type LetterMismatchDecision =
  | { outcome: 'review'; note: string | null }
  | { outcome: 'ask_holder'; question: string }
  | { outcome: 'reject'; reason: RejectionReason; note: string | null };
