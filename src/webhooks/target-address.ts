import { isIPv4, isIPv6 } from 'node:net';

/**
 * Whether an IP address is publicly routable, so a webhook may be sent to it. Pure, so the
 * registration check (literal hosts) and the send-time check (resolved addresses) agree.
 */
export function isPublicAddress(ip: string): boolean {
  if (isIPv4(ip)) return isPublicV4(v4Bytes(ip));
  // A zone id (fe80::1%eth0) only exists for link-scoped addresses.
  if (!isIPv6(ip) || ip.includes('%')) return false;
  const bytes = v6Bytes(ip);
  const embedded = embeddedV4(bytes);
  if (embedded) return isPublicV4(embedded);
  return inRange(bytes, globalUnicast) && !nonPublicV6.some((range) => inRange(bytes, range));
}

interface Range {
  prefix: number[];
  bits: number;
}

function cidr(text: string): Range {
  const [address = '', bits] = text.split('/');
  return { prefix: isIPv4(address) ? v4Bytes(address) : v6Bytes(address), bits: Number(bits) };
}

// IANA special-purpose registries: private, loopback, link-local, shared (CGNAT), documentation,
// benchmarking, multicast, reserved and broadcast are never a partner's public endpoint.
const nonPublicV4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
].map(cidr);

// Only 2000::/3 is allocated as global unicast; loopback, unique-local, link-local, multicast and
// the deprecated site-local and IPv4-compatible forms all lie outside it.
const globalUnicast = cidr('2000::/3');
// Inside it: IETF protocol assignments (Teredo, ORCHID, benchmarking), documentation.
const nonPublicV6 = ['2001::/23', '2001:db8::/32', '3fff::/20'].map(cidr);

// Forms that carry an IPv4 address, judged by that address: IPv4-mapped (::ffff:a.b.c.d),
// NAT64 well-known prefix (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::).
const mapped = cidr('::ffff:0:0/96');
const nat64 = cidr('64:ff9b::/96');
const sixToFour = cidr('2002::/16');

function embeddedV4(bytes: number[]): number[] | undefined {
  if (inRange(bytes, mapped) || inRange(bytes, nat64)) return bytes.slice(12, 16);
  if (inRange(bytes, sixToFour)) return bytes.slice(2, 6);
  return undefined;
}

function isPublicV4(bytes: number[]): boolean {
  return !nonPublicV4.some((range) => inRange(bytes, range));
}

function inRange(bytes: number[], { prefix, bits }: Range): boolean {
  if (bytes.length !== prefix.length) return false;
  for (let bit = 0; bit < bits; bit++) {
    const mask = 0x80 >> (bit % 8);
    const index = Math.floor(bit / 8);
    if (((bytes[index] ?? 0) & mask) !== ((prefix[index] ?? 0) & mask)) return false;
  }
  return true;
}

function v4Bytes(ip: string): number[] {
  return ip.split('.').map(Number);
}

/** 16 bytes of a valid IPv6 text form, including "::" and a trailing dotted quad. */
function v6Bytes(ip: string): number[] {
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip)?.[1];
  const text = quad ? `${ip.slice(0, -quad.length)}0:0` : ip;
  const groups = (part: string | undefined) => (part ? part.split(':').map((hex) => parseInt(hex, 16)) : []);
  const [head, tail] = text.split('::');
  const headGroups = groups(head);
  const tailGroups = groups(tail);
  const zeros = tail === undefined ? [] : new Array<number>(8 - headGroups.length - tailGroups.length).fill(0);
  const bytes = [...headGroups, ...zeros, ...tailGroups].flatMap((group) => [group >> 8, group & 0xff]);
  return quad ? [...bytes.slice(0, 12), ...v4Bytes(quad)] : bytes;
}
