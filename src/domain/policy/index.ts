import type { BulkDeactivationDefaults } from '../bulk-runs.js';
import { SimexitError } from '../errors.js';
import { isOneOf } from '../one-of.js';
import { cnBulkDeactivation, cnPolicy } from './cn.js';
import { deBulkDeactivation, dePolicy } from './de.js';
import type { Market, MarketPolicy } from './types.js';
import { markets } from './types.js';
import { ukBulkDeactivation, ukPolicy } from './uk.js';
import { usBulkDeactivation, usPolicy } from './us.js';

export { cnPolicy, dePolicy, ukPolicy, usPolicy };

/** Policies are shared by every request in the process; freezing them turns an accidental edit into an error. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The shipped policy pack of each market, deeply frozen. An edited policy is a new object with a higher
 * `version`; a case keeps the version it was submitted under.
 */
export const policies: Readonly<Record<Market, MarketPolicy>> = deepFreeze({
  UK: ukPolicy,
  DE: dePolicy,
  CN: cnPolicy,
  US: usPolicy,
});

/** Narrows untrusted input (a database column, a query parameter) to a market simexit serves. */
export function isMarket(value: unknown): value is Market {
  return isOneOf(markets, value);
}

/**
 * The shipped (version 1) policy of `market`. Services do not call this for a case: they ask
 * `services/policies.service.ts`, which knows the admin-edited versions too.
 *
 * @throws SimexitError `INTERNAL` for a value that is not a market: callers narrow input with
 *   {@link isMarket} first, so reaching this is a bug (e.g. a corrupt stored row), not bad input.
 */
export function policyFor(market: Market): MarketPolicy {
  if (!isMarket(market)) throw new SimexitError('INTERNAL', `No policy for market ${String(market)}.`);
  return policies[market];
}

/** Each market's defaults for bulk deactivation runs (the stage delays a run takes unless it sets its own). */
export const bulkDeactivationDefaults: Readonly<Record<Market, BulkDeactivationDefaults>> = deepFreeze({
  UK: ukBulkDeactivation,
  DE: deBulkDeactivation,
  CN: cnBulkDeactivation,
  US: usBulkDeactivation,
});
