import type { SimSwapPort } from '../../ports.js';

export interface CamaraSimSwapOptions {
  /** The API's base URL including its version, e.g. https://api.example.com/sim-swap/v0. */
  baseUrl: string;
  /** Bearer token of simexit's client at the provider. */
  token: string | null;
  timeoutMs: number;
}

/** The provider answered, but not as the contract says; the call may be retried later. */
export class SimSwapUnavailableError extends Error {
  constructor(message: string) {
    super(`SIM swap check unavailable: ${message}`);
    this.name = 'SimSwapUnavailableError';
  }
}

/**
 * CAMARA SIM Swap over HTTP: `POST {baseUrl}/retrieve-date` with `{ phoneNumber }` (E.164) answers
 * `{ latestSimChange: date-time | null }` — null when the provider has no change on record within
 * the period it monitors. Any other answer is an error, so the risk check never silently passes.
 * Read-only, hence safe to retry.
 */
export function camaraSimSwap(options: CamaraSimSwapOptions): SimSwapPort {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/retrieve-date`;
  return {
    async latestSimChange(msisdn) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'x-correlator': crypto.randomUUID(),
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          },
          body: JSON.stringify({ phoneNumber: msisdn }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        throw new SimSwapUnavailableError(error instanceof Error ? error.message : String(error));
      }
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) {
        const code = isObject(body) && 'code' in body ? body.code : undefined;
        throw new SimSwapUnavailableError(`HTTP ${response.status}${typeof code === 'string' ? ` ${code}` : ''}`);
      }
      const latest = isObject(body) && 'latestSimChange' in body ? body.latestSimChange : undefined;
      if (latest === null) return null;
      if (typeof latest !== 'string' || Number.isNaN(Date.parse(latest))) {
        throw new SimSwapUnavailableError('the answer has no valid latestSimChange');
      }
      return new Date(latest);
    },
  };
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
