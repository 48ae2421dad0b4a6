/** Reasons for leaving the optional survey offers (after submission); `other` comes with the holder's words. */
export const leavingReasons = [
  'price',
  'coverage',
  'moving_abroad',
  'switching_provider',
  'no_longer_needed',
  'service',
  'other',
] as const;
export type LeavingReason = (typeof leavingReasons)[number];
