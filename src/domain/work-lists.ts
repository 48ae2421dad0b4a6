/**
 * The console's work lists (services/staff-desk.service.ts): cases whose execution failed, cases
 * waiting for an outside system that is down, and cases waiting for a posted card.
 */
export const workLists = ['failed', 'waiting', 'card_returns'] as const;
export type WorkList = (typeof workLists)[number];
