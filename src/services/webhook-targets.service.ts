import { SimexitError } from '../domain/errors.js';
import { parseIpAddress, targetVerdict, type AddressClass } from '../domain/network-addresses.js';
import type { ServiceContext } from './context.js';

/** Why each kind of address is refused, in words an integrator can act on. */
const refusedBecause: Record<AddressClass, string> = {
  public: 'public',
  unspecified: 'the unspecified address',
  loopback: 'a loopback address (this machine)',
  private: 'a private network address',
  shared: 'a carrier-grade NAT address',
  link_local: 'a link-local address (this includes cloud metadata endpoints such as 169.254.169.254)',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
  documentation: 'an address reserved for documentation',
  ipv4_mapped: 'an IPv4-mapped IPv6 address',
  translated: 'an IPv6 address that translates to IPv4',
};

export interface CheckedTarget {
  url: URL;
  /** The address to connect to: the first the host resolved to (every one of them was checked). */
  address: { address: string; family: 4 | 6 };
}

/**
 * Resolves a webhook URL's host and checks every address it resolves to (a host with one public
 * and one internal address is refused: the connection could go to either). Runs at registration
 * and again before every delivery, whose connection then goes to the checked address.
 * @throws SimexitError WEBHOOK_TARGET_REFUSED naming the address and why.
 */
export async function checkWebhookTarget(context: ServiceContext, urlText: string): Promise<CheckedTarget> {
  const refuse = (message: string, details: Record<string, unknown>) =>
    new SimexitError('WEBHOOK_TARGET_REFUSED', message, { url: urlText, ...details });
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    throw refuse('The webhook URL is not a valid URL.', { reason: 'invalid_url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw refuse('A webhook URL starts with https:// (or http://).', { reason: 'scheme' });
  if (url.username || url.password)
    throw refuse('Put no user name or password in a webhook URL: every delivery is signed instead.', {
      reason: 'credentials_in_url',
    });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = parseIpAddress(host);
  let answers: { address: string; family: 4 | 6 }[];
  if (literal) answers = [{ address: host, family: literal.version }];
  else {
    try {
      answers = await context.ports.dns.resolve(host);
    } catch {
      answers = [];
    }
    if (answers.length === 0)
      throw refuse(`The host ${host} does not resolve to any address. Check the name and its DNS records.`, {
        reason: 'unresolvable',
        host,
      });
  }
  for (const answer of answers) {
    const address = parseIpAddress(answer.address);
    const verdict = address ? targetVerdict(host, address, context.config.WEBHOOK_ALLOWED_TARGETS) : null;
    if (!verdict || !verdict.allowed) {
      const kind = verdict && !verdict.allowed ? verdict.kind : 'reserved';
      throw refuse(
        `Webhooks go only to public internet addresses: ${host} resolves to ${answer.address}, ${refusedBecause[kind]}. ` +
          'Use a public host name, or ask the operator to add this target to WEBHOOK_ALLOWED_TARGETS.',
        { reason: kind, host, address: answer.address },
      );
    }
  }
  return { url, address: answers[0]! };
}
