import type { TFunction } from 'i18next';
import type { ApiError } from '../shared/api';

/**
 * The words for a balance transfer target the server refused (domain/eligibility.ts
 * `assertTransferTarget`, the one check preview and submission share), or null for any other error.
 */
export function transferError(error: ApiError | null, t: TFunction): string | null {
  if (!error || !('code' in error)) return null;
  if (error.code === 'INVALID_MSISDN') return t('errors.INVALID_MSISDN');
  if (error.code !== 'VALIDATION_FAILED' || error.details?.field !== 'decisions.balance.toMsisdn') return null;
  const reasons = ['same_line', 'not_our_active_line', 'cannot_hold_credit'] as const;
  const reason = reasons.find((known) => known === error.details.reason) ?? 'not_our_active_line';
  return t(`checklist.balance.transferRefused.${reason}`);
}
