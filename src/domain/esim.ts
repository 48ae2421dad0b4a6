/**
 * eSIM profiles at the operator's SM-DP+, as GSMA SGP.22 (RSP Technical Specification, consumer
 * devices) defines its operator interface ES2+: JSON over HTTPS, `POST /gsma/rsp2/es2plus/<function>`,
 * a request header naming the caller (`functionRequesterIdentifier`) and the call
 * (`functionCallIdentifier`), and an answer header with `functionExecutionStatus`. docs/ESIM-ES2PLUS.md
 * lists which function simexit calls with which fields and what it does with each answer.
 */

/**
 * The `X-Admin-Protocol` header of ES2+ requests and answers (SGP.22 §6.5.1): the JSON binding of
 * SGP.22 version 2.
 */
export const ES2PLUS_ADMIN_PROTOCOL = 'gsma/rsp/v2.5.0';

/**
 * Where a line's profile stands, as the CRM knows it: `not_downloaded` (ordered at the SM-DP+ but never
 * downloaded to a device), `downloaded` (the bound profile package left the SM-DP+) or `installed` (on
 * a device's eUICC).
 */
export const esimProfileStates = ['not_downloaded', 'downloaded', 'installed'] as const;
export type EsimProfileState = (typeof esimProfileStates)[number];

/**
 * SGP.22 ES2+ CancelOrder's `finalProfileStatusIndicator`: the state the SM-DP+ leaves the profile in.
 * `Available` returns it to the stock for another subscriber; `Unavailable` retires it for good.
 */
export const finalProfileStatuses = ['Available', 'Unavailable'] as const;
export type FinalProfileStatus = (typeof finalProfileStatuses)[number];

/**
 * A profile that ever left the SM-DP+ (downloaded, installed) carries keys a device has seen, so it is
 * never handed to anyone else: Unavailable. Only one that was never downloaded goes back to stock. A
 * state the CRM does not report is treated as downloaded: reusing a profile that was on a device is the
 * mistake that cannot be undone, retiring one that was not only costs a profile.
 */
export function finalProfileStatusFor(state: EsimProfileState | null): FinalProfileStatus {
  return state === 'not_downloaded' ? 'Available' : 'Unavailable';
}

/** SGP.22 §6.5.1.4 `functionExecutionStatus.status` values. */
export const functionExecutionStatuses = ['Executed-Success', 'Executed-WithWarning', 'Failed', 'Expired'] as const;
export type FunctionExecutionStatus = (typeof functionExecutionStatuses)[number];

/** SGP.22 §5.2.6 status code data: what failed (subject) and why (reason), as dotted codes. */
export interface StatusCodeData {
  subjectCode: string;
  reasonCode: string;
  subjectIdentifier?: string;
  message?: string;
}

/**
 * The SGP.22 codes simexit acts on (subject code, reason code), from the status code tables of
 * §5.2.6 and the ES2+ functions.
 */
export const es2plusCodes = {
  /** Subject 8.2.1 Profile ICCID, reason 3.9 Unknown: the SM-DP+ does not know the ICCID. */
  iccidUnknown: { subjectCode: '8.2.1', reasonCode: '3.9' },
  /**
   * Subject 8.2.1 Profile ICCID, reason 3.5 Invalid transition: the profile is not in a state the
   * function applies to (for CancelOrder: already Available or Unavailable, i.e. cancelled before).
   */
  invalidTransition: { subjectCode: '8.2.1', reasonCode: '3.5' },
  /** Subject 8.2.1, reason 2.2 Mandatory element missing: ICCID or finalProfileStatusIndicator absent. */
  mandatoryMissing: { subjectCode: '8.2.1', reasonCode: '2.2' },
  /** Subject 1.1 Function Requester, reason 1.1 Unknown: the caller is not identified or authenticated. */
  requesterUnknown: { subjectCode: '1.1', reasonCode: '1.1' },
  /** Subject 1.3.1 Protocol format, reason 2.1 Invalid: the request is not the function's JSON. */
  invalidFormat: { subjectCode: '1.3.1', reasonCode: '2.1' },
} as const satisfies Record<string, StatusCodeData>;

/**
 * ES2+ HandleDownloadProgressInfo's `notificationPointId`, as words for the case's timeline. 1–4 are
 * the check points of the download procedure SGP.22 §5.3.5 lists; 5 is the profile's deletion on the
 * device, which the SM-DP+ relays from the eUICC's "other notifications" (SGP.22 §3.5), numbered so
 * in the SM-DP+ vendors' published ES2+ tables. Any other point is recorded under its number.
 */
export const notificationPoints: Record<number, string> = {
  1: 'eligibility_and_retry_limit_check',
  2: 'confirmation_failure',
  3: 'bpp_download',
  4: 'bpp_installation',
  5: 'profile_deleted',
};

export function notificationPointName(id: number): string {
  return notificationPoints[id] ?? `notification_point_${id}`;
}

/**
 * An ICCID as ES2+ carries it (SGP.22 §5.2.1): 19 or 20 digits, a 20th character F being padding.
 * Returns the digits without the padding, or null.
 */
export function es2plusIccid(value: string): string | null {
  const match = /^(\d{19,20}?)[Ff]?$/.exec(value);
  if (!match || !/^\d{19,20}$/.test(match[1]!)) return null;
  return match[1]!;
}

/**
 * An EID (GSMA SGP.29): 32 digits whose last two are check digits making the number ≡ 1 (mod 97), as
 * ISO 7064 MOD 97-10 does for IBANs. Builds one from 30 digits (the demo operator's devices).
 */
export function makeEid(body30: string): string {
  if (!/^\d{30}$/.test(body30)) throw new Error('an EID body is 30 digits');
  const remainder = BigInt(`${body30}00`) % 97n;
  return `${body30}${String(98n - remainder).padStart(2, '0')}`;
}

export function isEid(value: string): boolean {
  return /^\d{32}$/.test(value) && BigInt(value) % 97n === 1n;
}
