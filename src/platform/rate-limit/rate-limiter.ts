import { sha256Hex } from '../storage/blobs.ts';

/**
 * Sliding-window counters shared by every walletdesk process: in the database by default, in Redis when
 * REDIS_URL is set. The limiter stores keys only hashed with their bucket, so no address or IP is kept as such.
 */
export type RateLimiter = {
  /** Records one hit and returns how many hits the key has in the window, this one included. */
  hit(bucket: string, key: string, windowMs: number): Promise<number>;
  /** Hits in the window, without recording one. */
  count(bucket: string, key: string, windowMs: number): Promise<number>;
  /**
   * Milliseconds until the key has fewer than `limit` hits in the window (0 when it already has): the moment the
   * oldest of its last `limit` hits leaves the window.
   */
  retryAfterMs(bucket: string, key: string, windowMs: number, limit: number): Promise<number>;
  /** Forgets the key's hits (after a successful sign-in, say). */
  clear(bucket: string, key: string): Promise<void>;
  close(): Promise<void>;
};

export function hashedKey(bucket: string, key: string): string {
  return sha256Hex(`${bucket}\0${key}`);
}
