import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key every per-IP limit counts a client under. An IPv4 address is one client (or one NAT). An IPv6
 * subscriber is routed a whole /64 (often more) and may use any of its 2^64 addresses, so counting whole IPv6
 * addresses would give an attacker an endless supply of fresh budgets: IPv6 is counted by its /64. An
 * IPv4-mapped IPv6 address (::ffff:1.2.3.4, what a dual-stack socket reports for an IPv4 peer) is that IPv4
 * address, so one client cannot have two budgets by switching notation.
 */
export function clientIpGroup(ip: string): string {
  const bare = ip.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return ip;
  const words = ipv6Words(bare);
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) {
    return [words[6]! >> 8, words[6]! & 0xff, words[7]! >> 8, words[7]! & 0xff].join('.');
  }
  return `${words.slice(0, 4).map((w) => w.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit words of a valid IPv6 address ("::" expanded, a dotted IPv4 tail turned into two words). */
function ipv6Words(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((w) => parseInt(w, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
