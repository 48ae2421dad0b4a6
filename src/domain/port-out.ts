import type { MarketPolicy } from './policy/types.js';

const DAY = 86_400_000;

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
