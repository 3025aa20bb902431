import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { FetchError } from './fetch-error.ts';

/**
 * Which addresses a feed fetch may connect to (SSRF guard).
 *
 * Only public unicast addresses pass: ipaddr.js names every special range (loopback 127/8 and
 * ::1, RFC 1918 10/8 172.16/12 192.168/16, unique-local fc00::/7, link-local 169.254/16 — the
 * cloud metadata address 169.254.169.254 — and fe80::/10, unspecified 0/8 and ::, multicast,
 * broadcast, carrier-grade NAT 100.64/10, documentation, benchmarking, 240/4, NAT64, 6to4,
 * Teredo…) and anything it does not call 'unicast' is refused. An IPv6 address must also be in
 * the global unicast block 2000::/3, which rules out the IPv4-compatible ::a.b.c.d forms. An
 * IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged as the IPv4 address it carries.
 *
 * An admin may allow private hosts or ranges (VEILLE_ALLOW_PRIVATE): a hostname (exact, case
 * insensitive), an IP address or a CIDR range.
 */
export interface AddressPolicy {
  hosts: ReadonlySet<string>;
  ranges: readonly (readonly [ipaddr.IPv4 | ipaddr.IPv6, number])[];
}

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];

/** `[::1]` → `::1`, `Example.COM.` → `example.com`. */
export function normaliseHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare.toLowerCase().replace(/\.$/, '');
}

/** Reads the allow list: each entry an IP, a CIDR range, or else a hostname. */
export function addressPolicy(allowPrivate: readonly string[] = []): AddressPolicy {
  const hosts = new Set<string>();
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const raw of allowPrivate) {
    const entry = normaliseHost(raw.trim());
    if (!entry) continue;
    if (entry.includes('/') && ipaddr.isValidCIDR(entry)) {
      const [addr, bits] = ipaddr.parseCIDR(entry);
      ranges.push(unmapRange(addr, bits));
    } else if (isIP(entry)) {
      const addr = ipaddr.process(entry);
      ranges.push([addr, addr.kind() === 'ipv4' ? 32 : 128]);
    } else {
      hosts.add(entry);
    }
  }
  return { hosts, ranges };
}

/** ::ffff:10.0.0.0/104 allows what 10.0.0.0/8 allows. */
function unmapRange(addr: ipaddr.IPv4 | ipaddr.IPv6, bits: number): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(addr as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [addr, bits];
}

/** True for a public unicast address (see {@link AddressPolicy}); false for anything unparsable. */
export function isPublicAddress(address: string): boolean {
  if (!isIP(address)) return false;
  const addr = ipaddr.process(address);
  if (addr.range() !== 'unicast') return false;
  return addr.kind() === 'ipv4' || (addr as ipaddr.IPv6).match(GLOBAL_UNICAST_V6);
}

function isHostAllowed(host: string, policy: AddressPolicy): boolean {
  return policy.hosts.has(normaliseHost(host));
}

/** Whether `address` may be connected to for `host`. */
export function isAddressAllowed(address: string, host: string, policy: AddressPolicy): boolean {
  if (isHostAllowed(host, policy)) return true;
  if (!isIP(address)) return false;
  if (isPublicAddress(address)) return true;
  const addr = ipaddr.process(address);
  return policy.ranges.some(([range, bits]) => range.kind() === addr.kind() && addr.match(range, bits));
}

/** Throws 'private-address' unless `address` may be connected to for `host`. */
export function assertAddressAllowed(address: string, host: string, policy: AddressPolicy): void {
  if (!isAddressAllowed(address, host, policy)) {
    const shown = normaliseHost(host) === address ? address : `${normaliseHost(host)} (${address})`;
    throw new FetchError('private-address', `refusing to connect to ${shown}: not a public address`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
type Resolver = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for net/http(s) that resolves every A/AAAA address of the host and refuses the
 * connection unless all of them are allowed. The socket then connects to an address this
 * function returned, so what was checked is what is connected to: no DNS-rebinding gap. TLS SNI
 * and the Host header still carry the hostname.
 */
export function guardedLookup(
  policy: AddressPolicy,
  resolve: Resolver = dnsLookup as unknown as Resolver,
): LookupFunction {
  const lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(new FetchError('dns', `cannot resolve ${hostname}: ${err.code ?? err.message}`, { cause: err }), []);
        return;
      }
      try {
        if (addresses.length === 0) throw new FetchError('dns', `${hostname} has no address`);
        for (const { address } of addresses) assertAddressAllowed(address, hostname, policy);
      } catch (refused) {
        callback(refused as FetchError, []);
        return;
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  return lookup as unknown as LookupFunction;
}
