import type { Db } from '../db/connect.ts';
import { databaseRateLimiter } from './database-rate-limiter.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { redisRateLimiter } from './redis-rate-limiter.ts';

/** Redis when REDIS_URL is set (no table to grow under an attack), the database otherwise; both shared by processes. */
export function createRateLimiter(db: Db, redisUrl: string | undefined): RateLimiter {
  return redisUrl ? redisRateLimiter(redisUrl) : databaseRateLimiter(db);
}
