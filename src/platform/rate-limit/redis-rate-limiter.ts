import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { hashedKey, type RateLimiter } from './rate-limiter.ts';

/**
 * Counters in Redis, for desks whose processes share a Redis: one sorted set per key, scored by the hit's time,
 * trimmed to the window on every touch and expiring with it, so idle keys disappear on their own.
 */
export function redisRateLimiter(url: string, opts: { prefix?: string } = {}): RateLimiter {
  // Commands queue while connecting; a Redis that stays away fails requests instead of hanging them.
  const redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
  redis.on('error', () => {});
  const prefix = opts.prefix ?? 'walletdesk:rate:';
  const keyOf = (bucket: string, key: string) => `${prefix}${bucket}:${hashedKey(bucket, key)}`;

  return {
    async hit(bucket, key, windowMs) {
      const k = keyOf(bucket, key);
      const now = Date.now();
      // A random member, so two hits in the same millisecond (two processes) are two hits.
      const result = await redis
        .multi()
        .zremrangebyscore(k, 0, now - windowMs)
        .zadd(k, now, `${now}:${randomBytes(6).toString('hex')}`)
        .zcard(k)
        .pexpire(k, windowMs)
        .exec();
      const card = result?.[2];
      if (!card || card[0]) throw card?.[0] ?? new Error('redis transaction failed');
      return Number(card[1]);
    },
    async count(bucket, key, windowMs) {
      return redis.zcount(keyOf(bucket, key), `(${Date.now() - windowMs}`, '+inf');
    },
    async retryAfterMs(bucket, key, windowMs, limit) {
      const now = Date.now();
      const recent = await redis.zrevrangebyscore(keyOf(bucket, key), '+inf', `(${now - windowMs}`, 'WITHSCORES', 'LIMIT', 0, limit);
      // WITHSCORES answers member, score, member, score…: the last entry is the oldest score of the `limit` newest.
      if (recent.length < limit * 2) return 0;
      return Math.max(1, Number(recent[recent.length - 1]) + windowMs - now);
    },
    async clear(bucket, key) {
      await redis.del(keyOf(bucket, key));
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
