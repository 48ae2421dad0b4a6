/**
 * Which IP addresses simexit may send a relying party's webhook to. A webhook URL is chosen by an
 * outside party, so without this check simexit would POST signed events to whatever it can reach
 * from inside the operator's network (server-side request forgery): its own loopback services, the
 * cloud metadata endpoint at 169.254.169.254, internal hosts. Only globally routable unicast
 * addresses pass, unless the operator's allowlist names the target (WEBHOOK_ALLOWED_TARGETS).
 *
 * The ranges follow the IANA special-purpose address registries (RFC 6890 and its updates) for
 * IPv4 and IPv6. Parsing is done here, without node:net, so the rule is pure and unit-tested.
 */

export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link_local'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'ipv4_mapped'
  | 'translated';

export interface IpAddress {
  version: 4 | 6;
  /** 4 bytes (IPv4) or 16 bytes (IPv6), most significant first. */
  bytes: number[];
}

/** Parses a dotted-quad IPv4 address (no leading zeros, which some resolvers read as octal). */
function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes.push(value);
  }
  return bytes;
}

/** Parses an IPv6 address, with `::` and an IPv4 tail; a zone (`%eth0`) is refused. */
function parseIpv6(text: string): number[] | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.length > 45) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (let index = 0; index < pieces.length; index++) {
      const piece = pieces[index]!;
      if (index === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
      out.push(parseInt(piece, 16));
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<number>(missing).fill(0), ...tail];
  return all.flatMap((group) => [group >> 8, group & 0xff]);
}

/** An IPv4 or IPv6 literal (IPv6 may be in URL brackets), or null when the text is not one. */
export function parseIpAddress(text: string): IpAddress | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v4 = parseIpv4(bare);
  if (v4) return { version: 4, bytes: v4 };
  const v6 = bare.includes(':') ? parseIpv6(bare) : null;
  return v6 ? { version: 6, bytes: v6 } : null;
}

/** Whether the first `prefix` bits of two byte strings agree. */
function samePrefix(a: number[], b: number[], prefix: number): boolean {
  for (let bit = 0; bit < prefix; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((a[byte]! & mask) !== (b[byte]! & mask)) return false;
  }
  return true;
}

interface Range {
  network: number[];
  prefix: number;
  kind: AddressClass;
}

const range = (cidr: string, kind: AddressClass): Range => {
  const [address, prefix] = cidr.split('/');
  const parsed = parseIpAddress(address!);
  if (!parsed) throw new Error(`bad range ${cidr}`);
  return { network: parsed.bytes, prefix: Number(prefix), kind };
};

/** IANA IPv4 special-purpose registry: nothing here is a place for a webhook. */
const ipv4Ranges: Range[] = [
  range('0.0.0.0/32', 'unspecified'),
  range('0.0.0.0/8', 'reserved'),
  range('10.0.0.0/8', 'private'),
  range('100.64.0.0/10', 'shared'),
  range('127.0.0.0/8', 'loopback'),
  range('169.254.0.0/16', 'link_local'),
  range('172.16.0.0/12', 'private'),
  range('192.0.0.0/24', 'reserved'),
  range('192.0.2.0/24', 'documentation'),
  range('192.88.99.0/24', 'reserved'),
  range('192.168.0.0/16', 'private'),
  range('198.18.0.0/15', 'reserved'),
  range('198.51.100.0/24', 'documentation'),
  range('203.0.113.0/24', 'documentation'),
  range('224.0.0.0/4', 'multicast'),
  range('255.255.255.255/32', 'broadcast'),
  range('240.0.0.0/4', 'reserved'),
];

/** IANA IPv6 special-purpose registry, plus the forms that carry an IPv4 address inside. */
const ipv6Ranges: Range[] = [
  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  range('::ffff:0:0/96', 'ipv4_mapped'),
  range('::/96', 'ipv4_mapped'),
  range('64:ff9b::/96', 'translated'),
  range('64:ff9b:1::/48', 'translated'),
  range('100::/64', 'reserved'),
  range('2001::/32', 'translated'),
  range('2001:db8::/32', 'documentation'),
  range('2001::/23', 'reserved'),
  range('2002::/16', 'translated'),
  range('fc00::/7', 'private'),
  range('fe80::/10', 'link_local'),
  range('fec0::/10', 'private'),
  range('ff00::/8', 'multicast'),
];

/** What kind of address this is; only `public` is a fit target for a webhook. */
export function classifyAddress(address: IpAddress): AddressClass {
  const ranges = address.version === 4 ? ipv4Ranges : ipv6Ranges;
  for (const candidate of ranges) {
    if (samePrefix(address.bytes, candidate.network, candidate.prefix)) return candidate.kind;
  }
  // Outside 2000::/3 nothing is allocated as global unicast yet.
  if (address.version === 6 && (address.bytes[0]! & 0xe0) !== 0x20) return 'reserved';
  return 'public';
}

/** An operator's allowlist entry: an IP address, a CIDR range, or a host name (exact, case-insensitive). */
export type AllowedTarget =
  { kind: 'host'; host: string } | { kind: 'range'; version: 4 | 6; network: number[]; prefix: number };

/** Parses one allowlist entry, or returns null when it is neither a host name nor an address/range. */
export function parseAllowedTarget(text: string): AllowedTarget | null {
  const entry = text.trim();
  const [address, prefixText, extra] = entry.split('/');
  if (extra !== undefined || address === undefined) return null;
  const ip = parseIpAddress(address);
  if (ip) {
    const max = ip.version === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (
      !Number.isInteger(prefix) ||
      prefix < 0 ||
      prefix > max ||
      (prefixText !== undefined && !/^\d+$/.test(prefixText))
    )
      return null;
    return { kind: 'range', version: ip.version, network: ip.bytes, prefix };
  }
  if (prefixText !== undefined) return null;
  const host = normaliseHost(entry);
  return /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/.test(host)
    ? { kind: 'host', host }
    : null;
}

/** Host names compare lower-cased and without the root's trailing dot. */
export function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

export function hostAllowed(host: string, allowlist: readonly AllowedTarget[]): boolean {
  const name = normaliseHost(host);
  return allowlist.some((entry) => entry.kind === 'host' && entry.host === name);
}

export function addressAllowed(address: IpAddress, allowlist: readonly AllowedTarget[]): boolean {
  return allowlist.some(
    (entry) =>
      entry.kind === 'range' &&
      entry.version === address.version &&
      samePrefix(address.bytes, entry.network, entry.prefix),
  );
}

/**
 * The verdict on one resolved address of a webhook host: allowed when it is public, when the
 * allowlist names the host, or when the allowlist covers the address.
 */
export function targetVerdict(
  host: string,
  address: IpAddress,
  allowlist: readonly AllowedTarget[],
): { allowed: true } | { allowed: false; kind: AddressClass } {
  const kind = classifyAddress(address);
  if (kind === 'public' || hostAllowed(host, allowlist) || addressAllowed(address, allowlist)) return { allowed: true };
  return { allowed: false, kind };
}
