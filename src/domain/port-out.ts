import type { MarketPolicy } from './policy/types.js';
import { DAY, HOUR } from './time.js';

/**
 * Until when a port-out code (PAC) is refused after a SIM change, or null when it may be issued now.
 * A SIM swap followed at once by a port-out is how a stolen number is moved beyond the holder's reach;
 * the block (`risk.pacBlockDaysAfterSimChange`, counted from the change) gives the holder time to
 * notice the swap — they are told of every PAC on all their contacts — and to call us.
 */
export function pacBlockedUntil(simChangedAt: Date | null, policy: MarketPolicy, now: Date): Date | null {
  const days = policy.risk.pacBlockDaysAfterSimChange;
  if (simChangedAt === null || days <= 0) return null;
  const until = new Date(simChangedAt.getTime() + days * DAY);
  return until.getTime() > now.getTime() ? until : null;
}

/**
 * Whether the line's SIM changed within the market's SIM-swap window (`risk.simSwapWindowHours`), so
 * that a confirmation from the line proves possession of a SIM that may be an attacker's. An unknown
 * answer (`undefined`: the SIM Swap port failed) counts as a recent change: the safe side.
 */
export function simChangedWithinWindow(
  simChangedAt: Date | null | undefined,
  policy: MarketPolicy,
  now: Date,
): boolean {
  if (simChangedAt === undefined) return true;
  return simChangedAt !== null && now.getTime() - simChangedAt.getTime() < policy.risk.simSwapWindowHours * HOUR;
}
