/**
 * A small JSON-over-HTTP client for the operator's systems: a timeout on every call, retries only
 * for calls that are safe to repeat (reads, and writes carrying an Idempotency-Key), and a circuit
 * breaker per system so an outage fails fast and shows as "waiting for <system>" instead of piling
 * up timeouts.
 */
export class OutsideSystemUnavailableError extends Error {
  constructor(
    readonly system: string,
    reason: string,
  ) {
    super(`${system} is unavailable: ${reason}`);
    this.name = 'OutsideSystemUnavailableError';
  }
}

export interface JsonClientOptions {
  /** Name shown when the system is down: crm, billing, provisioning, numbers. */
  system: string;
  baseUrl: string;
  token: string | null;
  timeoutMs: number;
  /** Extra attempts for repeatable calls (src/jobs/retry-policy.ts). */
  retries: number;
  /** Wait before the first extra attempt, doubled for each further one. */
  backoffBaseMs: number;
  /** Consecutive failures that open the circuit, and how long it stays open. */
  breaker: { failures: number; openMs: number };
  now?: () => number;
}

export interface JsonCall {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Present on writes: the outside system must apply a key once, so the call may be repeated. */
  idempotencyKey?: string;
  /** Statuses that are answers, not failures (e.g. 404 for "no such line"). */
  accept?: number[];
}

export function jsonClient(options: JsonClientOptions) {
  const now = options.now ?? Date.now;
  let consecutiveFailures = 0;
  let openUntil = 0;

  async function once(call: JsonCall): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${options.baseUrl.replace(/\/+$/, '')}${call.path}`, {
      method: call.method,
      headers: {
        accept: 'application/json',
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(call.idempotencyKey ? { 'idempotency-key': call.idempotencyKey } : {}),
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
    if ((response.status >= 200 && response.status < 300) || call.accept?.includes(response.status)) {
      return { status: response.status, body };
    }
    throw new Error(`HTTP ${response.status}`);
  }

  return {
    get system() {
      return options.system;
    },
    /** The circuit's state, for /metrics and for telling people what a case waits for. */
    state(): 'closed' | 'open' {
      return now() < openUntil ? 'open' : 'closed';
    },
    async call(call: JsonCall): Promise<{ status: number; body: unknown }> {
      if (now() < openUntil)
        throw new OutsideSystemUnavailableError(options.system, 'circuit open after repeated failures');
      const repeatable = call.method === 'GET' || call.idempotencyKey !== undefined;
      const attempts = repeatable ? 1 + options.retries : 1;
      let lastError: unknown;
      for (let attempt = 0; attempt < attempts; attempt++) {
        try {
          const result = await once(call);
          consecutiveFailures = 0;
          return result;
        } catch (error) {
          lastError = error;
          if (attempt + 1 < attempts)
            await new Promise((resolve) => setTimeout(resolve, options.backoffBaseMs * 2 ** attempt));
        }
      }
      consecutiveFailures++;
      if (consecutiveFailures >= options.breaker.failures) openUntil = now() + options.breaker.openMs;
      throw new OutsideSystemUnavailableError(
        options.system,
        lastError instanceof Error ? lastError.message : String(lastError),
      );
    },
  };
}

export type JsonClient = ReturnType<typeof jsonClient>;
