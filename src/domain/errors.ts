/**
 * Every failure a client can see has a stable code, and each code one HTTP status: this is the
 * catalogue. The HTTP layer maps a SimexitError to `{ "error": { "code", "message", "details" } }`
 * with its status; anything else is a bug (500). docs/ERRORS.md explains each code to callers;
 * test/error-catalogue.test.ts checks that page and the code that throws against this table.
 */
export const errorCodes = {
  VALIDATION_FAILED: 400,
  INVALID_MSISDN: 400,
  INVALID_ICCID: 400,
  INVALID_DATE: 400,
  /** A feed's `since` that is not a cursor the feed handed out (GET /v1/numbers/revocations). */
  CURSOR_INVALID: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_TOKEN_INVALID: 403,
  NOT_FOUND: 404,
  CASE_NOT_FOUND: 404,
  LINE_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  BULK_RUN_NOT_FOUND: 404,
  BULK_LINE_NOT_FOUND: 404,
  CODE_INVALID: 400,
  CODE_EXPIRED: 410,
  CODE_LOCKED: 423,
  /** The holder locked the line against porting and cancellation; only they can lift it. */
  LINE_LOCKED: 423,
  /** Staff sign-in paused for an e-mail after repeated wrong passwords. */
  SIGN_IN_LOCKED: 423,
  /** An agent's call confirmation (the holder confirms from the line on file) that does not exist. */
  CALL_CONFIRMATION_NOT_FOUND: 404,
  /** The call confirmation was asked for from another agent session. */
  CALL_CONFIRMATION_NOT_YOURS: 403,
  /** The call confirmation was sent to another line than the one being filed. */
  CALL_CONFIRMATION_WRONG_LINE: 422,
  /** The holder has not confirmed the call yet. */
  CALL_CONFIRMATION_PENDING: 409,
  /** The holder answered "This wasn't me". */
  CALL_CONFIRMATION_DENIED: 409,
  /** The call confirmation was already spent on a case, or replaced by a newer one. */
  CALL_CONFIRMATION_USED: 409,
  CALL_CONFIRMATION_EXPIRED: 410,
  /** The line's SIM changed within the market's SIM-swap window: whoever holds it now may not be the holder. */
  SIM_CHANGED_RECENTLY: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  CASE_ALREADY_OPEN: 409,
  CONCURRENT_UPDATE: 409,
  ILLEGAL_TRANSITION: 409,
  SECOND_APPROVER_REQUIRED: 409,
  SAME_APPROVER: 409,
  /** Four eyes: whoever filed a case does not approve it. */
  APPROVER_FILED_CASE: 403,
  /** Four eyes: whoever verified the holder's identity for a case does not approve it. */
  APPROVER_VERIFIED_CASE: 403,
  /** Four eyes: a policy change that weakens a safeguard is approved by another admin than its proposer. */
  POLICY_APPROVER_IS_PROPOSER: 403,
  POLICY_PROPOSAL_NOT_FOUND: 404,
  /** The proposal was already approved, rejected or overtaken by another change. */
  POLICY_PROPOSAL_CLOSED: 409,
  NUMBER_IN_QUARANTINE: 409,
  CASE_NOT_COMPLETED: 409,
  STAFF_EMAIL_TAKEN: 409,
  OWN_ACCOUNT_CHANGE: 409,
  IDENTITY_MISMATCH: 422,
  /**
   * A mailed letter contradicts the account and the clerk has not said what happens to it (review,
   * ask the holder, or reject with a reason); `details.mismatched` lists what did not match.
   */
  LETTER_MISMATCH: 409,
  /** Sign-in: the number and the ICCID or account login do not check out (one answer whatever the reason). */
  IDENTITY_NOT_VERIFIED: 422,
  CASE_NOT_ELIGIBLE: 422,
  BALANCE_OPTION_NOT_ALLOWED: 422,
  ICCID_MISMATCH: 422,
  BULK_RUN_NO_VALID_LINES: 422,
  /** A webhook URL whose host is (or resolves to) loopback, private, link-local, multicast or another non-public address. */
  WEBHOOK_TARGET_REFUSED: 422,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  /** The demo clock moves only when the demo operator runs; production time never moves. */
  DEMO_CLOCK_UNAVAILABLE: 409,
  /** The case has ended (completed, rejected, withdrawn): nothing more can be added to it. */
  CASE_CLOSED: 409,
  INTERNAL: 500,
  /** The database is unreachable for a moment (restart, failover): try again after Retry-After. */
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class SimexitError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'SimexitError';
    this.code = code;
    this.status = errorCodes[code];
    this.details = details;
  }
}

export function isSimexitError(error: unknown): error is SimexitError {
  return error instanceof SimexitError;
}

/** Anything thrown, as an Error (a job's failure, a batch member's answer). */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
