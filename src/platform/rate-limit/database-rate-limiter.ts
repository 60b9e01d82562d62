import type { Db } from '../db/connect.ts';
import { hashedKey, type RateLimiter } from './rate-limiter.ts';

/**
 * Counters as rows of rate_limit_hits, one per hit: every process on one database shares them. Each hit also
 * deletes rows that left the window, so the table holds about a window's worth of hits. `sweepShare`: the share
 * of hits that also sweep the whole bucket (tests set 1).
 */
export function databaseRateLimiter(db: Db, opts: { sweepShare?: number } = {}): RateLimiter {
  const sweepShare = opts.sweepShare ?? 0.02;
  const countSince = async (bucket: string, keyHash: string, since: number) => {
    const row = await db
      .selectFrom('rate_limit_hits')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('bucket', '=', bucket)
      .where('key_hash', '=', keyHash)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  return {
    async hit(bucket, key, windowMs) {
      const keyHash = hashedKey(bucket, key);
      const now = Date.now();
      // The key's own expired rows always; now and then every expired row of the bucket, so keys never hit
      // again (an address tried once) do not stay forever, without a scan of the bucket on every hit.
      let expired = db.deleteFrom('rate_limit_hits').where('bucket', '=', bucket).where('at', '<=', now - windowMs);
      if (Math.random() >= sweepShare) expired = expired.where('key_hash', '=', keyHash);
      await expired.execute();
      await db.insertInto('rate_limit_hits').values({ bucket, key_hash: keyHash, at: now }).execute();
      return countSince(bucket, keyHash, now - windowMs);
    },
    count: (bucket, key, windowMs) => countSince(bucket, hashedKey(bucket, key), Date.now() - windowMs),
    async retryAfterMs(bucket, key, windowMs, limit) {
      const now = Date.now();
      const recent = await db
        .selectFrom('rate_limit_hits')
        .select('at')
        .where('bucket', '=', bucket)
        .where('key_hash', '=', hashedKey(bucket, key))
        .where('at', '>', now - windowMs)
        .orderBy('at', 'desc')
        .limit(limit)
        .execute();
      return recent.length >= limit ? Math.max(1, recent[recent.length - 1]!.at + windowMs - now) : 0;
    },
    async clear(bucket, key) {
      await db.deleteFrom('rate_limit_hits').where('bucket', '=', bucket).where('key_hash', '=', hashedKey(bucket, key)).execute();
    },
    close: async () => {},
  };
}
