import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

// The SSRF guard: which URLs the webhooks service may POST to. A URL is checked when an endpoint is
// registered or changed, and again before every attempt after its host was resolved, and the attempt then
// connects to the address checked (see delivery/send-webhook.ts): a DNS answer that changes in between
// (rebinding) cannot lead a delivery inside the network. See docs/adr/0020-webhooks.md.

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Hosts and networks an operator allows besides public addresses (RCR_WEBHOOK_ALLOWED_HOSTS), e.g. for local receivers. */
export interface AllowList {
  /** Host names (lower case, no trailing dot): any address they resolve to is allowed, and plain http. */
  readonly hosts: readonly string[];
  /** Networks (an address alone is a /32 or /128): addresses in them are allowed, and plain http to them. */
  readonly networks: readonly (readonly [Address, number])[];
}

/** No exceptions: public addresses over https only. */
export const EMPTY_ALLOW_LIST: AllowList = Object.freeze({ hosts: [], networks: [] });

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

/**
 * Parses `RCR_WEBHOOK_ALLOWED_HOSTS`: comma-separated host names (`localhost`, `hooks.internal`), addresses
 * (`127.0.0.1`, `::1`) and networks in CIDR notation (`127.0.0.0/8`, `fd00::/8`). Throws naming the first
 * entry that is none of those.
 */
export function parseAllowList(text: string): AllowList {
  const hosts: string[] = [];
  const networks: [Address, number][] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const bare = entry.replace(/^\[(.*)\]$/, '$1');
    if (entry.includes('/')) {
      if (!ipaddr.isValidCIDR(entry)) throw new Error(`'${entry}' is not a network in CIDR notation`);
      networks.push(ipaddr.parseCIDR(entry));
    } else if (isIP(bare) !== 0) {
      const address = ipaddr.parse(bare);
      networks.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (HOST_NAME.test(normaliseHost(entry))) {
      hosts.push(normaliseHost(entry));
    } else {
      throw new Error(`'${entry}' is not a host name, an IP address or a CIDR network`);
    }
  }
  return Object.freeze({ hosts: Object.freeze(hosts), networks: Object.freeze(networks) });
}

/** The address an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) stands for; others as they are. */
function unmapped(address: Address): Address {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

const METADATA = ['169.254.169.254', 'fd00:ec2::254', '100.100.100.200'].map((text) => ipaddr.parse(text));

/** Why a range of ipaddr.js is not public, said for people. */
const RANGE_REASONS: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT address (100.64.0.0/10)',
  private: 'a private address (RFC 1918)',
  uniqueLocal: 'a private address (IPv6 unique local, fc00::/7)',
  reserved: 'a reserved or documentation address',
  benchmarking: 'a benchmarking address',
  ipv4Mapped: 'an IPv4-mapped address',
  rfc6145: 'an IPv4-translated address',
  rfc6052: 'a NAT64 address (it embeds an IPv4 address)',
  '6to4': 'a 6to4 address (it embeds an IPv4 address)',
  teredo: 'a Teredo address (it embeds an IPv4 address)',
};

/** The verdict on one address: public, or why not. */
export type AddressVerdict = { public: true } | { public: false; reason: string };

/**
 * Whether an address is public, i.e. a global unicast address of the internet. Refused: loopback, private
 * (RFC 1918, IPv6 unique local), link-local, carrier-grade NAT, cloud metadata, unspecified, broadcast,
 * multicast, reserved and documentation ranges, and IPv6 outside global unicast (2000::/3) or embedding
 * an IPv4 address (NAT64, 6to4, Teredo). An IPv4-mapped IPv6 address is judged as the IPv4 address.
 */
export function classifyAddress(text: string): AddressVerdict {
  const bare = text.replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(bare) || isIP(bare.split('%')[0] ?? '') === 0) {
    return { public: false, reason: 'not an IP address' };
  }
  const address = unmapped(ipaddr.parse(bare));
  const normalised = address.toNormalizedString();
  if (METADATA.some((metadata) => metadata.toNormalizedString() === normalised)) {
    return { public: false, reason: 'a cloud metadata address' };
  }
  const range: string = address.range();
  if (range !== 'unicast') {
    return { public: false, reason: RANGE_REASONS[range] ?? `a special-purpose address (${range})` };
  }
  if (address.kind() === 'ipv6') {
    if ((address as ipaddr.IPv6).zoneId) return { public: false, reason: 'a scoped (zone) address' };
    if (!address.match(ipaddr.parseCIDR('2000::/3'))) {
      return { public: false, reason: 'outside IPv6 global unicast (2000::/3)' };
    }
  }
  return { public: true };
}

/** Whether the allow list covers this address (IPv4-mapped addresses as their IPv4 address). */
function allowedByNetwork(address: Address, allow: AllowList): boolean {
  const plain = unmapped(address);
  return allow.networks.some(
    ([network, bits]) => network.kind() === plain.kind() && plain.match(network, bits),
  );
}

