import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { credentialCookie, readCookie } from '../platform/http/cookies.ts';
import { sameSecret } from '../platform/same-secret.ts';

const CSRF_COOKIE = 'wd_csrf';
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;
const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * The signed double-submit pattern (OWASP CSRF cheat sheet): the browser holds a random httpOnly cookie and the
 * page sends HMAC(cookie) in X-CSRF-Token. Another site can make the browser send the cookie but can neither read
 * it nor compute the token, and the token works before sign-in too, which protects sign-up and sign-in themselves.
 */
function csrfTokenOf(secret: string, cookieValue: string): string {
  // A key derived for this one use: the secret signs other things (freeze links), and the cookie value is the
  // browser's choice, so signing with the secret itself would hand out signatures over chosen input.
  const key = createHmac('sha256', secret).update('walletdesk account-csrf v1').digest();
  return createHmac('sha256', key).update(cookieValue).digest('base64url');
}

/** The token for this browser, setting a fresh wd_csrf cookie when it has none. */
export function issueCsrfToken(request: FastifyRequest, reply: FastifyReply, secret: string, secure: boolean): string {
  let value = readCookie(request.headers.cookie, CSRF_COOKIE);
  if (!value || !COOKIE_VALUE.test(value)) {
    value = randomBytes(32).toString('base64url');
    reply.header('set-cookie', credentialCookie(CSRF_COOKIE, value, { maxAgeSeconds: YEAR_SECONDS, secure }));
  }
  return csrfTokenOf(secret, value);
}

/** Whether the request's X-CSRF-Token is the HMAC of its wd_csrf cookie; compared as digests, in constant time. */
export function csrfTokenMatches(request: FastifyRequest, secret: string): boolean {
  const cookie = readCookie(request.headers.cookie, CSRF_COOKIE);
  if (!cookie || !COOKIE_VALUE.test(cookie)) return false;
  return sameSecret(request.headers['x-csrf-token'], csrfTokenOf(secret, cookie));
}
