import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

/**
 * POSTs `body` to `url`, connecting to `address` — the address simexit resolved and checked —
 * instead of resolving the host again, so a DNS answer that changes between the check and the
 * connection (DNS rebinding) cannot move the request to another machine. TLS still verifies the
 * certificate against the URL's host name (SNI and hostname check use the URL, not the address).
 * Redirects are never followed: a 3xx is just a status, and the caller treats it as a failure.
 */
export function postPinned(input: {
  url: URL;
  address: { address: string; family: 4 | 6 };
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}): Promise<{ status: number }> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: input.address.address, family: input.address.family }]);
    else callback(null, input.address.address, input.address.family);
  };
  const options: RequestOptions = {
    method: 'POST',
    hostname: input.url.hostname.replace(/^\[|\]$/g, ''),
    port: input.url.port || undefined,
    path: `${input.url.pathname}${input.url.search}`,
    headers: { ...input.headers, 'content-length': String(Buffer.byteLength(input.body)) },
    lookup: pinned,
    timeout: input.timeoutMs,
    agent: false,
  };
  const send = input.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(options, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${input.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(input.body);
  });
}
