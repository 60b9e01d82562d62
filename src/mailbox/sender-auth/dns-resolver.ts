import { Resolver as NodeResolver } from 'node:dns/promises';

/**
 * The lookup function mailauth takes as its `resolver` option: the same contract as node's
 * `dns.promises.resolve(name, rrtype)` — TXT gives string[][], A/AAAA string[], MX {exchange, priority}[] — and
 * failures reject with an error whose `code` is a node DNS code. mailauth reads the code: ENOTFOUND/ENODATA mean
 * "no such record" (SPF void lookup, no DKIM key, no DMARC record), anything else (ETIMEOUT, ESERVFAIL,
 * ECONNREFUSED, …) is a temporary error.
 */
export type Resolver = (name: string, rrtype: string) => Promise<unknown>;

export type ResolverOptions = {
  /** Hard deadline of one lookup, retries included. */
  timeoutMs?: number;
  /** How long an answer is reused (see cached); 0 asks the servers every time. */
  cacheMs?: number;
};

export const DEFAULT_DNS_TIMEOUT_MS = 3_000;
export const DEFAULT_DNS_CACHE_MS = 60_000;
const MAX_CACHED_ANSWERS = 10_000;

export class DnsConfigError extends Error {}

/**
 * A resolver asking `servers` (`host:port`, `[v6]:port` or a bare IP; node accepts IP addresses only, not
 * host names), or the system's configured servers when the list is empty.
 *
 * Every lookup has a hard deadline: c-ares retries with a growing timeout, so without one a black-holed server
 * could hold a job for tens of seconds per lookup. A lookup past the deadline rejects with ETIMEOUT, which
 * mailauth turns into temperror (RFC 7208 §2.6.6, RFC 6376 §6.1.2, RFC 7489 §6.6.3 all make an unreachable
 * DNS temporary), so the message can be re-checked later instead of being judged on a guess.
 */
export function createResolver(servers: string[], options: ResolverOptions = {}): Resolver {
  const timeoutMs = Math.max(1, options.timeoutMs ?? DEFAULT_DNS_TIMEOUT_MS);
  // Two tries with c-ares's doubling (t, then 2t) fit the deadline; the second try covers one lost UDP packet.
  const resolver = new NodeResolver({ timeout: Math.max(1, Math.floor(timeoutMs / 3)), tries: 2 });
  if (servers.length > 0) {
    try {
      resolver.setServers(servers);
    } catch (err) {
      throw new DnsConfigError(`invalid DNS server list ${JSON.stringify(servers)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  const lookup = (name: string, rrtype: string) =>
    new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Not resolver.cancel(): that would abort every other lookup sharing this resolver.
        reject(Object.assign(new Error(`DNS lookup of ${name} ${rrtype} timed out after ${timeoutMs} ms`), { code: 'ETIMEOUT', hostname: name }));
      }, timeoutMs);
      // Through a microtask, so an argument node rejects synchronously (an unknown rrtype) becomes a rejection too.
      Promise.resolve()
        .then(() => resolver.resolve(name, rrtype))
        .then(
          (records) => {
            clearTimeout(timer);
            resolve(records);
          },
          (err: unknown) => {
            clearTimeout(timer);
            reject(err);
          },
        );
    });
  const resolve = cached(lookup, options.cacheMs ?? DEFAULT_DNS_CACHE_MS);
  specs.set(resolve, { servers: [...servers], options: { ...options } });
  return resolve;
}

/** What createResolver was given, so another thread can build the same resolver; undefined for any other function. */
export type ResolverSpec = { servers: string[]; options: ResolverOptions };
const specs = new WeakMap<Resolver, ResolverSpec>();

export function resolverSpec(resolver: Resolver): ResolverSpec | undefined {
  return specs.get(resolver);
}

/**
 * Customers write from a few big providers, so the same SPF, DKIM key and DMARC names are asked for all day:
 * answers (and "no such name/record") are kept briefly, and concurrent lookups of one name share a query. The
 * lifetime stays under any TTL a mail domain sensibly publishes, so a changed record is seen within it. A
 * transient failure is never kept: the next message asks again.
 */
function cached(lookup: Resolver, cacheMs: number): Resolver {
  if (cacheMs <= 0) return lookup;
  const entries = new Map<string, { expires: number; answer: Promise<unknown> }>();
  return (name, rrtype) => {
    const key = `${rrtype} ${name.toLowerCase()}`;
    const now = Date.now();
    const hit = entries.get(key);
    // Each caller gets its own copy: a caller that rearranges the records must not change them for the next.
    if (hit && hit.expires > now) return hit.answer.then(structuredClone);
    if (entries.size >= MAX_CACHED_ANSWERS) entries.clear();
    const answer = lookup(name, rrtype);
    entries.set(key, { expires: now + cacheMs, answer });
    answer.catch((err: unknown) => {
      const code = (err as { code?: unknown } | null)?.code;
      if (code !== 'ENOTFOUND' && code !== 'ENODATA' && entries.get(key)?.answer === answer) entries.delete(key);
    });
    return answer.then(structuredClone);
  };
}
