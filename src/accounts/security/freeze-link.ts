import { createHmac, timingSafeEqual } from 'node:crypto';

/** Long enough for a customer back from a trip to act on an old alert, short enough that old mail goes stale. */
export const FREEZE_LINK_TTL_MS = 7 * 24 * 3_600_000;
const PURPOSE = 'freeze';

type FreezeLinkSettings = { secret: string; publicUrl: string };
type Payload = { a: number; p: string; e: number };

/**
 * The desk secret signs other things too (CSRF tokens over a cookie value the browser picks, ticket status
 * links), so a key derived for this one use keeps a signature made for another purpose from ever passing here.
 */
function signature(secret: string, payload: string): Buffer {
  const key = createHmac('sha256', secret).update('walletdesk freeze-link v1').digest();
  return createHmac('sha256', key).update(payload).digest();
}

export function createFreezeToken(settings: { secret: string }, accountId: number, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ a: accountId, p: PURPOSE, e: now + FREEZE_LINK_TTL_MS } satisfies Payload)).toString('base64url');
  return `${payload}.${signature(settings.secret, payload).toString('base64url')}`;
}

/** The account a freeze token names, or undefined when it is malformed, tampered with or expired. */
export function verifyFreezeToken(settings: { secret: string }, token: string, now = Date.now()): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 2) return undefined;
  const [payload = '', sig = ''] = parts;
  const given = Buffer.from(sig, 'base64url');
  const expected = signature(settings.secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let parsed: Partial<Payload>;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<Payload>;
  } catch {
    return undefined;
  }
  if (parsed.p !== PURPOSE || !Number.isSafeInteger(parsed.a) || typeof parsed.e !== 'number' || parsed.e <= now) return undefined;
  return parsed.a;
}

/** The page that posts the token: a mail scanner fetching the link freezes nothing. */
export function freezeLinkUrl(settings: FreezeLinkSettings, accountId: number, now = Date.now()): string {
  return `${settings.publicUrl.replace(/\/+$/, '')}/account/freeze?token=${createFreezeToken(settings, accountId, now)}`;
}
