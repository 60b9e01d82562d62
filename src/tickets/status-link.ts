import { createHmac, timingSafeEqual } from 'node:crypto';

const DAY = 86_400_000;
/** How long a status link works: long enough for a slow case, short enough that an old forwarded mail goes stale. */
export const STATUS_LINK_TTL_MS = 90 * DAY;

export type StatusLinkClaims = { ticketId: number; contactId: number; expiresAt: number };

// A purpose label in the MAC keeps a status token from ever being valid for any other use of the same secret.
const PURPOSE = 'walletdesk status link v1';

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${PURPOSE}\u0000${payload}`).digest();
}

/**
 * A token that lets whoever holds it read and answer one ticket as its requester: the ticket, the contact and the
 * expiry are signed together (HMAC-SHA256), so no part can be swapped for another ticket's.
 */
export function signStatusToken(secret: string, claims: Omit<StatusLinkClaims, 'expiresAt'> & { expiresAt?: number }, now = Date.now()): string {
  const expiresAt = claims.expiresAt ?? now + STATUS_LINK_TTL_MS;
  const payload = `${claims.ticketId.toString(36)}.${claims.contactId.toString(36)}.${Math.floor(expiresAt / 1000).toString(36)}`;
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** The claims of a genuine, unexpired token; undefined for anything else, without saying which check failed. */
export function verifyStatusToken(secret: string, token: string, now = Date.now()): StatusLinkClaims | undefined {
  if (token.length > 200) return undefined;
  const match = /^([0-9a-z]{1,12})\.([0-9a-z]{1,12})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const [, t, c, e, given] = match as unknown as [string, string, string, string, string];
  const expected = mac(secret, `${t}.${c}.${e}`);
  const actual = Buffer.from(given, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
  const claims = { ticketId: parseInt(t, 36), contactId: parseInt(c, 36), expiresAt: parseInt(e, 36) * 1000 };
  return claims.expiresAt > now ? claims : undefined;
}

/** The customer-facing page of a ticket, as printed in mail and returned by the contact form. */
export function statusUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/status/${token}`;
}
