/** Why a case was rejected; stable codes a client may translate. */
export const rejectionReasons = [
  'identity_mismatch',
  'not_eligible',
  'info_not_provided',
  'card_not_returned',
  'suspected_fraud',
  'duplicate_request',
  'other',
] as const;
export type RejectionReason = (typeof rejectionReasons)[number];

/**
 * The reasons a supervisor's bulk rejection offers, likeliest first: a batch is rejected for what a
 * person found, never for an unanswered question or an unreturned card, whose timers reject on their own.
 */
export const bulkRejectionReasons = [
  'suspected_fraud',
  'identity_mismatch',
  'not_eligible',
  'duplicate_request',
  'other',
] as const satisfies readonly RejectionReason[];
