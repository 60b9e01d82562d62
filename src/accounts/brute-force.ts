import { clientIpGroup } from '../platform/client-ip-group.ts';
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

/**
 * The per-account and per-IP guards of one kind of attempt (sign-in, codes, reset requests). The IP is counted by
 * its group (an IPv6 /64, see clientIpGroup), so a subscriber cannot get a fresh budget from each of its addresses.
 */
export function guardsOf(kind: string, accountKey: string, ip: string, maxFailures: number): { account: Guard; ip: Guard } {
  return {
    account: { bucket: `${kind}:account`, key: accountKey, limit: maxFailures },
    ip: { bucket: `${kind}:ip`, key: clientIpGroup(ip), limit: maxFailures * IP_LIMIT_FACTOR },
  };
}

/**
 * How many times the per-network limit an account may fail over all networks together before a sign-in needs a
 * mailed unlock link: high enough that one attacker's lockout never reaches it, low enough that a botnet spreading
 * its guesses over thousands of addresses gets only a few hundred an hour.
 */
const ACCOUNT_CEILING_FACTOR = 10;

/**
 * The guards of password guessing against one account. Failures lock the network they come from out of that
 * account (`networkAccount`) and, many more, out of every account (`network`); the customer on any other network
 * is not locked by them. `account` is the ceiling over all networks, which locks nobody out: past it, a sign-in
 * needs the proof of an unlock link mailed to the account's address.
 */
export function passwordGuards(email: string, ip: string, maxFailures: number): { networkAccount: Guard; network: Guard; account: Guard } {
  const network = clientIpGroup(ip);
  return {
    networkAccount: { bucket: 'sign-in:network-account', key: `${network}\u0000${email}`, limit: maxFailures },
    network: { bucket: 'sign-in:ip', key: network, limit: maxFailures * IP_LIMIT_FACTOR },
    account: { bucket: 'sign-in:account', key: email, limit: maxFailures * ACCOUNT_CEILING_FACTOR },
  };
}

/** True once for each window in which it is asked for this key: lets a mail go out once however often it is due. */
export async function firstInWindow(limiter: RateLimiter, bucket: string, key: string): Promise<boolean> {
  return (await limiter.hit(bucket, key, LOCKOUT_WINDOW_MS)) === 1;
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
