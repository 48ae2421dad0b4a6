import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Db } from '../db/database.js';
import { hitRateLimit } from '../db/repositories/rate-limits.repository.js';

interface StoreOptions {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
  /** What @fastify/rate-limit passes to `child` for a route with its own limit. */
  routeInfo?: { method?: string | string[]; url?: string };
}

/**
 * A @fastify/rate-limit store over PostgreSQL, so every API process counts against the same
 * windows: N processes behind a load balancer allow what one would, not N times as much.
 *
 * Each route with a limit gets a child store whose keys start with the route (method and URL
 * pattern), so the limits of two routes never share a count, as with the plugin's in-memory store.
 * A database error is passed on, not skipped: the request fails rather than going through
 * unlimited, and the error handler answers it as the database being unavailable.
 *
 * Only fixed windows are kept; the plugin's `continueExceeding` and `exponentialBackoff` are
 * refused at start rather than silently ignored.
 */
export function postgresRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  class PostgresRateLimitStore implements FastifyRateLimitStore {
    private readonly scope: string;

    constructor(options: StoreOptions, scope = 'all') {
      if (options.continueExceeding || options.exponentialBackoff) {
        throw new Error(
          'The PostgreSQL rate-limit store keeps fixed windows: continueExceeding and exponentialBackoff are not supported',
        );
      }
      this.scope = scope;
    }

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      hitRateLimit(db, `${this.scope} ${key}`, timeWindow).then(
        (hit) => callback(null, { current: hit.count, ttl: hit.ttlMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    // The plugin's typings call this a RouteOptions; at run time it is the route's merged limit
    // options, with the route itself under routeInfo.
    child(routeOptions: object): FastifyRateLimitStore {
      const options = routeOptions as StoreOptions;
      const route = options.routeInfo;
      const method = [route?.method ?? []].flat().join(',');
      const scope = route?.url ? `${method} ${route.url}` : this.scope;
      return new PostgresRateLimitStore(options, scope);
    }
  }
  return PostgresRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
