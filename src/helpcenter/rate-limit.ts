import { clientIpGroup } from '../platform/client-ip-group.ts';
import type { Db } from '../platform/db/connect.ts';
import { sha256Hex } from '../platform/storage/blobs.ts';

export type RateLimit = { bucket: string; limit: number; windowMs: number };

/** The client's key in the rate table: a hash, so the database keeps no IP addresses; IPv6 counted by its /64. */
export function clientKey(ip: string): string {
  return sha256Hex(`walletdesk-rate\u0000${clientIpGroup(ip)}`);
}

/**
 * How long the client must wait before another accepted submission, or 0 when it may go ahead. Counted in the
 * database so every walletdesk process behind a load balancer shares one budget.
 */
export async function rateLimitWait(db: Db, rule: RateLimit, client: string, now = Date.now()): Promise<number> {
  const rows = await db
    .selectFrom('help_rate_events')
    .select('created_at')
    .where('bucket', '=', rule.bucket)
    .where('client_hash', '=', client)
    .where('created_at', '>', now - rule.windowMs)
    .orderBy('created_at', 'asc')
    .limit(rule.limit)
    .execute();
  if (rows.length < rule.limit) return 0;
  return Number(rows[0]?.created_at ?? now) + rule.windowMs - now;
}

/** Counts one accepted submission, and forgets those older than the window while it is at it. */
export async function recordRateEvent(db: Db, rule: RateLimit, client: string, now = Date.now()): Promise<void> {
  await db.insertInto('help_rate_events').values({ bucket: rule.bucket, client_hash: client, created_at: now }).execute();
  await db.deleteFrom('help_rate_events').where('bucket', '=', rule.bucket).where('created_at', '<=', now - rule.windowMs).execute();
}

/**
 * Counts one attempt, whatever will come of it, and answers how long the client must wait (0: go ahead). An
 * attempt already over the limit is refused without being stored, so a flood cannot grow the table. A client's
 * attempts are judged one at a time in this process, so parallel posts cannot all pass a check made before any of
 * them was counted (across processes the database still shares the budget, give or take a simultaneous post).
 */
export function admitAttempt(db: Db, rule: RateLimit, client: string): Promise<number> {
  return oneAtATime(`${rule.bucket}\u0000${client}`, async () => {
    const now = Date.now();
    const wait = await rateLimitWait(db, rule, client, now);
    if (wait > 0) return wait;
    await recordRateEvent(db, rule, client, now);
    return 0;
  });
}

const queues = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(task, task);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  try {
    return await run;
  } finally {
    if (queues.get(key) === tail) queues.delete(key);
  }
}
