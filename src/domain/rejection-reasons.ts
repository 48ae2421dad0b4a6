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
