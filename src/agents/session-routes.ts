import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../platform/db/connect.ts';
import { credentialCookie, readCookie } from '../platform/http/cookies.ts';
import '../platform/http/public-route.ts';
import { claimsOrigin, isSameOrigin } from '../platform/http/same-origin.ts';
import { createSession, endSession, promoteSession, sessionForCookie, type SessionPurpose } from './agent-sessions.ts';
import { confirmTotp, setUpTotp, TotpAlreadyEnabledError } from './agent-totp.ts';
import { clearSessionCookie } from './authenticate-request.ts';
import { SESSION_COOKIE, type SessionSettings } from './session-settings.ts';
import { signIn, signInAgentOf, warmDummyHash, type SignInAgent } from './sign-in.ts';

const errorJson = z.object({ error: z.string(), message: z.string() });
const agentJson = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(['agent', 'admin']),
  totp_enabled: z.boolean(),
});
const sessionJson = z.object({ agent: agentJson, csrf_token: z.string() });
const enrolmentJson = errorJson.extend({ totp_enrolment_required: z.literal(true), agent: agentJson, csrf_token: z.string() });
const twoFactorJson = errorJson.extend({ two_factor_required: z.literal(true) });

const signInBody = z.object({
  email: z.string().max(320),
  password: z.string().max(1024),
  code: z.string().max(32).optional(),
});

function enrolmentBody(agent: SignInAgent, csrfToken: string): z.infer<typeof enrolmentJson> {
  return {
    error: 'totp_enrolment_required',
    message: 'two-factor authentication is required: set it up with POST /api/v1/session/totp/setup and /confirm',
    totp_enrolment_required: true,
    agent,
    csrf_token: csrfToken,
  };
}

function noSession(reply: FastifyReply) {
  return reply.code(401).send({ error: 'unauthorized', message: 'no console session' });
}

/** `POST /api/v1/session` signs in (public); the rest work on the session the wd_session cookie names. */
export function sessionRoutes(db: Db, settings: SessionSettings): FastifyPluginAsyncZod {
  const secure = settings.publicUrl.startsWith('https:');

  async function startSession(request: FastifyRequest, reply: FastifyReply, agentId: number, purpose: SessionPurpose) {
    // A new id on every sign-in (no session fixation); a session the browser still held is ended.
    const previous = readCookie(request.headers.cookie, SESSION_COOKIE);
    const old = previous ? await sessionForCookie(db, previous, settings.idleMs) : undefined;
    if (old) await endSession(db, old.session.id);
    const { sessionId, session } = await createSession(db, agentId, purpose, { ip: request.ip, userAgent: request.headers['user-agent'] });
    reply.header('set-cookie', credentialCookie(SESSION_COOKIE, sessionId, { maxAgeSeconds: Math.round((session.expiresAt - Date.now()) / 1000), secure }));
    return session;
  }

  return async (app) => {
    await warmDummyHash();

    app.post('/session', {
      config: { public: true },
      schema: {
        summary: 'Sign an agent in to the web console (sets the wd_session cookie)',
        security: [],
        body: signInBody,
        response: { 200: sessionJson, 401: z.union([twoFactorJson, errorJson]), 403: z.union([enrolmentJson, errorJson]), 429: errorJson },
      },
    }, async (request, reply) => {
      // Login CSRF: a cross-site form must not sign the victim's browser in to an attacker's account.
      if (claimsOrigin(request) && !isSameOrigin(request, settings.publicUrl)) {
        return reply.code(403).send({ error: 'csrf_failed', message: 'cross-origin request refused' });
      }
      const { email, password, code } = request.body;
      const result = await signIn(db, { email, password, code, ip: request.ip }, settings);
      switch (result.kind) {
        case 'rate_limited':
          reply.header('retry-after', String(result.retryAfterSeconds));
          return reply.code(429).send({ error: 'rate_limited', message: `too many failed sign-ins; try again in ${result.retryAfterSeconds} s` });
        case 'invalid_credentials':
          return reply.code(401).send({ error: 'invalid_credentials', message: 'wrong email or password' });
        case 'two_factor_required':
          return reply.code(401).send({ error: 'two_factor_required', message: 'enter the code from your authenticator app', two_factor_required: true });
        case 'invalid_code':
          return reply.code(401).send({ error: 'invalid_code', message: 'wrong or already used code' });
        case 'enrolment_required': {
          const session = await startSession(request, reply, result.agent.id, 'enrol');
          return reply.code(403).send(enrolmentBody(result.agent, session.csrfToken));
        }
        case 'signed_in': {
          const session = await startSession(request, reply, result.agent.id, 'full');
          return reply.code(200).send({ agent: result.agent, csrf_token: session.csrfToken });
        }
      }
    });

    app.get('/session', {
      config: { enrolment: true },
      schema: { summary: 'The signed-in agent and the CSRF token of this session', response: { 200: sessionJson, 401: errorJson, 403: enrolmentJson } },
    }, async (request, reply) => {
      const session = request.agentSession;
      if (!session || !request.agent) return noSession(reply);
      const agent = await signInAgentOf(db, request.agent.id);
      if (session.purpose === 'enrol') return reply.code(403).send(enrolmentBody(agent, session.csrfToken));
      return { agent, csrf_token: session.csrfToken };
    });

    app.delete('/session', {
      config: { enrolment: true },
      schema: { summary: 'Sign out: the session ends and its cookie is cleared (needs X-CSRF-Token)', response: { 204: z.null(), 401: errorJson } },
    }, async (request, reply) => {
      if (!request.agentSession) return noSession(reply);
      await endSession(db, request.agentSession.id);
      clearSessionCookie(reply, settings);
      return reply.code(204).send(null);
    });

    app.post('/session/totp/setup', {
      config: { enrolment: true },
      schema: {
        summary: 'A new TOTP secret for the signed-in agent, as text, otpauth:// URL and QR code (SVG)',
        response: { 200: z.object({ secret: z.string(), otpauth_url: z.string(), qr_svg: z.string() }), 401: errorJson, 409: errorJson },
      },
    }, async (request, reply) => {
      if (!request.agentSession || !request.agent) return noSession(reply);
      try {
        return await setUpTotp(db, request.agent.id, request.agent.email);
      } catch (err) {
        if (err instanceof TotpAlreadyEnabledError) return reply.code(409).send({ error: 'totp_already_enabled', message: err.message });
        throw err;
      }
    });

    app.post('/session/totp/confirm', {
      config: { enrolment: true },
      schema: {
        summary: 'Turn TOTP on with a code from the secret of the last setup',
        body: z.object({ code: z.string().max(32) }),
        response: { 204: z.null(), 400: errorJson, 401: errorJson },
      },
    }, async (request, reply) => {
      if (!request.agentSession || !request.agent) return noSession(reply);
      if (!(await confirmTotp(db, request.agent.id, request.body.code.trim()))) {
        return reply.code(400).send({ error: 'invalid_code', message: 'wrong code, or no setup to confirm' });
      }
      const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
      if (request.agentSession.purpose === 'enrol' && cookie) {
        const expiresAt = await promoteSession(db, request.agentSession.id);
        reply.header('set-cookie', credentialCookie(SESSION_COOKIE, cookie, { maxAgeSeconds: Math.round((expiresAt - Date.now()) / 1000), secure }));
      }
      return reply.code(204).send(null);
    });
  };
}
