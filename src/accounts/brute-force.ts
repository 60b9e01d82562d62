import type { RateLimiter } from '../platform/rate-limit/rate-limiter.ts';

/** Failures are counted over this window, and a lockout lasts until enough of them leave it. */
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;

/**
 * An IP may fail this many times the per-account limit: many customers share one carrier-grade NAT address
 * (common on Chinese mobile networks), and a lockout of the address locks all of them out.
 */
const IP_LIMIT_FACTOR = 4;

/** One counter a failure feeds: a bucket ("sign-in by account"), the raw key in it, and its limit. */
export type Guard = { bucket: string; key: string; limit: number };

/** The per-account and per-IP guards of one kind of attempt (sign-in, codes, reset requests). */
export function guardsOf(kind: string, accountKey: string, ip: string, maxFailures: number): { account: Guard; ip: Guard } {
  return {
    account: { bucket: `${kind}:account`, key: accountKey, limit: maxFailures },
    ip: { bucket: `${kind}:ip`, key: ip, limit: maxFailures * IP_LIMIT_FACTOR },
  };
}

/** Seconds until every guard is under its limit again, or 0 when none is at it. */
export async function lockedForSeconds(limiter: RateLimiter, guards: Guard[]): Promise<number> {
  const waits = await Promise.all(guards.map((g) => limiter.retryAfterMs(g.bucket, g.key, LOCKOUT_WINDOW_MS, g.limit)));
  const ms = Math.max(0, ...waits);
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** Counts one failure on each guard; returns the guards this very failure brought to their limit (a lockout begins). */
export async function recordFailure(limiter: RateLimiter, guards: Guard[]): Promise<Guard[]> {
  const counts = await Promise.all(guards.map((g) => limiter.hit(g.bucket, g.key, LOCKOUT_WINDOW_MS)));
  return guards.filter((g, i) => counts[i] === g.limit);
}
