import { request as httpRequest, type Agent as HttpAgent, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';

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
  /**
   * The connection agent, for systems that need more than fetch gives: an https.Agent with a client
   * certificate, key and CA for mutual TLS (the SM-DP+ over ES2+). Absent: the platform's fetch.
   */
  agent?: HttpAgent;
}

export interface JsonCall {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Present on writes: the outside system must apply a key once, so the call may be repeated. */
  idempotencyKey?: string;
  /** Statuses that are answers, not failures (e.g. 404 for "no such line"). */
  accept?: number[];
  /** Headers a protocol adds (e.g. ES2+'s X-Admin-Protocol). */
  headers?: Record<string, string>;
  /**
   * The call may be repeated without an Idempotency-Key header because the protocol carries its own
   * call identifier (ES2+ functionCallIdentifier).
   */
  repeatable?: boolean;
}

/** One request over node's http/https with the given agent: what fetch cannot do (client certificates). */
function sendWithAgent(
  url: URL,
  init: { method: string; headers: Record<string, string>; body: string | undefined; timeoutMs: number },
  agent: HttpAgent,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const options: RequestOptions = {
      method: init.method,
      headers: {
        ...init.headers,
        ...(init.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(init.body)) }),
      },
      agent,
      timeout: init.timeoutMs,
    };
    const onResponse = (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    };
    const request =
      url.protocol === 'https:' ? httpsRequest(url, options, onResponse) : httpRequest(url, options, onResponse);
    request.on('timeout', () => request.destroy(new Error(`no answer within ${init.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(init.body);
  });
}

export function jsonClient(options: JsonClientOptions) {
  const now = options.now ?? Date.now;
  let consecutiveFailures = 0;
  let openUntil = 0;

  async function once(call: JsonCall): Promise<{ status: number; body: unknown }> {
    const url = `${options.baseUrl.replace(/\/+$/, '')}${call.path}`;
    const headers = {
      accept: 'application/json',
      ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(call.idempotencyKey ? { 'idempotency-key': call.idempotencyKey } : {}),
      ...call.headers,
    };
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
    let status: number;
    let body: unknown;
    if (options.agent) {
      const answer = await sendWithAgent(
        new URL(url),
        { method: call.method, headers, body: payload, timeoutMs: options.timeoutMs },
        options.agent,
      );
      status = answer.status;
      body = status === 204 ? null : parseJson(answer.text);
    } else {
      const response = await fetch(url, {
        method: call.method,
        headers,
        body: payload,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      status = response.status;
      body = status === 204 ? null : await response.json().catch(() => null);
    }
    if ((status >= 200 && status < 300) || call.accept?.includes(status)) return { status, body };
    throw new Error(`HTTP ${status}`);
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
      const repeatable = call.method === 'GET' || call.idempotencyKey !== undefined || call.repeatable === true;
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

function parseJson(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    return null;
  }
}
