import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../platform/db/connect.ts';
import { credentialCookie, readCookie } from '../platform/http/cookies.ts';
import '../platform/http/public-route.ts';
import { claimsOrigin, isSameOrigin, isUnsafeMethod } from '../platform/http/same-origin.ts';
import './account-request.ts';
import { accountForSessionCookie, SESSION_COOKIE } from './account-sessions.ts';
import type { AccountSettings } from './account-settings.ts';
import { csrfTokenMatches } from './csrf.ts';

export function isSecure(settings: AccountSettings): boolean {
  return settings.publicUrl.startsWith('https:');
}

export function clearSessionCookie(reply: FastifyReply, settings: AccountSettings): void {
  reply.header('set-cookie', credentialCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: isSecure(settings) }));
}

/**
 * The onRequest hook of /api/v1/account. Every unsafe request — sign-up and sign-in included, so another site
 * cannot sign a browser in to an attacker's account — must carry the CSRF token bound to this browser and, when
 * the browser names one, our origin. Then every route not flagged `public` needs a live wd_account session.
 */
export function accountAuth(db: Db, settings: AccountSettings) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (isUnsafeMethod(request.method)) {
      if (claimsOrigin(request) && !isSameOrigin(request, settings.publicUrl)) {
        return reply.code(403).send({ error: 'csrf_failed', message: 'cross-origin request refused' });
      }
      if (!csrfTokenMatches(request, settings.secret)) {
        return reply.code(403).send({ error: 'csrf_failed', message: 'missing or wrong X-CSRF-Token: get one from GET /api/v1/account/csrf' });
      }
    }
    if (request.routeOptions.config?.public) return;

    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
    const account = cookie ? await accountForSessionCookie(db, cookie, settings.idleMs, request.ip) : undefined;
    if (!account) {
      if (cookie) clearSessionCookie(reply, settings);
      return reply.code(401).send({ error: 'unauthorized', message: cookie ? 'session expired or invalid' : 'not signed in' });
    }
    request.account = account;
  };
}

/** The signed-in account of a route behind accountAuth (which answered 401 already when there is none). */
export function accountOf(request: FastifyRequest) {
  if (!request.account) throw Object.assign(new Error('not signed in'), { statusCode: 401, code: 'unauthorized' });
  return request.account;
}

/** "Recent authentication": signed in or re-authenticated within this long (docs/accounts-api.md). */
const RECENT_AUTH_MS = 15 * 60 * 1000;

/**
 * The signed-in account when it proved its password recently; otherwise ends the request with
 * `403 reauthentication_required`, which the page answers with POST /reauthenticate.
 */
export function recentlyAuthenticatedAccountOf(request: FastifyRequest) {
  const account = accountOf(request);
  if (Date.now() - account.authenticatedAt > RECENT_AUTH_MS) {
    throw Object.assign(new Error('confirm your password first (POST /api/v1/account/reauthenticate)'), { statusCode: 403, code: 'reauthentication_required' });
  }
  return account;
}
