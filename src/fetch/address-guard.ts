/**
 * Which IP addresses a fetch may never reach (SSRF guard). Checked after DNS
 * resolution, so a public-looking host name that resolves to 127.0.0.1 or the
 * cloud metadata address is refused as well.
 */
import { isIP } from 'node:net';

type V4Range = [base: number, bits: number, reason: string];

const V4_BLOCKED: V4Range[] = [
  [ip4('0.0.0.0'), 8, 'a "this network" address'],
  [ip4('10.0.0.0'), 8, 'a private address'],
  [ip4('100.64.0.0'), 10, 'a CGNAT address'],
  [ip4('127.0.0.0'), 8, 'a loopback address'],
  [ip4('169.254.169.254'), 32, 'the cloud metadata address'],
  [ip4('169.254.0.0'), 16, 'a link-local address'],
  [ip4('172.16.0.0'), 12, 'a private address'],
  [ip4('192.0.0.0'), 24, 'an IETF protocol address'],
  [ip4('192.0.2.0'), 24, 'a documentation address'],
  [ip4('192.168.0.0'), 16, 'a private address'],
  [ip4('198.18.0.0'), 15, 'a benchmarking address'],
  [ip4('198.51.100.0'), 24, 'a documentation address'],
  [ip4('203.0.113.0'), 24, 'a documentation address'],
  [ip4('224.0.0.0'), 4, 'a multicast address'],
  [ip4('240.0.0.0'), 4, 'a reserved address'],
];

function ip4(s: string): number {
  const parts = s.split('.').map(Number);
  return (
    (((parts[0] ?? 0) << 24) |
      ((parts[1] ?? 0) << 16) |
      ((parts[2] ?? 0) << 8) |
      (parts[3] ?? 0)) >>>
    0
  );
}

function checkV4(address: string): string | null {
  const n = ip4(address);
  for (const [base, bits, reason] of V4_BLOCKED) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if ((n & mask) >>> 0 === (base & mask) >>> 0) return reason;
  }
  return null;
}

/** Expands an IPv6 address into its 8 16-bit groups (embedded dotted quads included). */
export function parseIPv6(address: string): number[] | null {
  let s = address.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted?.[1]) {
    const n = ip4(dotted[1]);
    s =
      s.slice(0, -dotted[1].length) +
      ((n >>> 16) & 0xffff).toString(16) +
      ':' +
      (n & 0xffff).toString(16);
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  if (fill < 0) return null;
  const groups = [...head, ...Array<string>(fill).fill('0'), ...tail].map((g) => parseInt(g, 16));
  if (groups.length !== 8 || groups.some((g) => !Number.isFinite(g) || g < 0 || g > 0xffff))
    return null;
  return groups;
}

function checkV6(address: string): string | null {
  const g = parseIPv6(address);
  if (!g) return 'not a valid IPv6 address';
  const [a = 0, b = 0, , , , f = 0] = g;
  const allZeroPrefix = g.slice(0, 5).every((x) => x === 0);
  if (allZeroPrefix && f === 0xffff) return 'an IPv4-mapped IPv6 address';
  if (g.slice(0, 7).every((x) => x === 0))
    return g[7] === 1 ? 'a loopback address' : 'an unspecified address';
  if (allZeroPrefix && f === 0) return 'an IPv4-compatible IPv6 address';
  if (a === 0x64 && b === 0xff9b) return 'a NAT64 address';
  if ((a & 0xfe00) === 0xfc00) return 'a unique-local address';
  if ((a & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((a & 0xffc0) === 0xfec0) return 'a site-local address';
  if ((a & 0xff00) === 0xff00) return 'a multicast address';
  if (a === 0x2001 && b === 0x0db8) return 'a documentation address';
  return null;
}

/**
 * Why `address` (an IP literal) must not be fetched, or null when it is a
 * public address. Anything that is not an IP literal is refused: callers pass
 * resolved addresses only.
 */
export function blockedReason(address: string): string | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const kind = isIP(bare);
  if (kind === 4) return checkV4(bare);
  if (kind === 6) return checkV6(bare);
  return 'not an IP address';
}
