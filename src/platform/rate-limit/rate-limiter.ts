/**
 * Sliding-window counters shared by every walletdesk process: in the database by default, in Redis when
 * REDIS_URL is set. Keys are hashed by the caller's bucket so no address or IP is stored as such.
 */
export type RateLimiter = {
  /** Records one hit and returns how many hits the key has in the window, this one included. */
  hit(bucket: string, key: string, windowMs: number): Promise<number>;
  /** Hits in the window, without recording one. */
  count(bucket: string, key: string, windowMs: number): Promise<number>;
  /** Forgets the key's hits (after a successful sign-in, say). */
  clear(bucket: string, key: string): Promise<void>;
  close(): Promise<void>;
};