/** A URL as the guard accepted it at first sight (before resolving its host). */
export interface UrlTarget {
  url: URL;
  /** The host name, or the IP address without brackets. */
  host: string;
  /** The address when the host is an IP literal (then no DNS is asked). */
  literal: string | undefined;
  port: number;
}

/** The outcome of a check: the target, or why it is refused (said for the admin who gave the URL). */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

const refuse = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

const PUBLIC_ONLY =
  'webhooks are delivered to public addresses only (RCR_WEBHOOK_ALLOWED_HOSTS allows others in development)';

/**
 * The first look at a URL: http(s), no credentials, a host; IP literals (in any form the URL parser
 * accepts: decimal, octal and hexadecimal IPv4, IPv4-mapped IPv6) are checked at once. A host name is
 * checked once resolved (`checkResolved`).
 */
export function checkUrl(text: string, allow: AllowList): Checked<UrlTarget> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('is not a valid absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refuse(`must be an https URL (not ${url.protocol.replace(/:$/, '')})`);
  }
  if (url.username !== '' || url.password !== '') {
    return refuse('must not contain credentials (user:password@); authenticate receivers by the signature');
  }
  // The URL parser has already turned 2130706433, 0x7f.1 and 0177.0.0.1 into 127.0.0.1.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') return refuse('has no host');
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const literal = isIP(host) !== 0 ? host : undefined;
  const allowed =
    literal !== undefined
      ? allowedByNetwork(ipaddr.parse(literal), allow)
      : allow.hosts.includes(normaliseHost(host));
  if (literal !== undefined) {
    if (!allowed) {
      const verdict = classifyAddress(literal);
      if (!verdict.public) return refuse(`points to ${literal}, ${verdict.reason}: ${PUBLIC_ONLY}`);
      if (url.protocol !== 'https:') return refuse('must be an https URL (http only for allowed hosts)');
    }
  } else if (url.protocol !== 'https:' && !allow.hosts.includes(normaliseHost(host))) {
    // Plain http to a name is allowed once every address it resolves to is allowed (checkResolved).
    if (allow.networks.length === 0) return refuse('must be an https URL (http only for allowed hosts)');
  }
  if (port === 0) return refuse('has port 0, on which no receiver listens');
  // Below 1024 the other ports belong to other protocols (SSH 22, SMTP 25, …): a webhook must not
  // become a way to knock on them. Allowed hosts (development) may use any.
  if (!allowed && port < 1024 && port !== 80 && port !== 443)
    return refuse(`uses port ${port}: below 1024 only 80 and 443 (the others belong to other protocols)`);
  return { ok: true, value: { url, host, literal, port } };
}

/** One address a host resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * The second look, once the host is resolved: every address must be public (or allowed); one that is not
 * refuses the whole URL, so a name cannot hide an internal address among public ones. Plain http needs the
 * host allowed by name or every address allowed. Returns the address to connect to (the first).
 */
export function checkResolved(
  target: UrlTarget,
  addresses: readonly ResolvedAddress[],
  allow: AllowList,
): Checked<ResolvedAddress> {
  const first = addresses[0];
  if (!first) return refuse(`names host ${target.host}, which has no address`);
  if (allow.hosts.includes(normaliseHost(target.host))) return { ok: true, value: first };
  let everyAllowed = true;
  for (const { address } of addresses) {
    if (!ipaddr.isValid(address))
      return refuse(`names host ${target.host}, which resolved to an invalid address`);
    if (allowedByNetwork(ipaddr.parse(address), allow)) continue;
    everyAllowed = false;
    const verdict = classifyAddress(address);
    if (!verdict.public) {
      return refuse(
        target.literal !== undefined
          ? `points to ${address}, ${verdict.reason}: ${PUBLIC_ONLY}`
          : `names host ${target.host}, which resolves to ${address}, ${verdict.reason}: ${PUBLIC_ONLY}`,
      );
    }
  }
  if (target.url.protocol !== 'https:' && !everyAllowed) {
    return refuse('must be an https URL (http only for allowed hosts)');
  }
  return { ok: true, value: first };
}

/** Resolves a host name to its addresses (all of them, as the system resolver gives them). */
export type Resolve = (host: string) => Promise<ResolvedAddress[]>;

/**
 * Both looks: the URL, then (for a host name) its addresses through `resolve`. The answer is the address
 * a delivery must connect to; a name that does not resolve is refused.
 */
export async function resolveTarget(
  text: string,
  allow: AllowList,
  resolve: Resolve,
): Promise<Checked<{ target: UrlTarget; address: ResolvedAddress }>> {
  const first = checkUrl(text, allow);
  if (!first.ok) return first;
  const target = first.value;
  let addresses: ResolvedAddress[];
  if (target.literal !== undefined) {
    addresses = [{ address: target.literal, family: isIP(target.literal) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(target.host);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      return refuse(
        `names host ${target.host}, which does not resolve${typeof code === 'string' ? ` (${code})` : ''}`,
      );
    }
  }
  const second = checkResolved(target, addresses, allow);
  return second.ok ? { ok: true, value: { target, address: second.value } } : second;
}
