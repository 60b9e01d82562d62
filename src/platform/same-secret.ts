import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a secret a client sent equals the one we expect, in constant time. Both sides are hashed first, so the
 * compare also hides the expected length and never throws on a length mismatch.
 */
export function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string' || given === '') return false;
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
