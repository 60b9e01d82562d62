import { sha256Hex } from '../platform/storage/blobs.ts';
import type { Db } from '../platform/db/connect.ts';

export type RateLimit = { bucket: string; limit: number; windowMs: number };

/** The client's key in the rate table: a hash, so the database keeps no IP addresses. */
export function clientKey(ip: string): string {
  return sha256Hex(`walletdesk-rate\u0000${ip}`);
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
