import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../platform/db/connect.ts';
import { credentialCookie, readCookie } from '../platform/http/cookies.ts';
import '../platform/http/public-route.ts';
import { isSameOrigin, isUnsafeMethod } from '../platform/http/same-origin.ts';
import { sameSecret } from '../platform/same-secret.ts';
import { agentForToken } from './api-tokens.ts';
import { sessionForCookie } from './agent-sessions.ts';
import { SESSION_COOKIE, type SessionSettings } from './session-settings.ts';

export function clearSessionCookie(reply: FastifyReply, settings: SessionSettings): void {
  reply.header('set-cookie', credentialCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: settings.publicUrl.startsWith('https:') }));
}

/**
 * The onRequest hook of every /api/v1 route: an `Authorization: Bearer` token (scripts, the wallet backend), or
 * the console's `wd_session` cookie. A cookie is sent by the browser on its own, so a cookie-authenticated request
 * that changes state must also come from our origin and carry the session's X-CSRF-Token; a bearer token is never
 * sent by a browser unasked, so it needs neither.
 */
export function agentAuth(db: Db, settings: SessionSettings) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.routeOptions.config?.public) return;

    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const agent = match?.[1] ? await agentForToken(db, match[1]) : undefined;
      if (!agent) {
        reply.header('WWW-Authenticate', 'Bearer');
        return reply.code(401).send({ error: 'unauthorized', message: match ? 'invalid token' : 'missing bearer token' });
      }
      request.agent = agent;
      return;
    }

    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (cookie === undefined) {
      reply.header('WWW-Authenticate', 'Bearer');
      return reply.code(401).send({ error: 'unauthorized', message: 'missing bearer token or session' });
    }
    const found = await sessionForCookie(db, cookie, settings.idleMs);
    if (!found) {
      clearSessionCookie(reply, settings);
      return reply.code(401).send({ error: 'unauthorized', message: 'session expired or invalid' });
    }
    if (isUnsafeMethod(request.method)) {
      if (!isSameOrigin(request, settings.publicUrl)) {
        return reply.code(403).send({ error: 'csrf_failed', message: 'cross-origin request refused' });
      }
      if (!sameSecret(request.headers['x-csrf-token'], found.session.csrfToken)) {
        return reply.code(403).send({ error: 'csrf_failed', message: 'missing or wrong X-CSRF-Token' });
      }
    }
    if (found.session.purpose === 'enrol' && !request.routeOptions.config?.enrolment) {
      return reply.code(403).send({ error: 'totp_enrolment_required', message: 'set up two-factor authentication first' });
    }
    request.agent = found.agent;
    request.agentSession = found.session;
  };
}
